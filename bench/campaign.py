"""A province-sized campaign: 5,000 team members imported from one XLSX, 35,000 records, progress and
the dossier, on SQLite or, with BENCH_PG=1, on a PostgreSQL database of its own.

Run: .venv/bin/python bench/campaign.py [members]

Prints the time to import the team list (all or nothing), to record every member's results through
the operation (idempotency key, checks, one transaction per record like a phone), to compute the
progress at every level, and to build the dossier (PDF + XLSX with charts).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import own_postgres  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    if not os.environ.get("BENCH_PG"):
        run(n, f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
        return
    with own_postgres("campaign") as url:
        if url:
            run(n, url)


def run(n: int, url: str) -> None:
    from ceremony import create_app
    from ceremony.core import time as ctime
    from ceremony.extensions import db
    from tests.campaign.conftest import team_xlsx

    instance = tempfile.mkdtemp()
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {},
                                 "INSTANCE_PATH": instance})
    with app.app_context():
        db.create_all()
        from ceremony.campaign.operations import create_campaign, import_members, record_result
        from ceremony.campaign.queries import list_campaigns, members_query, progress
        from ceremony.ceremonies.models import Ceremony
        from ceremony.demo.operations import load_demo
        from ceremony.dossier.operations import request_dossier, run_job
        from ceremony.sites.models import Site, Tier

        load_demo()
        db.session.commit()
        ceremony = db.session.scalar(db.select(Ceremony).where(Ceremony.slug == "qn-2024-khai-truong-app"))
        communes = list(db.session.scalars(db.select(Site).where(Site.ceremony_id == ceremony.id,
                                                                 Site.tier == Tier.commune)))
        rows = [(f"Thành viên {i:05d}", "Thành viên", f"09{i + 20_000_000:08d}", communes[i % len(communes)].code,
                 "Thôn" if i % 3 else "Xã", f"Thôn {i % 9 + 1}" if i % 3 else "") for i in range(n)]
        data = team_xlsx(rows)
        t0 = time.perf_counter()
        members = import_members(ceremony, data)
        db.session.commit()
        t1 = time.perf_counter()
        campaign = create_campaign(ceremony, code="bench", title="Hướng dẫn 07 người dân")
        db.session.commit()
        ctime.set_clock(lambda: datetime(2024, 10, 3, 3, 0, tzinfo=timezone.utc))
        keys = campaign.skill_keys
        records = 0
        t2 = time.perf_counter()
        for member in db.session.scalars(members_query(ceremony.id)).all():
            for j in range(7):
                record_result(campaign, member, idempotency_key=f"bench-{member.id}-{j}", count=1,
                              skills=[keys[j % 3]], recorded_by="bench")
                db.session.commit()
                records += 1
        t3 = time.perf_counter()
        (campaign,) = list_campaigns(ceremony.id)
        data = progress(campaign)
        t4 = time.perf_counter()
        job = request_dossier(ceremony, "bench")
        db.session.commit()
        run_job(job.id)
        t5 = time.perf_counter()
        backend = url.split(":", 1)[0]
        assert data["totals"]["guided"] == records
        print(f"{len(members)} members on {backend}: import XLSX {t1 - t0:.2f} s; {records} records "
              f"{t3 - t2:.1f} s ({records / (t3 - t2):.0f}/s, one commit each); progress at every level "
              f"{(t4 - t3) * 1000:.0f} ms; dossier (PDF + XLSX) {t5 - t4:.1f} s")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
