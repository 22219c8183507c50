"""`flask demo load --start` on a fresh database places the demo where it can be rehearsed: an operator
reports inside the moved T-30 window and the report counts for that window."""
from datetime import datetime, timedelta

import sqlalchemy as sa

from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.core.time import VIETNAM
from ceremony.readiness.models import ReadinessCheckIn
from ceremony.sites.models import Site, Tier


def test_demo_placed_at_a_date_lets_an_operator_report_in_its_window(app, db, runner, clock, client, api_headers):
    result = runner.invoke(args=["demo", "load", "--start", "2026-12-02 08:00"])
    assert result.exit_code == 0, result.output
    start = datetime(2026, 12, 2, 8, 0, tzinfo=VIETNAM)
    for slug in ("qn-2023-phat-dong-cds", "qn-2024-khai-truong-app"):
        assert get_ceremony_by_slug(slug).starts_at == start
    ceremony = get_ceremony_by_slug("qn-2024-khai-truong-app")
    site = db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.tier == Tier.commune)
                             .order_by(Site.code))
    operator = api_headers("operator", site_codes=[site.code])
    url = f"/api/v1/ceremonies/{ceremony.id}/readiness/sites/{site.id}/checkins"
    checklist = client.get(f"/api/v1/ceremonies/{ceremony.id}/readiness/checklist", headers=operator).get_json()
    answers = [{"item": i["key"], "state": "ok"} for i in checklist if i["kind"] != "note"]

    clock.set(start - timedelta(minutes=45))  # 07:15 on the new day: inside T-30 (T-60 … T-30)
    response = client.post(url, headers=operator, json={"idempotency_key": "rehearsal-1", "answers": answers})
    assert response.status_code == 201, response.get_json()
    report = db.session.scalar(sa.select(ReadinessCheckIn).where(ReadinessCheckIn.site_id == site.id))
    assert report.phase.key == "t30" and report.status.value == "ready"
    assert report.reported_at == start - timedelta(minutes=45)
