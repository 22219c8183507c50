"""A separate app process running the scheduler runner (used by tests/scheduler/test_runner.py).

    python tests/scheduler/scheduler_process.py URL SCHEMA NOW_ISO SECONDS

Starts a runner against the database (PostgreSQL schema SCHEMA), with the clock fixed at NOW_ISO,
for at most SECONDS; once it has led and run the readiness job once it hands the lock over (exits).
Prints one JSON line: {"pid", "led", "ran"}.
"""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ceremony import create_app  # noqa: E402
from ceremony.core import time as ctime  # noqa: E402
from ceremony.scheduler.runner import JOB_PREFIX, SchedulerRunner  # noqa: E402


def main(url: str, schema: str, now_iso: str, seconds: float) -> None:
    options = {"connect_args": {"options": f"-csearch_path={schema}"}} if schema else {}
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
    frozen = datetime.fromisoformat(now_iso)
    ctime.set_clock(lambda: frozen)
    runner = SchedulerRunner(app, poll_seconds=0.1).start()
    deadline = time.monotonic() + seconds
    led = ran = False
    while time.monotonic() < deadline:
        scheduler = runner.scheduler
        if runner.is_leader and scheduler is not None:
            if not led:
                led, took_over = True, time.time()
            job = scheduler.get_job(JOB_PREFIX + "readiness.tick")
            if job is not None and job.next_run_time is not None and job.next_run_time.timestamp() > took_over + 1:
                ran = True  # it ran once (the next run is a whole interval away)
                time.sleep(0.3)  # let the job's commits and deliveries finish
                break
        time.sleep(0.05)
    runner.stop()
    print(json.dumps({"pid": os.getpid(), "led": led, "ran": ran}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))
