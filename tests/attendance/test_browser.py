"""The gate scanner in a real Chromium: a QR read through the fake camera, and the offline queue."""
import shutil
import subprocess
from pathlib import Path

import pytest
import qrcode
import sqlalchemy as sa

from ceremony.attendance.models import CheckInMethod, DelegateCheckIn, GateScan
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, log_in

pytestmark = pytest.mark.browser
VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor" / "jsQR.js"


@pytest.fixture
def vendored():
    if not VENDOR.exists():
        pytest.skip("browser test skipped: static/vendor/jsQR.js is missing (run scripts/build_static.sh)")


def _qr_video(text: str, tmp_path: Path) -> Path:
    """A few seconds of video that shows the QR code, as Chromium's fake camera wants it (.y4m)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("browser test skipped: ffmpeg is missing (apt-get install -y ffmpeg)")
    png, video = tmp_path / "qr.png", tmp_path / "qr.y4m"
    qrcode.make(text, box_size=8, border=4).save(png)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-loop", "1", "-i", str(png), "-t", "2", "-r", "10", "-vf",
                    "scale=480:480,pad=640:480:80:0:color=white,format=yuv420p", "-f", "yuv4mpegpipe", str(video)],
                   check=True, timeout=60)
    return video


def test_a_qr_through_the_fake_camera_is_welcomed(_playwright, live_server, invited, make_user, tmp_path,
                                                 vendored, db):
    checker = make_user("checker")
    video = _qr_video(f"https://ceremony.test/i/{invited.token(0)}", tmp_path)
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + [
        "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = browser.new_context(locale="vi-VN", viewport={"width": 412, "height": 900})
        page = context.new_page()
        log_in(page, live_server.url, checker.email)
        page.goto(f"{live_server.url}/ceremonies/{invited.ceremony.id}/attendance/scan")
        page.fill("#gate", "Cổng chính")
        page.click("#camera-toggle")
        page.wait_for_selector("#result[data-result=welcome]", timeout=20000)
        result = page.locator("#result").inner_text()
        assert "Chào mừng" in result and "Nguyễn Thị Ánh Tuyết" in result and "Khu vực A" in result
        assert "jsQR" in page.locator("#camera-status").inner_text() or \
            "BarcodeDetector" in page.locator("#camera-status").inner_text()
        # The code stays in front of the camera and is read again and again: no second scan is sent.
        page.wait_for_function("window.ceremonyScanner.reads() >= 4", timeout=10000)
        context.close()
    finally:
        browser.close()
    db.session.expire_all()
    checkin = db.session.scalar(sa.select(DelegateCheckIn))
    assert checkin.delegate_id == invited.delegates[0].id and checkin.gate == "Cổng chính"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan)) == 1


def test_an_offline_gate_answers_from_its_list_and_uploads_later(browser, live_server, invited, make_user,
                                                                 vendored, db):
    from ceremony.invitations.operations import revoke_invitation

    checker = make_user("checker")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, checker.email)
    page.goto(f"{live_server.url}/ceremonies/{invited.ceremony.id}/attendance/scan")
    page.fill("#gate", "Cổng phụ")
    # the venue's own four delegates: the gate keeps its point's list
    page.wait_for_function("document.getElementById('list-status').textContent.includes('4')")
    # The list was downloaded; now the network goes, and meanwhile the office revokes one invitation.
    revoke_invitation(invited.invitations[1], "thay người")
    db.session.commit()
    context.set_offline(True)
    for token in (invited.token(0), invited.token(1), invited.token(0)):
        page.fill("#typed-code", token)
        page.press("#typed-code", "Enter")
        page.wait_for_function("document.getElementById('result').dataset.result !== 'checking'")
        page.wait_for_selector(".offline-note")
    assert page.locator("#result").get_attribute("data-result") == "already"
    assert "net-offline" in page.locator("#net-status").get_attribute("class")
    assert page.evaluate("window.ceremonyScanner.queueLength()") == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan)) == 0
    context.set_offline(False)
    page.evaluate("window.ceremonyScanner.flush()")
    page.wait_for_function("window.ceremonyScanner.queueLength() === 0")
    page.wait_for_selector("#queue-status:has-text('xung đột')")  # the revoked one let in offline
    context.close()
    db.session.expire_all()
    scans = db.session.scalars(sa.select(GateScan).order_by(GateScan.scanned_at, GateScan.id)).all()
    assert [(s.result.value, s.local_result, s.is_conflict) for s in scans] == [
        ("welcome", "welcome", False), ("revoked", "welcome", True), ("already", "already", False)]
    checkin = db.session.scalar(sa.select(DelegateCheckIn))
    assert checkin.method is CheckInMethod.offline and checkin.gate == "Cổng phụ"


def test_the_board_counts_a_checkin_live(page, live_server, invited, make_user, db):
    from ceremony.attendance.operations import redeem_checkin

    organizer = make_user("organizer")
    log_in(page, live_server.url, organizer.email)
    page.goto(f"{live_server.url}/ceremonies/{invited.ceremony.id}/attendance")
    page.wait_for_selector("#live-status:has-text('Trực tiếp')")
    assert page.locator("[data-count=present]").inner_text() == "0"
    redeem_checkin(invited.ceremony, invited.token(0), "Cổng A", "d1", "n1")  # a VIP at the venue
    db.session.commit()
    page.wait_for_selector("[data-count=present]:has-text('1')", timeout=5000)
    assert page.locator("[data-count=vip-present]").inner_text() == "1"
    assert page.locator(f"[data-site-present='{invited.sites['51'].id}']").inner_text() == "1"
    assert "Nguyễn Thị Ánh Tuyết" in page.locator("#recent li").first.inner_text()


def test_scanner_and_invitation_page_fit_a_phone(browser, live_server, invited, make_user):
    checker = make_user("checker")
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/i/{invited.token(0)}")  # no login needed
    assert "Nguyễn Thị Ánh Tuyết" in page.locator("h1 + .addressee").inner_text()
    widths = {"invitation": page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")}
    log_in(page, live_server.url, checker.email)
    page.goto(f"{live_server.url}/ceremonies/{invited.ceremony.id}/attendance/scan")
    widths["scanner"] = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert widths == {"invitation": 0, "scanner": 0}, f"pages scroll sideways on a phone: {widths}"


def test_a_gate_reloads_the_scanner_without_the_server(browser, live_server, invited, make_user, vendored):
    checker = make_user("checker")
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, checker.email)
    page.goto(f"{live_server.url}/ceremonies/{invited.ceremony.id}/attendance/scan")
    page.fill("#gate", "Cổng chính")
    page.locator("#gate").dispatch_event("change")
    # the venue's own four delegates: the gate keeps its point's list
    page.wait_for_function("document.getElementById('list-status').textContent.includes('4')")
    page.wait_for_function("window.ceremonyScanner.offlineReady()", timeout=10000)
    live_server.stop()  # the network is really gone now
    page.reload()
    assert page.locator("#gate").input_value() == "Cổng chính"
    page.fill("#typed-code", invited.token(3))
    page.press("#typed-code", "Enter")
    page.wait_for_selector(".offline-note")
    result = page.locator("#result")
    assert result.get_attribute("data-result") == "welcome" and "Phạm Thị Ngọc Hà" in result.inner_text()
    assert page.evaluate("window.ceremonyScanner.queueLength()") == 1
    context.close()


def test_the_gate_warns_of_a_delegate_of_another_point_and_search_shows_the_point(browser, live_server, invited,
                                                                                   make_user):
    from tests.attendance.conftest import NAMES

    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, make_user("checker").email)
    page.goto(f"{live_server.url}/ceremonies/{invited.ceremony.id}/attendance/scan")
    page.fill("#gate", "Cổng A")
    for index, other in ((0, False), (len(NAMES), True)):  # the venue's own delegate, then Đức Phổ's
        page.fill("#typed-code", invited.token(index))
        page.press("#typed-code", "Enter")
        page.wait_for_function("document.getElementById('result').dataset.result === 'welcome'"
                               f" && document.querySelector('#result .who').textContent.includes("
                               f"{invited.delegates[index].person.full_name!r})")
        warning = page.locator("#result .other-point")
        assert warning.count() == (1 if other else 0)
    assert "Đại biểu thuộc điểm cầu khác: Thị xã Đức Phổ" in page.locator("#result .other-point").inner_text()
    page.fill("#search-q", "Huỳnh Thị Lan")
    page.wait_for_selector("#candidates button")
    assert "điểm cầu thị xã Đức Phổ" in page.locator("#candidates button").first.inner_text()  # lower case mid-sentence
    context.close()
