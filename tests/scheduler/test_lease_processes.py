"""Two scheduler processes on one PostgreSQL: the leader is frozen (SIGSTOP), the standby takes the
lease over within lease + renewal, and the old leader, woken up, stands down without running a job."""
from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("lease_process.py")
LEASE_SECONDS = 3.0
POLL_SECONDS = 0.5


class Process:
    def __init__(self, *args):
        self.popen = subprocess.Popen([sys.executable, str(SCRIPT), *args], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, text=True)
        self.events: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.popen.stdout:
            if line.startswith("{"):
                self.events.put(json.loads(line))

    def wait_for(self, name: str, seconds: float) -> dict | None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if event["event"] == name:
                return event
        return None

    def end(self):
        self.popen.send_signal(signal.SIGCONT)
        self.popen.terminate()
        try:
            self.popen.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=5)
        self.popen.stdout.close()


def _probe_lines(path: Path):
    if not path.exists():
        return []
    return [(int(pid), token, float(at)) for pid, token, at in (line.split() for line in path.read_text().splitlines())]


def test_a_frozen_leader_process_is_replaced_and_its_jobs_do_not_run_after_the_handover(backend, database_url, db,
                                                                                      tmp_path):
    if backend != "postgresql":
        pytest.skip("two scheduler processes need a shared PostgreSQL (TEST_DATABASE_URL)")
    url, options = database_url
    schema = options["connect_args"]["options"].split("=", 1)[1].split()[0]
    probe = tmp_path / "probe.txt"
    args = (url, schema, str(probe), str(LEASE_SECONDS))
    first = Process(*args)
    second = None
    try:
        led = first.wait_for("leading", 30)
        assert led is not None, "the first process never led"
        second = Process(*args)
        assert second.wait_for("started", 30) is not None
        deadline = time.monotonic() + 10
        while not any(pid == first.popen.pid for pid, _t, _a in _probe_lines(probe)) and time.monotonic() < deadline:
            time.sleep(0.05)  # polling a file another process writes, up to a deadline
        assert second.wait_for("leading", 2 * LEASE_SECONDS) is None  # a live leader keeps the lease

        first.popen.send_signal(signal.SIGSTOP)  # frozen: its connection and threads stay, nothing moves
        frozen_at = time.time()
        took_over = second.wait_for("leading", LEASE_SECONDS + 10)
        assert took_over is not None, "the standby never took over"
        assert took_over["at"] - frozen_at <= LEASE_SECONDS + POLL_SECONDS + 2.5, took_over["at"] - frozen_at
        assert int(took_over["token"]) == int(led["token"]) + 1

        time.sleep(1.5)  # let the new leader run its jobs (the probe runs every second)
        first.popen.send_signal(signal.SIGCONT)
        stood_down = first.wait_for("standing-down", 10)
        assert stood_down is not None, "the old leader did not notice it lost the lease"
        time.sleep(1.5)  # its scheduler threads wake up too: give a stale job every chance to run
        lines = _probe_lines(probe)
        stale = [line for line in lines if line[0] == first.popen.pid and line[2] > took_over["at"]]
        assert not stale, stale
        assert any(line[0] == second.popen.pid for line in lines)
        assert second.wait_for("standing-down", 0.5) is None  # the new leader keeps leading
    finally:
        first.end()
        if second is not None:
            second.end()
