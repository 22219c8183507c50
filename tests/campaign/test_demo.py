"""The 2023 demo ceremony carries teams at every level, the 7-citizen campaign and the units' reports."""
import sqlalchemy as sa

from ceremony.campaign.models import CampaignRecord
from ceremony.campaign.queries import list_campaigns, progress
from ceremony.reports.queries import list_requests, summary


def test_demo_teams_campaign_and_reports(db, demo):
    from ceremony.demo.operations import load_demo

    movement, app_launch = sorted(demo, key=lambda c: c.starts_at)
    (campaign,) = list_campaigns(movement.id)
    assert campaign.followup_task.code == "huong-dan-7-nguoi-dan"
    data = progress(campaign)
    recorded = db.session.scalar(sa.select(sa.func.sum(CampaignRecord.count)))
    assert data["totals"]["guided"] == recorded > 0
    assert {r["level"] for r in data["by_level"]} == {"district", "commune", "village"}  # the plan's teams
    assert len(data["by_district"]) == 13 and len(data["by_commune"]) == 173
    assert 0 < len(data["behind"]) < data["totals"]["members"]
    assert list_campaigns(app_launch.id) == []
    requests = list_requests(app_launch.id)
    assert [r.due_at.isoformat() for r in requests] == ["2024-09-29T10:00:00+00:00"]
    counts = summary(requests[0])
    assert counts["units"] == 19 + 13 + 173 and counts["accepted"] > 0 and counts["overdue"] > 0
    load_demo()  # idempotent: nothing added twice
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.sum(CampaignRecord.count))) == recorded
