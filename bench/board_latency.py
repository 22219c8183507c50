"""Board update latency: 200 SSE clients on a real gunicorn server, check-ins through the API.

    .venv/bin/python bench/board_latency.py [--clients 200] [--checkins 40] [--workers N]

Sets up a throw-away instance (SQLite file, or BENCH_DATABASE_URL) with a real ceremony of the demo
(Quảng Ngãi 2024, 187 points) and its default readiness windows, starts gunicorn (gthread) on
127.0.0.1 with the Redis broker (a redis-server of its own on a free port, or BENCH_REDIS_URL) (then one worker per core,
so the fan-out crosses processes) or the in-process broker (1 worker), opens N board streams, posts
check-ins with operator-link tokens, and prints the median and p95 of check-in → event latency as
seen by every client. Traffic stays on 127.0.0.1; every loop is bounded.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password"

from bench._harness import default_workers, free_port, login_cookie, own_redis, start_gunicorn, stop_gunicorn  # noqa: E402


def prepare(env: dict, sites_wanted: int) -> dict:
    """Schema, one real ceremony with its windows, a viewer account, operator tokens. Runs in-process."""
    os.environ.update(env)
    from ceremony import create_app
    from ceremony.demo import data
    from ceremony.demo.operations import load_ceremony
    from ceremony.extensions import db
    from ceremony.readiness.operations import ensure_defaults
    from ceremony.readiness.tokens import issue_site_token
    from ceremony.sites.queries import list_sites
    from ceremony.users.operations import create_user

    app = create_app("development")
    with app.app_context():
        db.create_all()
        ceremony = load_ceremony(data.CEREMONIES[-1])
        ensure_defaults(ceremony)
        create_user("bench@ceremony.local", role="viewer", password=PASSWORD)
        sites = list_sites(ceremony.id)
        tokens = [(s.id, issue_site_token(s)) for s in sites[:sites_wanted]]
        # Put the clock-free server inside the first window: move the windows around "now".
        from ceremony.core.time import now
        from ceremony.readiness.queries import phases

        for phase in phases(ceremony.id):
            if phase.key == "t30":
                phase.opens_offset_minutes = round((now() - ceremony.starts_at).total_seconds() // 60) - 5
                phase.closes_offset_minutes = phase.opens_offset_minutes + 65
        db.session.commit()
        return {"ceremony_id": ceremony.id, "points": len(sites), "tokens": tokens}


class Listener(threading.Thread):
    """One open board: reads the event stream and notes when each point's event arrived."""

    def __init__(self, port, path, cookie, arrivals, ready, stop):
        super().__init__(daemon=True)
        self.conn = None
        self.port, self.path, self.cookie = port, path, cookie
        self.arrivals, self.ready, self.stop = arrivals, ready, stop

    def run(self):
        self.conn = conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", self.path, headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
        response = conn.getresponse()
        event, mine = None, {}
        try:
            while not self.stop.is_set():
                line = response.fp.readline()
                if not line:
                    break
                line = line.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "snapshot":
                    self.ready.release()
                elif line.startswith("data: ") and event == "point":
                    site_id = json.loads(line[6:])["site_id"]
                    mine.setdefault(site_id, time.perf_counter())
        except (OSError, ValueError):
            pass
        finally:
            self.arrivals.append(mine)
            conn.close()

    def hang_up(self):
        try:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        except (AttributeError, OSError):
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--checkins", type=int, default=40)
    parser.add_argument("--no-redis", action="store_true", help="use the in-process broker (1 worker)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: one per core with Redis, else 1)")
    args = parser.parse_args()
    if args.no_redis:
        run(args, "")
        return
    with own_redis() as redis:
        run(args, redis)


def run(args, redis: str) -> None:
    """One run against a throw-away instance; ``redis`` is the broker URL ("" for in-process)."""
    work = Path(tempfile.mkdtemp(prefix="bench-board-"))
    env = {"CEREMONY_INSTANCE": str(work), "CEREMONY_ENV": "development", "REDIS_URL": redis,
           "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")}
    setup = prepare(env, args.checkins)
    workers = args.workers or (default_workers() if redis else 1)
    threads = (args.clients // workers) + 32
    port = free_port()
    server = start_gunicorn(ROOT, env, workers=workers, threads=threads, port=port)
    try:
        cookie = login_cookie(port, "bench@ceremony.local", PASSWORD)
        cid = setup["ceremony_id"]
        arrivals, ready, stop = [], threading.Semaphore(0), threading.Event()
        listeners = [Listener(port, f"/ceremonies/{cid}/readiness/stream", cookie, arrivals, ready, stop)
                     for _ in range(args.clients)]
        opened = time.perf_counter()
        for listener in listeners:
            listener.start()
        for _ in listeners:
            if not ready.acquire(timeout=60):
                raise SystemExit("bench: some board streams never opened")
        print(f"{args.clients} boards open in {time.perf_counter() - opened:.2f} s "
              f"({setup['points']} points, broker: {'Redis, ' + str(workers) + ' workers' if redis else 'in-process, 1 worker'})")
        sent = {}
        api = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        answers = [{"item": k, "state": "ok"} for k in
                   ("network", "camera", "microphone", "speakers", "display", "test_call", "seated")]
        for site_id, token in setup["tokens"]:
            body = json.dumps({"idempotency_key": uuid.uuid4().hex, "answers": answers})
            sent[site_id] = time.perf_counter()
            api.request("POST", f"/api/v1/ceremonies/{cid}/readiness/sites/{site_id}/checkins", body=body,
                        headers={"Content-Type": "application/json", "X-Site-Token": token})
            response = api.getresponse()
            response.read()
            if response.status != 201:
                raise SystemExit(f"bench: check-in refused ({response.status})")
            time.sleep(0.1)  # a steady stream of reports, not one burst
        time.sleep(1.0)  # let the last events arrive
    finally:
        stop.set()
        for listener in listeners:
            listener.hang_up()
        for listener in listeners:
            listener.join(timeout=5)
        stop_gunicorn(server)
    latencies = [(arrived[site] - sent[site]) * 1000 for arrived in arrivals for site in arrived if site in sent]
    expected = len(sent) * args.clients
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else float("nan")
    print(f"check-ins: {len(sent)}; events delivered: {len(latencies)}/{expected}")
    print(f"check-in -> board event latency: median {statistics.median(latencies):.1f} ms, "
          f"p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms")


if __name__ == "__main__":
    main()
