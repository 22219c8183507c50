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


def test_progress_page_counts_a_record_live(app, live_server, page, db, clock, movement, campaign, team, make_user):
    from tests.browser_support import log_in

    app.config["LIVE_KEEPALIVE_SECONDS"] = 1.0
    clock.set(datetime(2023, 7, 29, 2, 0, tzinfo=timezone.utc))
    token = issue_site_token(get_site_by_code(movement.id, "21013"))
    db.session.commit()
    user = make_user("organizer")
    log_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/ceremonies/{movement.id}/campaigns/{campaign.id}")
    page.wait_for_function("document.getElementById('live-state').textContent === 'Trực tiếp'", timeout=10000)
    assert page.locator('[data-total="guided"]').inner_text() == "0"
    page.evaluate("window.__sameDocument = true")
    body = json.dumps({"idempotency_key": "live-test-0001", "member_id": team[3].id, "count": 5,
                       "skills": ["thanh-toan"]}).encode()
    request = urllib.request.Request(f"{live_server.url}/api/v1/ceremonies/{movement.id}/campaigns/{campaign.id}/records",
                                     data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Site-Token": token})
    assert urllib.request.urlopen(request, timeout=10).status == 201
    page.wait_for_selector('[data-total="guided"]:text-is("5")', timeout=10000)
    assert page.locator('#by-commune tr[data-site="21013"] .guided').inner_text() == "5"
    assert page.locator('#by-skill tr[data-skill="thanh-toan"] td.num').inner_text() == "5"
    assert page.evaluate("window.__sameDocument") is True


def test_the_recording_page_reloads_without_network(app, live_server, phone, db, clock, movement, campaign, team):
    from ceremony.campaign.access import member_token

    clock.set(datetime(2023, 7, 29, 2, 0, tzinfo=timezone.utc))
    token = member_token(team[0])
    db.session.commit()
    phone.goto(f"{live_server.url}/m/{token}")
    phone.wait_for_function("window.campaignOffline && window.campaignOffline.ready", timeout=15000)
    first_key = phone.input_value("input[name=idempotency_key]")
    phone.context.set_offline(True)
    phone.reload()
    assert phone.locator("h1").inner_text() == "Thị xã Đức Phổ"
    assert phone.input_value("input[name=idempotency_key]") != first_key  # a cached page still gets a new key
    phone.fill("input[name=count]", "3")
    phone.click("button.primary")
    phone.wait_for_function("document.getElementById('queue-state').textContent.indexOf('Mất kết nối') === 0",
                            timeout=5000)
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.wait_for_function("document.getElementById('queue-state').textContent === 'Đã ghi nhận.'", timeout=10000)
    assert phone.locator(f'p [data-member-total="{team[0].id}"]').inner_text() == "3"
