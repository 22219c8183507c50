"""Typed short codes at the gate against scanned QR tokens, in process, on 5,000 invitations.

Run: .venv/bin/python bench/short_codes.py [invitations] [scans]   (BENCH_PG=1: PostgreSQL, a database
of its own, dropped afterwards)

Prints the time to issue the invitations (token and short code each), then the median and p95
of ``redeem_checkin`` for QR tokens and for typed codes (lower case, with a space), each a first
check-in, and the check that every one was welcomed exactly once.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import own_postgres  # noqa: E402


def run(n: int, scans: int, url: str) -> None:
    from ceremony import create_app
    from ceremony.extensions import db

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {},
                                 "PUBLIC_URL": "https://ceremony.test"})
    with app.app_context(), app.test_request_context():
        db.create_all()
        from ceremony.attendance.models import CheckInMethod, ScanResult
        from ceremony.attendance.operations import redeem_checkin
        from ceremony.ceremonies.operations import create_ceremony
        from ceremony.delegates.models import Delegate, Person
        from ceremony.invitations.operations import issue_invitations
        from ceremony.sites.operations import copy_network, import_network_csv
        from tests.factories import SMALL_NETWORK_CSV

        ceremony = create_ceremony(slug="bench", title="Lễ", kind="app_launch", starts_at=datetime(2024, 9, 27, 8),
                                   ends_at=None, venue="IOC", host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi")
        sites = copy_network(ceremony, import_network_csv(SMALL_NETWORK_CSV, key="bench"), provincial_venue="IOC")
        site_id = sites[0].id if isinstance(sites, list) and sites else None
        if site_id is None:
            from ceremony.sites.models import Site
            site_id = db.session.query(Site.id).filter(Site.ceremony_id == ceremony.id).first()[0]
        people = [Person(full_name=f"Đại biểu {i}", title="", phone="") for i in range(n)]
        db.session.add_all(people)
        db.session.flush()
        db.session.add_all([Delegate(ceremony_id=ceremony.id, site_id=site_id, person_id=p.id) for p in people])
        db.session.commit()
        t0 = time.perf_counter()
        invitations = issue_invitations(ceremony.id)
        db.session.commit()
        issued = time.perf_counter() - t0
        texts = {"QR token": [i.token for i in invitations[:scans]],
                 "typed code": [f"{i.short_code[:4].lower()} {i.short_code[4:].lower()}"
                                for i in invitations[scans:2 * scans]]}
        print(f"{n} invitations on {url.split(':', 1)[0]}: issued (token + short code) in {issued:.2f} s")
        ceremony_id = ceremony.id
        db.session.remove()  # a gate's request starts with an empty session, not 5,000 loaded rows
        from ceremony.ceremonies.models import Ceremony
        for kind, batch in texts.items():
            times, welcomed = [], 0
            for k, text in enumerate(batch):
                t = time.perf_counter()
                ceremony = db.session.get(Ceremony, ceremony_id)
                outcome = redeem_checkin(ceremony, text, "Cổng", "bench", f"{kind}-{k}", method=CheckInMethod.typed)
                db.session.commit()
                times.append((time.perf_counter() - t) * 1000)
                welcomed += outcome.result is ScanResult.welcome
                db.session.remove()
            times.sort()
            print(f"  {kind:10}: {len(batch)} scans, median {statistics.median(times):.1f} ms, "
                  f"p95 {times[int(len(times) * 0.95)]:.1f} ms, welcomed {welcomed}/{len(batch)}")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    scans = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    if not os.environ.get("BENCH_PG"):
        run(n, scans, f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
        return
    with own_postgres("short_codes") as url:
        if url:
            run(n, scans, url)


if __name__ == "__main__":
    main()
