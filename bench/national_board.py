"""The readiness board at national size next to provincial size, on PostgreSQL.

    .venv/bin/python bench/national_board.py [--repeat 15] [--streams 20] [--checkins 10] [--port 5671]

Builds, in a PostgreSQL database of its own (``bench/_harness.own_postgres``) and with a Redis of its
own (``own_redis``): the whole country of 2023 as one network (``flask sites import-package --all``:
1 nation, 63 provinces, 705 districts, 10,598 communes = 11,367 points) in a ceremony, and Quảng
Ngãi 2023 (187 points) in another, each with its default windows, the first window open now and a
third of the points reported (ready or problem). Then, on gunicorn (2 workers, gthread, Redis
broker), for each ceremony:

* ``getReadinessBoard``: the first answer (the shared snapshot built), then the median and p95 of
  ``--repeat`` answers (the snapshot shared), and the bytes;
* the board page: time to the full HTML and its bytes; first paint in headless Chromium
  (``first-contentful-paint``);
* a drill-down (``?parent=`` a province) on the national board;
* check-in → delta on ``--streams`` open boards: median and p95.

Prints each figure at provincial and national size and the ratio. Everything stays on 127.0.0.1 and
is removed afterwards.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
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

from bench._harness import login_cookie, own_postgres, own_redis, start_gunicorn, stop_gunicorn  # noqa: E402


def report_readiness(ceremony, rng: random.Random) -> dict:
    """The ceremony's default windows with the first one (t30) open now and a third of its points
    reported (ready or problem) in bulk; the tokens of 50 silent points (for check-ins → deltas)."""
    from datetime import timedelta

    import sqlalchemy as sa

    from ceremony.core.time import now
    from ceremony.extensions import db
    from ceremony.readiness.models import PointStatus, ReadinessCheckIn
    from ceremony.readiness.operations import ensure_defaults
    from ceremony.readiness.queries import phases
    from ceremony.readiness.snapshot import bump_version
    from ceremony.readiness.tokens import issue_site_token
    from ceremony.sites.models import Site

    ensure_defaults(ceremony)
    db.session.flush()
    window = next(p for p in phases(ceremony.id) if p.key == "t30")
    window.opens_offset_minutes = round((now() - ceremony.starts_at).total_seconds() // 60) - 5
    window.closes_offset_minutes = window.opens_offset_minutes + 120
    sites = db.session.execute(sa.select(Site.id, Site.code, Site.tier).where(Site.ceremony_id == ceremony.id)
                               .order_by(Site.position)).all()
    reported = [s for s in sites if rng.random() < 1 / 3]
    at = now() - timedelta(minutes=1)
    db.session.execute(sa.insert(ReadinessCheckIn), [
        dict(ceremony_id=ceremony.id, site_id=s.id, phase_id=window.id, idempotency_key=uuid.uuid4().hex,
             status=PointStatus.ready if rng.random() < 0.8 else PointStatus.problem, note="",
             reported_at=at, reported_by="bench") for s in reported])
    bump_version(ceremony.id)
    silent = [s for s in sites if s not in reported][:50]
    tokens = [(s.id, issue_site_token(db.session.get(Site, s.id))) for s in silent]
    province = next((s.code for s in sites if s.tier.value == "province"), None)
    return {"ceremony_id": ceremony.id, "points": len(sites), "reported": len(reported), "tokens": tokens,
            "province": province}


def bench_app(env: dict):
    """The app on the bench's database and Redis (``env`` applied to this process, as the server gets it)."""
    os.environ.update(env)
    from ceremony import create_app

    return create_app("development")


def bench_account(email: str, role: str, password: str) -> str:
    """A user of the bench (it logs in with ``password``) and their API token."""
    from ceremony.users.operations import create_api_token, create_user

    return create_api_token(create_user(email, role=role, password=password))


