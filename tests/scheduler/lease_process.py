"""A scheduler process for the lease fault test (tests/scheduler/test_lease_processes.py).

    python tests/scheduler/lease_process.py URL SCHEMA PROBE_FILE LEASE_SECONDS

Runs a SchedulerRunner (renewing every 0.5 s) with a probe job every second that appends
"pid token time" to PROBE_FILE. Prints one JSON line whenever it starts or stops leading; exits on SIGTERM.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ceremony import create_app  # noqa: E402
from ceremony.scheduler import registry  # noqa: E402
from ceremony.scheduler import runner as runner_module  # noqa: E402


def main(url: str, schema: str, probe_file: str, lease_seconds: float) -> None:
    options = {"connect_args": {"options": f"-csearch_path={schema}"}} if schema else {}
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                                 "SCHEDULER_LEASE_SECONDS": lease_seconds})

    def probe():
        started = time.time()
        token = runner_module._active_runner.lock.token if runner_module._active_runner else None
        with open(probe_file, "a") as out:
            out.write(f"{os.getpid()} {token} {started:.3f}\n")

    registry.periodic(seconds=1, name="tests.lease_probe")(probe)
    runner = runner_module.SchedulerRunner(app, poll_seconds=0.5).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(json.dumps({"event": "started", "pid": os.getpid()}), flush=True)
    leading = False
    while not stop.is_set():
        if runner.is_leader != leading:
            leading = runner.is_leader
            print(json.dumps({"event": "leading" if leading else "standing-down", "pid": os.getpid(),
                              "token": runner.lock.token, "at": time.time()}), flush=True)
        stop.wait(0.05)
    runner.stop()
    print(json.dumps({"event": "stopped", "pid": os.getpid()}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))
