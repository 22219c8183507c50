"""Launch spread: 200 SSE clients on a real gunicorn server; the launch button pressed through the API.

    .venv/bin/python bench/launch_spread.py [--clients 200] [--no-redis] [--workers N] [--lead-ms 700]

Sets up a throw-away instance (SQLite file, or BENCH_DATABASE_URL) with the 2024 demo ceremony and
its program, starts gunicorn (gthread) on 127.0.0.1 — one worker per core and the Redis broker (its own
redis-server on a free port, or BENCH_REDIS_URL), else 1 worker and the in-process broker — opens N program streams (what
the projector and every cue strip listen to), drives the show to the launch segment and fires the
launch through the API with a bearer token, as a button-press device does. Prints, over the clients:
arrival of the launch message after the press (median, max, spread) and the switch instant each
client would use (the pushed target instant, or its arrival when later), whose spread is what the
audience sees. Clients share the server's clock here, so no offset correction is needed.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-password"

from bench._harness import default_workers, free_port, login_cookie, own_redis, start_gunicorn, stop_gunicorn  # noqa: E402


def prepare(env: dict) -> dict:
    """Schema, the 2024 ceremony with its program, a viewer for the streams, an organizer's API token."""
    os.environ.update(env)
    from ceremony import create_app
    from ceremony.ceremonies.models import CeremonyStatus
    from ceremony.demo import data
    from ceremony.demo.operations import load_ceremony
    from ceremony.extensions import db
    from ceremony.users.operations import create_api_token, create_user

    app = create_app("development")
    with app.app_context():
        db.create_all()  # a throw-away bench database, never the app's
        ceremony = load_ceremony(data.CEREMONIES[-1])
        ceremony.status = CeremonyStatus.published
        create_user("bench-viewer@ceremony.local", role="viewer", password=PASSWORD)
        token = create_api_token(create_user("bench-director@ceremony.local", role="organizer", password=PASSWORD))
        db.session.commit()
        return {"ceremony_id": ceremony.id, "token": token}


class Client(threading.Thread):
    """One connected screen: reads the program stream, notes when the launch message arrived."""

    def __init__(self, port, path, cookie, ready, stop):
        super().__init__(daemon=True)
        self.port, self.path, self.cookie, self.ready, self.stop = port, path, cookie, ready, stop
        self.conn = None
        self.arrived: float | None = None
        self.switch_ms: int | None = None

    def run(self):
        self.conn = conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", self.path, headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
            response = conn.getresponse()
            event = None
            while not self.stop.is_set():
                line = response.fp.readline()
                if not line:
                    break
                line = line.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "state":
                    self.ready.release()
                elif line.startswith("data: ") and event == "launch" and self.arrived is None:
                    self.arrived = time.time()
                    self.switch_ms = json.loads(line[6:])["switch_ms"]
        except (OSError, ValueError):
            pass
        finally:
            conn.close()

    def hang_up(self):
        try:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        except (AttributeError, OSError):
            pass


def api(port: int, token: str, path: str, body: dict) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", path, body=json.dumps(body),
                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    payload = json.loads(response.read() or b"{}")
    conn.close()
    return response.status, payload


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
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
    work = Path(tempfile.mkdtemp(prefix="bench-launch-"))
    env = {"CEREMONY_INSTANCE": str(work), "CEREMONY_ENV": "development", "REDIS_URL": redis,
           "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")}
    setup = prepare(env)
    workers = args.workers or (default_workers() if redis else 1)
    threads = args.clients + 32  # the kernel does not share connections evenly between workers
    port = free_port()
    server = start_gunicorn(ROOT, env, workers=workers, threads=threads, port=port)
    clients: list[Client] = []
    stop = threading.Event()
    try:
        cookie = login_cookie(port, "bench-viewer@ceremony.local", PASSWORD)
        cid, token = setup["ceremony_id"], setup["token"]
        ready = threading.Semaphore(0)
        clients = [Client(port, f"/ceremonies/{cid}/program/stream", cookie, ready, stop)
                   for _ in range(args.clients)]
        opened = time.perf_counter()
        for client in clients:
            client.start()
        for _ in clients:
            if not ready.acquire(timeout=60):
                raise SystemExit("bench: some program streams never opened")
        broker = f"Redis, {workers} workers" if redis else "in-process, 1 worker"
        print(f"{args.clients} screens connected in {time.perf_counter() - opened:.2f} s (broker: {broker})")
        show = f"/api/v1/ceremonies/{cid}/show"
        status, state = api(port, token, show, {"action": "start", "override": "bench"})
        assert status == 200, state
        while state["segments"][[s["id"] for s in state["segments"]].index(state["current_id"])]["kind"] != "launch":
            status, state = api(port, token, show, {"action": "next"})
            assert status == 200, state
        time.sleep(0.5)  # let the "changed" messages of the moves settle
        pressed = time.time()
        status, launch = api(port, token, f"{show}/launch", {})
        answered = time.time()
        assert status == 201, launch
        again, _ = api(port, token, f"{show}/launch", {})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(c.arrived is None for c in clients):
            time.sleep(0.05)
    finally:
        stop.set()
        for client in clients:
            client.hang_up()
        for client in clients:
            client.join(timeout=5)
        stop_gunicorn(server)
    got = [c for c in clients if c.arrived is not None]
    arrivals = sorted((c.arrived - pressed) * 1000 for c in got)
    switches = sorted(max(c.arrived * 1000, c.switch_ms) for c in got)
    late = sum(1 for c in got if c.arrived * 1000 > c.switch_ms)
    lead = got[0].switch_ms - pressed * 1000 if got else float("nan")
    print(f"launch messages received: {len(got)}/{len(clients)}; API answered in {(answered - pressed) * 1000:.1f} ms;"
          f" second press answered {again} (already launched)")
    print(f"arrival after the press: median {statistics.median(arrivals):.1f} ms, max {arrivals[-1]:.1f} ms, "
          f"spread (max-min) {arrivals[-1] - arrivals[0]:.1f} ms")
    print(f"switch instant (target {lead:.0f} ms after the press): spread {switches[-1] - switches[0]:.1f} ms, "
          f"median offset from target {statistics.median(s - c.switch_ms for s, c in zip(switches, got)):.1f} ms, "
          f"clients that arrived after the target: {late}")


if __name__ == "__main__":
    main()