def prepare(env: dict) -> dict:
    """Schema, the national and the provincial ceremony with reports, a viewer account and tokens."""
    from datetime import timedelta, timezone

    from ceremony.ceremonies.operations import create_ceremony
    from ceremony.core.time import now
    from ceremony.extensions import db
    from ceremony.sites.operations import apply_network, import_national_network, import_reference_network

    app = bench_app(env)
    rng = random.Random(13)
    out = {}
    with app.app_context():
        db.create_all()
        out["token"] = bench_account("bench@ceremony.local", "viewer", PASSWORD)
        start = now().replace(microsecond=0) + timedelta(minutes=20)
        for label, network in (("provincial", lambda: import_reference_network("2023", 51)),
                               ("national", lambda: import_national_network("2023"))):
            built = time.perf_counter()
            ceremony = create_ceremony(slug=f"bench-{label}", title=f"Lễ khai trương ({label})", kind="app_launch",
                                       starts_at=start.astimezone(timezone.utc).replace(tzinfo=None) + timedelta(hours=7),
                                       ends_at=start.astimezone(timezone.utc).replace(tzinfo=None) + timedelta(hours=8),
                                       venue="Hội trường", host_unit="Ủy ban nhân dân")
            apply_network(ceremony, network())
            out[label] = report_readiness(ceremony, rng)
            db.session.commit()
            out[label]["setup_s"] = time.perf_counter() - built
            print(f"{label}: {out[label]['points']} points, {out[label]['reported']} reported; set up in "
                  f"{out[label]['setup_s']:.1f} s", flush=True)
    return out


def _get(port: int, path: str, headers: dict) -> tuple[float, int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    began = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - began) * 1000
    conn.close()
    if response.status != 200:
        raise SystemExit(f"bench: {path} answered {response.status}")
    return elapsed, len(body), response.status


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def first_paint(port: int, path: str, cookie: str) -> float | None:
    """first-contentful-paint (ms) of the page in headless Chromium, or None without Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    name, _sep, value = cookie.partition("=")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        context.add_cookies([{"name": name, "value": value, "domain": "127.0.0.1", "path": "/"}])
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}{path}", wait_until="load")
        # On a busy machine the paint entry may come after the load event.
        page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0",
                               timeout=10_000)
        paint = page.evaluate("""() => { const e = performance.getEntriesByName('first-contentful-paint')[0];
                                         return e ? e.startTime : null; }""")
        browser.close()
    return paint


class Stream(threading.Thread):
    """One open board: notes when each point's delta arrived."""

    def __init__(self, port, path, cookie, ready):
        super().__init__(daemon=True)
        self.port, self.path, self.cookie, self.ready = port, path, cookie, ready
        self.arrived: dict[int, float] = {}
        self.conn = None

    def run(self):
        self.conn = conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        conn.request("GET", self.path, headers={"Cookie": self.cookie, "Accept": "text/event-stream"})
        response = conn.getresponse()
        event = None
        try:
            while True:
                line = response.fp.readline()
                if not line:
                    return
                line = line.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "snapshot":
                    self.ready.release()
                elif line.startswith("data: ") and event == "point":
                    data = json.loads(line[6:])
                    if "ancestors" in data:
                        self.arrived.setdefault(data["site_id"], time.perf_counter())
        except (OSError, ValueError):
            return

    def hang_up(self):
        try:
            self.conn.sock.shutdown(2)
        except (OSError, AttributeError):
            pass


def deltas(port: int, setup: dict, cookie: str, streams: int, checkins: int) -> list[float]:
    cid = setup["ceremony_id"]
    ready = threading.Semaphore(0)
    listeners = [Stream(port, f"/ceremonies/{cid}/readiness/stream", cookie, ready) for _ in range(streams)]
    for listener in listeners:
        listener.start()
    for _ in listeners:
        if not ready.acquire(timeout=120):
            raise SystemExit("bench: a board stream never opened")
    answers = [{"item": k, "state": "ok"} for k in
               ("network", "camera", "microphone", "speakers", "display", "test_call", "seated")]
    sent = {}
    api = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for site_id, token in setup["tokens"][:checkins]:
        sent[site_id] = time.perf_counter()
        api.request("POST", f"/api/v1/ceremonies/{cid}/readiness/sites/{site_id}/checkins",
                    body=json.dumps({"idempotency_key": uuid.uuid4().hex, "answers": answers}),
                    headers={"Content-Type": "application/json", "X-Site-Token": token})
        response = api.getresponse()
        response.read()
        if response.status != 201:
            raise SystemExit(f"bench: check-in refused ({response.status})")
        time.sleep(0.2)
    time.sleep(1.5)
    for listener in listeners:
        listener.hang_up()
    for listener in listeners:
        listener.join(timeout=5)
    return [(l.arrived[s] - sent[s]) * 1000 for l in listeners for s in sent if s in l.arrived]


