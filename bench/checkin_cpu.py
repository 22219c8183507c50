"""CPU per check-in, in process: seed a ceremony in its own SQLite file, redeem M scans through the
Flask test client and print the milliseconds of CPU (``time.process_time``) per scan.

Immune to other processes on a shared machine (it counts this process's CPU, not wall time).
Compare before/after a change in the same run with ``git stash``, or profile with ``--profile``.

    .venv/bin/python bench/checkin_cpu.py                       # 1,000 delegates, 600 scans
    .venv/bin/python bench/checkin_cpu.py --scans 300 --profile # + the top of cProfile
    .venv/bin/python bench/checkin_cpu.py --backend postgresql  # a database of its own (BENCH_PG_URL)
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import own_postgres, record  # noqa: E402
from bench.checkin_latency import SECRET, seed  # noqa: E402


def make_late(app, ceremony_id: int) -> None:
    """Start the ceremony 20 minutes ago with a three-segment program (arrivals then are late)."""
    from datetime import datetime, timedelta, timezone

    from ceremony.ceremonies.models import Ceremony
    from ceremony.extensions import db
    from ceremony.program.models import Segment, SegmentKind

    with app.app_context():
        ceremony = db.session.get(Ceremony, ceremony_id)
        ceremony.starts_at = datetime.now(timezone.utc) - timedelta(minutes=20)
        ceremony.ends_at = ceremony.starts_at + timedelta(hours=1)
        for position, (kind, title, minutes) in enumerate([
                (SegmentKind.introduction, "Tuyên bố lý do, giới thiệu đại biểu", 10),
                (SegmentKind.speech, "Phát biểu khai mạc", 15), (SegmentKind.launch, "Nghi thức khai trương", 5)]):
            db.session.add(Segment(ceremony_id=ceremony_id, position=position, kind=kind, title=title,
                                   planned_minutes=minutes))
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=1000)
    parser.add_argument("--scans", type=int, default=600)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--late", action="store_true",
                        help="the ceremony started 20 minutes ago and has a program: every arrival is late")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="checkin-cpu-") as tmp, \
            (own_postgres("checkin_cpu") if args.backend == "postgresql" else contextlib.nullcontext()) as pg_url:
        if args.backend == "postgresql" and not pg_url:
            return
        url = pg_url or f"sqlite:///{tmp}/bench.db"
        ceremony_id, tokens, api_token = seed(url, max(args.delegates, args.scans))
        os.environ.pop("REDIS_URL", None)
        from ceremony import create_app
        app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
        if args.late:
            make_late(app, ceremony_id)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {api_token}"}
        path = f"/api/v1/ceremonies/{ceremony_id}/checkins"

        def scan(i: int, token: str) -> int:
            response = client.post(path, json={"text": token, "gate": f"G{i % 6}", "device": f"d{i % 6}",
                                               "nonce": f"n{i}"}, headers=headers)
            return response.status_code

        for i in range(20):  # warm up: imports, caches, the connection pool
            assert scan(i, tokens[i]) == 200
        batch = tokens[20:20 + args.scans]
        profiler = cProfile.Profile() if args.profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        statuses = [scan(1000 + i, token) for i, token in enumerate(batch)]
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        bad = [s for s in statuses if s != 200]
        record("checkin_cpu", f"check-in CPU per scan, in process, test client included ({args.backend})",
               round(1000 * cpu / len(batch), 2), "ms", ok=not bad and None,
               note=f"{len(bad)} errors" if bad else "")
        print(f"check-in CPU per scan: {1000 * cpu / len(batch):.2f} ms  (wall {1000 * wall / len(batch):.2f} ms, "
              f"{len(batch)} scans, {len(bad)} errors)")
        if profiler:
            profiler.dump_stats(os.environ.get("PROFILE_OUT", "/tmp/checkin.prof"))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(250)


if __name__ == "__main__":
    main()
