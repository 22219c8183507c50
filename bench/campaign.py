"""A province-sized campaign: 5,000 team members imported from one XLSX, 35,000 records, progress and
the dossier, on SQLite or, with BENCH_PG=1, on a PostgreSQL database of its own.

Run: .venv/bin/python bench/campaign.py [members]

Prints the time to import the team list (all or nothing), to record 1,000 results through the
operation (idempotency key, checks, one transaction per record like a phone; the other records are
inserted in bulk), then with 7 records per member the time to compute the progress at every level
and to build the dossier (PDF + XLSX with charts).
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

SAMPLE = 1000  # records sent one by one through the operation; the rest are inserted in bulk


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
        from ceremony.campaign.operations import create_campaign, import_members
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
        members_all = db.session.scalars(members_query(ceremony.id)).all()
        sample = members_all[:SAMPLE // 7]
        records = 0
        sample_ids = [m.id for m in sample]
        token = _organizer_token()
        client = app.test_client()
        ceremony_id, campaign_id = ceremony.id, campaign.id
        db.session.remove()  # each request below has a session of its own, as in production
        url = f"/api/v1/ceremonies/{ceremony_id}/campaigns/{campaign_id}/records"
        t2 = time.perf_counter()
        for member_id in sample_ids:  # through the API, one request and one commit each, as phones send them
            for j in range(7):
                response = client.post(url, json={"idempotency_key": f"bench-{member_id}-{j}", "member_id": member_id,
                                                  "skills": [keys[j % 3]]}, headers={"Authorization": f"Bearer {token}"})
                assert response.status_code == 201, response.get_json()
                records += 1
        t_records = time.perf_counter() - t2
        from ceremony.campaign.models import CampaignRecord

        members_all = db.session.scalars(members_query(ceremony_id)).all()
        rest = [CampaignRecord(campaign_id=campaign_id, member_id=m.id, site_id=m.site_id,
                               guided_on=datetime(2024, 10, 3).date(), count=1, skills=f",{keys[j % 3]},",
                               idempotency_key=f"bulk-{m.id}-{j}", recorded_by="bench")
                for m in members_all if m.id not in set(sample_ids) for j in range(7)]
        db.session.add_all(rest)
        db.session.commit()
        total = records + len(rest)
        del rest, members_all, sample, members
        db.session.remove()  # a fresh session, as the progress page and the dossier thread have
        ceremony = db.session.get(Ceremony, ceremony_id)
        (campaign,) = list_campaigns(ceremony_id)
        t3 = time.perf_counter()
        if os.environ.get("BENCH_PROFILE") == "progress":
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(progress, campaign)
            pstats.Stats(profile).sort_stats("tottime").print_stats(15)
            t3 = time.perf_counter()
        data = progress(campaign)
        t4 = time.perf_counter()
        job = request_dossier(ceremony, "bench")
        db.session.commit()
        if os.environ.get("BENCH_PROFILE") == "dossier":
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(run_job, job.id)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        else:
            run_job(job.id)
        t5 = time.perf_counter()
        backend = db.engine.dialect.name
        assert data["totals"]["guided"] == total
        print(f"{n} members on {backend}: import XLSX {t1 - t0:.2f} s; {records} records through "
              f"recordCampaignResult {t_records:.1f} s ({records / t_records:.0f}/s, one commit each); "
              f"with {total} records: progress at every level {(t4 - t3) * 1000:.0f} ms, dossier (PDF + XLSX) "
              f"{t5 - t4:.1f} s")
        db.session.remove()
        db.engine.dispose()


def _organizer_token() -> str:
    from ceremony.extensions import db
    from ceremony.users.operations import create_api_token, create_user

    user = create_user("bench-organizer@example.vn", role="organizer", password="bench-password-1")
    token = create_api_token(user)
    db.session.commit()
    return token


if __name__ == "__main__":
    main()