def measure(port: int, setup: dict, token: str, cookie: str, args) -> dict:
    cid = setup["ceremony_id"]
    bearer = {"Authorization": f"Bearer {token}"}
    api = f"/api/v1/ceremonies/{cid}/readiness/board"
    first, size, _ = _get(port, api, bearer)
    warm = [_get(port, api, bearer)[0] for _ in range(args.repeat)]
    page_times, page_size = [], 0
    for _ in range(max(3, args.repeat // 3)):
        elapsed, page_size, _ = _get(port, f"/ceremonies/{cid}/readiness", {"Cookie": cookie})
        page_times.append(elapsed)
    drill = [_get(port, f"{api}?parent={setup['province']}", bearer) for _ in range(5)]
    paint = first_paint(port, f"/ceremonies/{cid}/readiness", cookie)
    latencies = deltas(port, setup, cookie, args.streams, args.checkins)
    expected = args.streams * min(args.checkins, len(setup["tokens"]))
    return {"points": setup["points"], "api_first_ms": first, "api_median_ms": statistics.median(warm),
            "api_p95_ms": _p95(warm), "api_kb": size / 1024, "page_median_ms": statistics.median(page_times),
            "page_kb": page_size / 1024, "first_paint_ms": paint,
            "drill_median_ms": statistics.median(d[0] for d in drill), "drill_kb": drill[0][1] / 1024,
            "delta_median_ms": statistics.median(latencies) if latencies else None,
            "delta_p95_ms": _p95(latencies) if latencies else None, "deltas": f"{len(latencies)}/{expected}"}


ROWS = [("points", "points", "{:.0f}"), ("getReadinessBoard, first (snapshot built)", "api_first_ms", "{:.0f} ms"),
        ("getReadinessBoard, median", "api_median_ms", "{:.1f} ms"), ("getReadinessBoard, p95", "api_p95_ms", "{:.1f} ms"),
        ("getReadinessBoard, size", "api_kb", "{:.1f} KB"), ("board page, median", "page_median_ms", "{:.1f} ms"),
        ("board page, size", "page_kb", "{:.1f} KB"), ("board page, first paint", "first_paint_ms", "{:.0f} ms"),
        ("drill-down ?parent=<province>, median", "drill_median_ms", "{:.1f} ms"),
        ("drill-down, size", "drill_kb", "{:.1f} KB"),
        ("check-in -> delta, median", "delta_median_ms", "{:.1f} ms"), ("check-in -> delta, p95", "delta_p95_ms", "{:.1f} ms"),
        ("deltas received", "deltas", "{}")]


def report(results: dict) -> None:
    print(f"\n{'figure':42} {'provincial':>14} {'national':>14} {'ratio':>8}")
    for label, key, fmt in ROWS:
        small, big = results["provincial"][key], results["national"][key]
        cells = [fmt.format(v) if v is not None else "-" for v in (small, big)]
        ratio = f"{big / small:.1f}x" if isinstance(small, (int, float)) and isinstance(big, (int, float)) and small else ""
        print(f"{label:42} {cells[0]:>14} {cells[1]:>14} {ratio:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--streams", type=int, default=20)
    parser.add_argument("--checkins", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=5671)
    args = parser.parse_args()
    with own_postgres("national_board") as database, own_redis() as redis:
        if database is None:
            raise SystemExit("bench: needs PostgreSQL (BENCH_PG_URL)")
        work = Path(tempfile.mkdtemp(prefix="bench-national-board-"))
        env = {"CEREMONY_INSTANCE": str(work), "CEREMONY_ENV": "development", "REDIS_URL": redis,
               "DATABASE_URL": database}
        setup = prepare(env)
        server = start_gunicorn(ROOT, env, workers=args.workers, threads=args.streams + 8, port=args.port)
        try:
            for attempt in range(6):  # a busy machine: the workers may still be warming up
                try:
                    cookie = login_cookie(args.port, "bench@ceremony.local", PASSWORD)
                    break
                except (TimeoutError, OSError):
                    time.sleep(5)
            else:
                raise SystemExit("bench: the server never answered the login")
            results = {label: measure(args.port, setup[label], setup["token"], cookie, args)
                       for label in ("provincial", "national")}
        finally:
            stop_gunicorn(server)
        report(results)


if __name__ == "__main__":
    main()
