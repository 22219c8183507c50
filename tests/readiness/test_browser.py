"""In Chromium: the board repaints a tile when a check-in arrives through the API, without a reload;
the operator page keeps a report made offline and sends it once when the network is back."""
import json
import urllib.request
import uuid

import pytest
from playwright.sync_api import expect

from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code
from tests.browser_support import log_in
from tests.readiness.conftest import ALL_OK

pytestmark = pytest.mark.browser


@pytest.fixture
def server(app, live_server):
    app.config["LIVE_KEEPALIVE_SECONDS"] = 1.0  # open streams notice a closed page quickly
    return live_server


def _post(url, body, token):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "X-Site-Token": token})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def test_board_tile_changes_without_reload(server, page, db, clock, ready_ceremony, make_user):
    site = get_site_by_code(ready_ceremony.id, "21550")
    token = issue_site_token(site)
    db.session.commit()
    user = make_user("viewer")
    log_in(page, server.url, user.email)
    page.goto(f"{server.url}/ceremonies/{ready_ceremony.id}/readiness")
    tile = page.locator(f'.tile[data-site-id="{site.id}"]')
    assert tile.get_attribute("data-status") == "not_reported"
    page.wait_for_function("document.getElementById('live-state').textContent === 'Trực tiếp'", timeout=10000)
    page.evaluate("window.__sameDocument = true")
    url = f"{server.url}/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/checkins"
    assert _post(url, {"idempotency_key": uuid.uuid4().hex, "answers": ALL_OK}, token) == 201
    page.wait_for_selector(f'.tile[data-site-id="{site.id}"][data-status="ready"]', timeout=5000)
    assert tile.locator(".label").inner_text() == "Sẵn sàng"
    assert page.locator('[data-count="commune-ready"]').inner_text() == "1"
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    page.click('.board-filters button[data-filter="not_reported"]')
    assert not tile.is_visible()


def test_operator_page_queues_offline_and_sends_once(server, page, db, clock, ready_ceremony):
    site = get_site_by_code(ready_ceremony.id, "21553")
    token = issue_site_token(site)
    db.session.commit()
    page.goto(f"{server.url}/r/{token}")
    assert page.locator("#point-status").inner_text() == "Chưa báo cáo"
    for key in ("network", "camera", "microphone", "speakers", "display", "test_call", "seated"):
        page.check(f'input[name="state_{key}"][value="ok"]')
    page.fill('input[name="bandwidth_mbps"]', "20")
    page.context.set_offline(True)
    page.click("button.primary")
    page.wait_for_function("document.getElementById('queue-state').textContent.indexOf('Mất kết nối') === 0",
                           timeout=5000)
    queued = page.evaluate(f"JSON.parse(localStorage.getItem('readiness-queue-{site.id}')).length")
    assert queued == 1
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("document.getElementById('queue-state').textContent === 'Đã nhận báo cáo.'",
                           timeout=10000)
    # The page says the report arrived, and no longer that the point has not reported.
    expect(page.locator("#point-status")).to_have_text("Sẵn sàng")
    assert "Chưa báo cáo" not in page.locator("main").inner_text()
    history = json.load(urllib.request.urlopen(urllib.request.Request(
        f"{server.url}/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/checkins",
        headers={"X-Site-Token": token}), timeout=10))
    assert history["total"] == 1 and history["items"][0]["status"] == "ready"
    assert history["items"][0]["bandwidth_mbps"] == 20


def test_operator_page_sends_heartbeats_during_the_live_phase(server, page, db, clock, make_ceremony):
    from datetime import datetime, timedelta, timezone

    from ceremony.readiness.models import ReadinessHeartbeat
    from ceremony.readiness.operations import ensure_defaults

    real_now = datetime.now(timezone.utc).replace(microsecond=0)
    clock.set(real_now)  # the page judges the live phase by the browser's own clock
    ceremony = make_ceremony(starts_at=real_now - timedelta(minutes=5), ends_at=real_now + timedelta(hours=1))
    ensure_defaults(ceremony)
    site = get_site_by_code(ceremony.id, "21010")
    token = issue_site_token(site)
    db.session.commit()
    site_id = site.id
    with page.expect_response(lambda r: r.url.endswith(f"/sites/{site_id}/heartbeat"), timeout=10000) as beat:
        page.goto(f"{server.url}/r/{token}")
    assert beat.value.status == 200
    db.session.expire_all()
    assert db.session.get(ReadinessHeartbeat, site_id).last_seen_at == real_now


@pytest.mark.parametrize("lang, figure", [("vi", "↓1.234,5"), ("en", "↓1,234.5")])
def test_board_writes_live_figures_as_the_page_language_does(server, browser, db, clock, ready_ceremony, make_user,
                                                             lang, figure):
    site = get_site_by_code(ready_ceremony.id, "21550")
    token = issue_site_token(site)
    db.session.commit()
    page = browser.new_context(locale="vi-VN").new_page()
    log_in(page, server.url, make_user("viewer").email)
    page.goto(f"{server.url}/ceremonies/{ready_ceremony.id}/readiness?lang={lang}")
    page.wait_for_function("document.getElementById('live-state').textContent === "
                           "document.getElementById('board').getAttribute('data-connected')", timeout=10000)
    url = f"{server.url}/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/checkins"
    body = {"idempotency_key": uuid.uuid4().hex, "answers": ALL_OK,
            "measurements": {"download_mbps": 1234.5, "upload_mbps": 5.0, "rtt_ms": 40.0}}
    assert _post(url, body, token) == 201
    page.wait_for_selector(f'.tile[data-site-id="{site.id}"][data-status="ready"]', timeout=5000)
    figures = page.locator(f'.tile[data-site-id="{site.id}"] .figures')
    expect(figures).to_contain_text(figure)  # painted by board.js from the live event
    expect(figures).to_contain_text("↑5" + ("," if lang == "vi" else ".") + "0 Mbit/s")
    page.context.close()
