"""In Chromium: a phone asks for help with a photo, the province desk sees the ticket arrive live,
takes it, talks with the point and resolves it; the point's tile goes problem → ready; the times
to take and to resolve are recorded."""
import io
import json
import urllib.request

import pytest
from PIL import Image

from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code
from tests.browser_support import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def server(app, live_server):
    app.config["LIVE_KEEPALIVE_SECONDS"] = 1.0
    return live_server


def _api(server, path, token):
    request = urllib.request.Request(f"{server.url}{path}", headers={"X-Site-Token": token})
    return json.load(urllib.request.urlopen(request, timeout=10))


def test_a_ticket_from_the_phone_to_the_province_desk_and_back(server, browser, db, clock, ready_ceremony, report,
                                                               make_user, tmp_path):
    report(ready_ceremony, "21550")
    site = get_site_by_code(ready_ceremony.id, "21550")
    token = issue_site_token(site)
    db.session.commit()
    organizer = make_user("organizer")
    desk = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, server.url, organizer.email)
    desk.goto(f"{server.url}/ceremonies/{ready_ceremony.id}/helpdesk")
    desk.wait_for_function("document.getElementById('desk-live').textContent === 'Trực tiếp'", timeout=10000)
    desk.evaluate("window.__sameDocument = true")

    photo = tmp_path / "man-hinh.png"
    Image.new("RGB", (64, 48), (20, 40, 200)).save(photo)
    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{server.url}/r/{token}")
    phone.click("#help-open")
    phone.fill("#help-form textarea", "Máy chiếu không lên hình")
    phone.set_input_files("#help-form input[type=file]", str(photo))
    phone.click("#help-form button[type=submit]")
    phone.wait_for_function("document.getElementById('help-state').textContent.indexOf('Đã gửi yêu cầu') === 0",
                            timeout=10000)
    phone.wait_for_selector("#point-tickets .ticket[data-status='open']", timeout=5000)
    tile = _api(server, f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/checkins", token)
    assert tile["items"][0]["status"] == "ready"  # the report itself stays as it was

    card = desk.locator(".ticket[data-status='open']")
    card.wait_for(timeout=10000)  # arrived live
    assert "Máy chiếu không lên hình" in card.inner_text() and "21550" in card.inner_text()
    desk.wait_for_function("document.querySelector('.ticket img.photo') && "
                           "document.querySelector('.ticket img.photo').naturalWidth === 64", timeout=10000)
    clock.advance(minutes=2)
    card.locator("input[type=text]").fill("Anh kiểm tra dây HDMI giúp em")
    card.locator("button.take").click()
    desk.wait_for_selector(".ticket[data-status='acknowledged']", timeout=10000)
    assert "Anh kiểm tra dây HDMI giúp em" in desk.locator(".ticket").inner_text()

    phone.reload()  # the phone polls every 10 s; a reload shows the same thing at once
    phone.wait_for_selector("#point-tickets .ticket[data-status='acknowledged']", timeout=10000)
    assert "Anh kiểm tra dây HDMI giúp em" in phone.locator("#point-tickets").inner_text()
    phone.fill("#point-tickets input[name=body]", "Đã cắm lại, lên hình rồi")
    phone.click("#point-tickets button")
    desk.wait_for_function("document.querySelector('.ticket').innerText.indexOf('Đã cắm lại, lên hình rồi') >= 0",
                           timeout=10000)
    clock.advance(minutes=3)
    desk.locator(".ticket button.resolve").click()
    desk.wait_for_selector(".ticket[data-status='resolved']", timeout=10000)
    assert desk.evaluate("window.__sameDocument") is True

    tickets = _api(server, f"/api/v1/ceremonies/{ready_ceremony.id}/helpdesk/tickets?site_id={site.id}", token)
    done = tickets["items"][0]
    assert done["status"] == "resolved" and done["acknowledge_seconds"] == 120 and done["resolve_seconds"] == 300
    viewer = make_user("viewer")
    board = browser.new_context(locale="vi-VN").new_page()
    log_in(board, server.url, viewer.email)
    board.goto(f"{server.url}/ceremonies/{ready_ceremony.id}/readiness")
    assert board.locator(f'.tile[data-site-id="{site.id}"]').get_attribute("data-status") == "ready"
    for page in (desk, phone, board):
        page.context.close()


def test_the_board_turns_a_point_with_an_open_ticket_to_problem_live(server, browser, db, clock, ready_ceremony,
                                                                     report, make_user):
    report(ready_ceremony, "21553")
    site = get_site_by_code(ready_ceremony.id, "21553")
    token = issue_site_token(site)
    db.session.commit()
    viewer = make_user("viewer")
    board = browser.new_context(locale="vi-VN").new_page()
    log_in(board, server.url, viewer.email)
    board.goto(f"{server.url}/ceremonies/{ready_ceremony.id}/readiness")
    board.wait_for_function("document.getElementById('live-state').textContent === 'Trực tiếp'", timeout=10000)
    assert board.locator(f'.tile[data-site-id="{site.id}"]').get_attribute("data-status") == "ready"
    request = urllib.request.Request(
        f"{server.url}/api/v1/ceremonies/{ready_ceremony.id}/helpdesk/sites/{site.id}/tickets",
        data=json.dumps({"idempotency_key": "k" * 16, "problem": "Mất điện"}).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Site-Token": token})
    assert urllib.request.urlopen(request, timeout=10).status == 201
    board.wait_for_selector(f'.tile[data-site-id="{site.id}"][data-status="problem"]', timeout=10000)
    assert "Yêu cầu hỗ trợ đang mở: 1" in board.locator(f'.tile[data-site-id="{site.id}"] .tickets').inner_text()
    board.context.close()
