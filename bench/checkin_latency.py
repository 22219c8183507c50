"""Check-in latency at the gates: 50 scans per second from 6 gates against a real server process.

For each backend (SQLite file; PostgreSQL in a database of its own, created on BENCH_PG_URL's server
and dropped afterwards) it seeds a ceremony with invited delegates, starts
gunicorn (gthread) on 127.0.0.1, and sends redeemCheckin requests on an open-loop schedule: every
gate sends at its own steady pace whatever the answers take, so a slow server shows as latency,
not as a lower rate. The mix: 85 % first scans (welcome), 10 % repeats of a badge already in
(already, often from another gate), 5 % damaged codes (unreadable). It prints the median, p99 and
max latency, the achieved rate, the answers, and checks that every delegate was checked in once.

    .venv/bin/python bench/checkin_latency.py                 # 30 s per backend
    .venv/bin/python bench/checkin_latency.py --seconds 10 --backends sqlite
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import default_workers, free_port, own_postgres  # noqa: E402
SECRET = "bench-secret-not-for-production"


def invite_guests(ceremony, sites, names: list[str]) -> list[str]:
    """One delegate per name, spread over ``sites`` (zone B), each invited: their QR tokens, in order
    (in the caller's app context; flushed, not committed)."""
    from ceremony.delegates.models import Delegate, Person
    from ceremony.extensions import db
    from ceremony.invitations.models import Invitation
    from ceremony.invitations.tokens import make_token

    people = [Person(full_name=name, title="Đại biểu") for name in names]
    db.session.add_all(people)
    db.session.flush()
    rows = [Delegate(ceremony_id=ceremony.id, site_id=sites[i % len(sites)].id, person_id=p.id, zone="B")
            for i, p in enumerate(people)]
    db.session.add_all(rows)
    db.session.flush()
    tokens = []
    for serial, delegate in enumerate(rows, 1):
        token, key = make_token(ceremony.id)
        tokens.append(token)
        db.session.add(Invitation(ceremony_id=ceremony.id, delegate_id=delegate.id, serial=serial,
                                  token=token, key=key))
    db.session.flush()
    return tokens


def seed(url: str, delegates: int, journal: str = "") -> tuple[int, list[str], str]:
    """Create the schema and a ceremony with ``delegates`` invited people; (ceremony id, tokens, api token)."""
    from ceremony import create_app
    from ceremony.ceremonies.operations import create_ceremony
    from ceremony.extensions import db
    from ceremony.sites.operations import copy_network, import_network_csv
    from ceremony.users.operations import create_api_token, create_user
    from tests.factories import SMALL_NETWORK_CSV

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    with app.app_context():
        if journal:  # persistent in the file: the server's connections use it too
            with db.engine.connect() as conn:
                conn.exec_driver_sql(f"PRAGMA journal_mode={journal}")
        db.create_all()
        # The ceremony starts tomorrow: arrivals are on time (lateness has its own tests).
        start = datetime.now(timezone.utc) + timedelta(days=1)
        ceremony = create_ceremony(slug="bench", title="Lễ khai trương (đo tải)", kind="app_launch",
                                   starts_at=start, ends_at=start + timedelta(hours=1), venue="Trung tâm IOC",
                                   host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi")
        sites = copy_network(ceremony, import_network_csv(SMALL_NETWORK_CSV, key="bench-net"),
                             provincial_venue="Trung tâm IOC")
        tokens = invite_guests(ceremony, sites, [f"Nguyễn Văn Khách {i:05d}" for i in range(delegates)])
        user = create_user("gate@bench.local", role="checker", password="bench-password")
        api_token = create_api_token(user)
        db.session.commit()
        ceremony_id = ceremony.id
        db.engine.dispose()
    return ceremony_id, tokens, api_token


def count_checkins(url: str) -> tuple[int, int]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        checkins = conn.execute(sa.text("SELECT count(*) FROM attendance_checkins")).scalar()
        scans = conn.execute(sa.text("SELECT count(*) FROM attendance_scans")).scalar()
    engine.dispose()
    return checkins, scans


def start_server(url: str, port: int, instance: Path, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "CEREMONY_INSTANCE": str(instance),
           "CEREMONY_ENV": "development"}
    env.pop("REDIS_URL", None)
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--worker-class", "gthread",
                               "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
                               "wsgi:app"], cwd=ROOT, env=env)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


