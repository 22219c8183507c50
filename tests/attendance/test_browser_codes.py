"""At a phone-width gate, the clerk types the code printed under the QR: shown grouped as typed,
welcomed once, the replaced original refused saying who replaced him, the letter's number
explained; offline the local list answers short codes too."""
import pytest
import sqlalchemy as sa

from ceremony.attendance.models import DelegateCheckIn, GateScan
from ceremony.invitations.codes import grouped
from ceremony.invitations.rsvp import send_substitute
from tests.browser_support import log_in

pytestmark = pytest.mark.browser


def _type(page, text):
    page.fill("#typed-code", "")
    page.type("#typed-code", text)
    shown = page.input_value("#typed-code")
    page.press("#typed-code", "Enter")
    page.wait_for_function("!['checking', 'idle'].includes(document.getElementById('result').dataset.result)")
    return shown


def test_a_phone_gate_types_short_codes(browser, live_server, invited, make_user, db):
    checker = make_user("checker")
    original = invited.invitations[4]
    original_code = original.short_code
    substitute = send_substitute(original, "Trần Văn Thay", "Phó Chủ tịch UBND thị xã", "0905111222")
    # Đức Phổ's point meets in the province's hall: the venue's gate keeps both points' lists.
    invited.sites["51"].venue = invited.sites["534"].venue = "Hội trường UBND tỉnh"
    db.session.commit()
    substitute_code, other_code = substitute.short_code, invited.invitations[2].short_code
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, checker.email)
    page.goto(f"{live_server.url}/ceremonies/{invited.ceremony.id}/attendance/scan")
    page.fill("#gate", "Cổng chính")
    page.wait_for_function("document.getElementById('list-status').textContent.includes('7')")  # 4 + 2 + the substitute
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    assert page.get_attribute("#typed-code", "placeholder") == "ABCD-EFGH"
    result = page.locator("#result")

    # Typed in lower case without the dash: shown grouped in capitals, welcomed.
    assert _type(page, substitute_code.lower()) == grouped(substitute_code)
    assert result.get_attribute("data-result") == "welcome" and "Trần Văn Thay" in result.inner_text()
    # The same code again: already in, with the gate and time.
    _type(page, f"{substitute_code[:4]} {substitute_code[4:]}")
    assert result.get_attribute("data-result") == "already" and "Cổng chính" in result.inner_text()
    # The replaced original's code: refused, saying who came in his place.
    _type(page, original_code.lower())
    assert result.get_attribute("data-result") == "revoked"
    assert "Trần Văn Thay" in result.inner_text() and "Đã cử người dự thay" in result.inner_text()
    # The letter's number: explained, not "Mã không hợp lệ".
    _type(page, "Số: 125/GM-UBND")
    assert result.get_attribute("data-result") == "unreadable"
    assert "số của Giấy mời" in result.inner_text() and "ABCD-EFGH" in result.inner_text()
    assert "Đây là số giấy mời, không phải mã vào cổng" in result.inner_text()
    assert "Mã không hợp lệ" not in result.inner_text()
    # Offline, the local list knows the short codes too.
    context.set_offline(True)
    _type(page, grouped(other_code).lower())
    page.wait_for_selector(".offline-note")
    assert result.get_attribute("data-result") == "welcome" and "Lê Văn Hải" in result.inner_text()
    _type(page, original_code)
    assert result.get_attribute("data-result") == "revoked" and "Trần Văn Thay" in result.inner_text()
    context.set_offline(False)
    page.evaluate("window.ceremonyScanner.flush()")
    page.wait_for_function("window.ceremonyScanner.queueLength() === 0")
    context.close()
    db.session.expire_all()
    checked_in = set(db.session.scalars(sa.select(DelegateCheckIn.delegate_id)))
    assert checked_in == {substitute.delegate_id, invited.invitations[2].delegate_id}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan).where(GateScan.is_conflict)) == 0
