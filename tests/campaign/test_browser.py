"""In Chromium at phone width: a commune operator records a citizen guided while offline; the record
waits on the phone and is counted once after reconnecting."""
import json
import urllib.request
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from ceremony.campaign.models import CampaignRecord
from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_record_offline_then_counted_after_reconnecting(app, live_server, phone, db, clock, movement, campaign, team):
    clock.set(datetime(2023, 7, 29, 2, 0, tzinfo=timezone.utc))  # day 2 of the window, 09:00 in Vietnam
    site = get_site_by_code(movement.id, "21553")
    token = issue_site_token(site)
    db.session.commit()
    member_id = team[2].id
    phone.goto(f"{live_server.url}/r/{token}/campaign")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    phone.select_option("select[name=member_id]", str(member_id))
    phone.fill("input[name=count]", "2")
    phone.check('input[name=skills][value="khong-tien-mat"]')
    phone.check("#has-consent")
    phone.fill("input[name=citizen_name]", "Ngô Thị Mai")
    phone.fill("input[name=citizen_phone]", "0912 345 678")
    phone.context.set_offline(True)
    phone.click("button.primary")
    phone.wait_for_function("document.getElementById('queue-state').textContent.indexOf('Mất kết nối') === 0",
                            timeout=5000)
    queued = phone.evaluate(f"JSON.parse(localStorage.getItem('campaign-queue-{campaign.id}-{site.id}'))")
    assert len(queued) == 1 and queued[0]["count"] == 2 and queued[0]["citizen_name"] == "Ngô Thị Mai"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CampaignRecord)) == 0
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.wait_for_function("document.getElementById('queue-state').textContent === 'Đã ghi nhận.'", timeout=10000)
    total = phone.locator(f'.team-totals [data-member-total="{member_id}"]').inner_text()
    assert total == "2"
    assert phone.evaluate(f"localStorage.getItem('campaign-queue-{campaign.id}-{site.id}')") == "[]"
    progress = json.load(urllib.request.urlopen(urllib.request.Request(
        f"{live_server.url}/api/v1/ceremonies/{movement.id}/team-members", headers={"X-Site-Token": token}),
        timeout=10))
    assert {m["id"] for m in progress["items"]} == {team[1].id, team[2].id}
    db.session.expire_all()
    records = list(db.session.scalars(sa.select(CampaignRecord)))
    assert len(records) == 1
    record = records[0]
    assert (record.member_id, record.count, record.skill_keys) == (member_id, 2, ["dvc", "khong-tien-mat"])
    assert (record.citizen_name, record.citizen_phone, record.recorded_by) == ("Ngô Thị Mai", "0912345678",
                                                                             "token:21553")