def run_load(port: int, ceremony_id: int, tokens: list[str], api_token: str, *, rate: float, gates: int,
             seconds: float) -> dict:
    rng = random.Random(51)
    fresh = list(tokens)
    rng.shuffle(fresh)
    welcomed: list[str] = []
    local = threading.local()
    path = f"/api/v1/ceremonies/{ceremony_id}/checkins"
    headers = {"Authorization": f"Bearer {api_token}", "Content-Type": "application/json"}
    latencies, lags, answers, errors, retries = [], [], Counter(), Counter(), Counter()
    lock = threading.Lock()

    def post(body: dict) -> tuple[int, bytes]:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local.conn.request("POST", path, body=json.dumps(body), headers=headers)
        response = local.conn.getresponse()
        return response.status, response.read()

    def send(body: dict, due: float) -> None:
        started = time.perf_counter()
        try:
            try:
                status, payload = post(body)
            except (OSError, http.client.HTTPException):
                # A keep-alive connection the server closed: the gate retries with the same nonce.
                local.__dict__.pop("conn", None)
                with lock:
                    retries["connection"] += 1
                status, payload = post(body)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                lags.append(started - due)
                if status == 200:
                    answers[json.loads(payload)["result"]] += 1
                else:
                    errors[status] += 1
        except (OSError, http.client.HTTPException) as error:
            local.__dict__.pop("conn", None)
            with lock:
                errors[type(error).__name__] += 1

    # One schedule per gate, interleaved: gate g sends at t0 + g/rate + k*gates/rate.
    total = int(rate * seconds)
    plan = []
    for n in range(total):
        gate = n % gates
        kind = rng.random()
        if kind < 0.05:
            text = "c%d.damaged-code" % ceremony_id
        elif kind < 0.15 and welcomed:
            text = rng.choice(welcomed)
        else:
            text = fresh.pop()
            welcomed.append(text)
        plan.append((n / rate, {"text": f"https://ceremony.local/i/{text}", "gate": f"Cổng {gate + 1}",
                                "device": f"bench-gate-{gate + 1}", "nonce": f"n{n}"}))
    # Warm up every worker (imports, connection pools) with damaged codes, unmeasured.
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: post({"text": "warm-up", "gate": "Cổng 1", "device": "bench-warm", "nonce": f"w{i}"}),
                      range(40)))
    with ThreadPoolExecutor(max_workers=64) as pool:
        t0 = time.perf_counter() + 0.5
        for offset, body in plan:
            due = t0 + offset
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(send, body, due)
        sent_for = time.perf_counter() - t0
    latencies.sort()
    return {"sent": total, "rate": total / sent_for if sent_for else 0.0, "answers": dict(answers),
            "errors": dict(errors), "median_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
            "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else float("nan"),
            "max_ms": 1000 * latencies[-1] if latencies else float("nan"),
            "max_lag_ms": 1000 * max(lags) if lags else 0.0, "first_scans": len(set(welcomed)),
            "retries": sum(retries.values())}


def bench_backend(name: str, args) -> dict | None:
    if name == "sqlite":
        return run_backend(name, args, None)
    with own_postgres("checkin") as url:
        return run_backend(name, args, url) if url else None


def run_backend(name: str, args, url: str | None) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-checkin-{name}-"))
    url = url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    server = None
    try:
        os.environ["CEREMONY_INSTANCE"] = str(workdir)
        ceremony_id, tokens, api_token = seed(url, args.delegates, args.sqlite_journal if name == "sqlite" else "")
        port = free_port()
        server = start_server(url, port, workdir, args.workers, args.threads)
        result = run_load(port, ceremony_id, tokens, api_token, rate=args.rate, gates=args.gates,
                          seconds=args.seconds)
        checkins, scans = count_checkins(url)
        result.update(checkins=checkins, scans=scans)
        label = f"sqlite/{args.sqlite_journal}" if name == "sqlite" else name
        print(f"{label:10s} median {result['median_ms']:6.1f} ms   p99 {result['p99_ms']:6.1f} ms   "
              f"max {result['max_ms']:6.1f} ms   rate {result['rate']:5.1f}/s   sent {result['sent']}   "
              f"answers {result['answers']}   errors {result['errors'] or 'none'}")
        welcomes = result["answers"].get("welcome", 0)
        exact = "yes" if checkins == welcomes else "NO"
        print(f"{'':10s} check-ins {checkins} == welcome answers {welcomes}: {exact} (distinct badges "
              f"{result['first_scans']});   scans logged {scans - 40}/{result['sent']} (+40 warm-up);   retried "
              f"{result['retries']};   worst send lag {result['max_lag_ms']:.0f} ms")
        return result
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run (default 30)")
    parser.add_argument("--rate", type=float, default=50.0, help="scans per second, all gates together")
    parser.add_argument("--gates", type=int, default=6)
    parser.add_argument("--delegates", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=default_workers(), help="gunicorn worker processes (default: one per core)")
    parser.add_argument("--threads", type=int, default=16, help="threads per worker")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--sqlite-journal", default="wal", choices=["wal", "delete"],
                        help="SQLite journal mode of the file (default wal; delete is SQLite's default)")
    args = parser.parse_args()
    print(f"check-in latency: {args.rate:g} scans/s from {args.gates} gates for {args.seconds:g} s, "
          f"gunicorn {args.workers}x{args.threads} threads, {args.delegates} invited")
    print("load average before: %.1f %.1f %.1f (%d CPUs)" % (*os.getloadavg(), os.cpu_count()))
    results = {name: bench_backend(name, args) for name in args.backends.split(",")}
    print("load average after:  %.1f %.1f %.1f" % os.getloadavg())
    if results.get("sqlite") and results.get("postgresql"):
        s, p = results["sqlite"], results["postgresql"]
        print(f"ratio postgresql/sqlite: median {p['median_ms'] / s['median_ms']:.2f}x, "
              f"p99 {p['p99_ms'] / s['p99_ms']:.2f}x")


if __name__ == "__main__":
    main()
