"""The live channel through a Redis outage and a frozen Redis, on a real gunicorn server.

    .venv/bin/python bench/redis_outage.py [--clients 40] [--outage 15] [--freeze 10] [--workers N]

Sets up a throw-away instance like ``board_latency.py`` (the 2024 ceremony, 187 points), starts a
redis-server of its own on a free port and gunicorn (gthread, one worker per core) with it, opens N
readiness boards, then: (1) stops Redis for ``--outage`` seconds while points report (2 a second),
starts it again and measures how long until every open board has been told "interrupted" and holds a
snapshot with every report of the outage, on the same connection; (2) the same with Redis frozen
(SIGSTOP) for ``--freeze`` seconds. Prints the check-in latencies during each fault and the recovery
times. Traffic stays on 127.0.0.1; every loop is bounded.
"""
from __future__ import annotations

import argparse
import http.client
import json
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._harness import default_workers, free_port, login_cookie, start_gunicorn, stop_gunicorn  # noqa: E402
from bench.board_latency import PASSWORD, prepare  # noqa: E402

ANSWERS = [{"item": k, "state": "ok"} for k in
           ("network", "camera", "microphone", "speakers", "display", "test_call", "seated")]


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen([shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)

    def stop(self):
        self.process.send_signal(signal.SIGCONT)
        self.process.kill()
        self.process.wait(timeout=10)


class Board(threading.Thread):
    """One open board: remembers its connection count, the interruptions and the latest snapshot."""

    def __init__(self, port, path, cookie):
        super().__init__(daemon=True)
        self.port, self.path, self.cookie = port, path, cookie
        self.lock = threading.Lock()
        self.interrupted_at: list[float] = []
        self.reported: set[int] = set()  # points shown as reported by the latest snapshot or events
        self.snapshot_at = 0.0
        self.opened = threading.Event()
        self.closed = False

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request("GET", self.path, headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
        response = conn.getresponse()
        event = None
        try:
            while True:
                line = response.fp.readline()
                if not line:
                    break
                line = line.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = json.loads(line[6:])
                    with self.lock:
                        if event == "interrupted":
                            self.interrupted_at.append(time.monotonic())
                        elif event == "snapshot":
                            self.reported = {t["site_id"] for g in data["groups"] for t in g["tiles"]
                                             if t["status"] not in ("not_reported", "offline")}
                            self.snapshot_at = time.monotonic()
                            self.opened.set()
                        elif event == "point" and data.get("status") not in ("not_reported", "offline"):
                            self.reported.add(data["site_id"])
        except (OSError, ValueError):
            pass
        self.closed = True
        conn.close()


def post_reports(port, cid, tokens, seconds: float) -> tuple[list[float], set[int]]:
    """Points report, 2 a second, for ``seconds``; returns the answer times (ms) and the points sent."""
    api = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    latencies, sent = [], set()
    end = time.monotonic() + seconds
    for site_id, token in tokens:
        if time.monotonic() >= end:
            break
        started = time.perf_counter()
        api.request("POST", f"/api/v1/ceremonies/{cid}/readiness/sites/{site_id}/checkins",
                    body=json.dumps({"idempotency_key": uuid.uuid4().hex, "answers": ANSWERS}),
                    headers={"Content-Type": "application/json", "X-Site-Token": token})
        response = api.getresponse()
        response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status == 201:
            sent.add(site_id)
        time.sleep(max(0.0, 0.5 - (time.perf_counter() - started)))
    while time.monotonic() < end:
        time.sleep(0.1)
    return latencies, sent


def recovered(boards, since: float, sent: set[int], limit: float = 60.0) -> tuple[int, float]:
    """How many boards were interrupted after ``since`` and then show every point of ``sent``; the time it took."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        done = [b for b in boards if not b.closed and any(t >= since for t in b.interrupted_at)
                and sent <= b.reported and b.snapshot_at >= since]
        if len(done) == len(boards):
            return len(done), time.monotonic() - since
        time.sleep(0.05)
    return len(done), float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--outage", type=float, default=15.0)
    parser.add_argument("--freeze", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        raise SystemExit("bench: redis-server is needed")
    redis = Redis()
    redis.start()
    work = Path(tempfile.mkdtemp(prefix="bench-outage-"))
    env = {"CEREMONY_INSTANCE": str(work), "CEREMONY_ENV": "development", "REDIS_URL": redis.url,
           "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}"}
    setup = prepare(env, 187)
    workers = args.workers or default_workers()
    port = free_port()
    server = start_gunicorn(ROOT, env, workers=workers, threads=args.clients // workers + 32, port=port)
    try:
        cookie = login_cookie(port, "bench@ceremony.local", PASSWORD)
        cid, tokens = setup["ceremony_id"], setup["tokens"]
        boards = [Board(port, f"/ceremonies/{cid}/readiness/stream", cookie) for _ in range(args.clients)]
        for board in boards:
            board.start()
        for board in boards:
            if not board.opened.wait(60):
                raise SystemExit("bench: a board never opened")
        normal, _ = post_reports(port, cid, tokens[:6], 3)
        print(f"{args.clients} boards, gunicorn {workers} workers; normal check-in: median "
              f"{statistics.median(normal):.1f} ms")

        redis.stop()
        during, sent = post_reports(port, cid, tokens[6:80], args.outage)
        redis.start()
        back = time.monotonic()
        count, took = recovered(boards, back, sent)
        print(f"Redis stopped {args.outage:.0f} s: {len(sent)} check-ins, answer median {statistics.median(during):.1f} ms, "
              f"max {max(during):.1f} ms; {count}/{len(boards)} boards resynchronised {took:.2f} s after Redis returned "
              f"(no reconnect: {sum(not b.closed for b in boards)} connections still open)")

        redis.process.send_signal(signal.SIGSTOP)
        frozen_at = time.monotonic()
        during, sent = post_reports(port, cid, tokens[80:140], args.freeze)
        redis.process.send_signal(signal.SIGCONT)
        thawed = time.monotonic()
        count, took = recovered(boards, frozen_at, sent)
        print(f"Redis frozen {args.freeze:.0f} s: {len(sent)} check-ins, answer median {statistics.median(during):.1f} ms, "
              f"max {max(during):.1f} ms; {count}/{len(boards)} boards resynchronised "
              f"{max(0.0, took - (thawed - frozen_at)):.2f} s after Redis thawed")
    finally:
        stop_gunicorn(server)
        redis.stop()


if __name__ == "__main__":
    main()
