"""Issue 8, done when: in headless Chromium, with no command line, an organizer builds this year's
ceremony from last year's demo ceremony on the 2025 two-tier Quảng Ngãi network (categories, windows
and checklist, program copied), moves its date, imports a ward office's own XLSX, issues the letters;
the delegate sends a substitute from the letter's link; the point's letters and badges print with the
substitute; the operator reports ready on a 390 px phone inside the T-30 window; the gate admits the
substitute by the typed short code and refuses the original; the director starts the show and fires
the launch."""
import io
import re

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa
from pypdf import PdfReader

from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.delegates import queries as delegate_queries
from ceremony.delegates.models import Delegate, Person
from ceremony.invitations.models import Invitation
from ceremony.program import queries as program_queries
from ceremony.program.models import Launch
from ceremony.readiness.models import ReadinessCheckIn
from ceremony.sites.queries import get_site_by_code
from tests.browser_support import log_in
from tests.journey.common import (
    COMMUNE,
    ORIGINAL,
    SOURCE_SLUG,
    START,
    SUBSTITUTE,
    flat,
    inside_the_t30_window,
    office_xlsx,
)

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


def _pdf_text(page, response) -> str:
    """The PDF the click opened, fetched again with the page's session (Chromium shows it inline)."""
    assert response.status == 200 and response.headers["content-type"] == "application/pdf", response.url
    body = page.context.request.get(response.url).body()
    return flat(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages))


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px on a phone"


def _invitation_of(db, ceremony_id, name):
    return db.session.scalar(sa.select(Invitation).join(Delegate, Invitation.delegate_id == Delegate.id)
                             .join(Person, Delegate.person_id == Person.id)
                             .where(Delegate.ceremony_id == ceremony_id, Person.full_name == name))


def test_the_whole_journey_on_pages(browser, page, live_server, db, demo, clock, make_user, tmp_path):
    clock.set(START.replace(day=1))  # two and a half weeks before
    base = live_server.url
    source = get_ceremony_by_slug(SOURCE_SLUG)
    organizer = make_user("organizer")
    log_in(page, base, organizer.email)

    # From last year's ceremony: categories, windows and checklist, program; not its 2023 network.
    page.goto(f"{base}/")
    page.click("text=Tạo từ buổi lễ trước")
    page.select_option("select[name=source]", str(source.id))
    page.fill("input[name=title]", "Lễ khai trương ứng dụng 2026")
    page.fill("input[name=starts_at]", "2026-12-11T08:00")
    page.uncheck("input[name=copy][value=network]")
    for part in ("categories", "readiness", "program"):
        page.check(f"input[name=copy][value={part}]")
    page.click("#new-ceremony button[type=submit]")
    page.wait_for_url(re.compile(r"/ceremonies/\d+/setup$"))
    cid = int(page.url.rsplit("/", 2)[1])
    assert "Đã tạo buổi lễ" in page.locator(".flash").first.inner_text()
    page.goto(f"{base}/ceremonies/{cid}/categories")
    for category in delegate_queries.categories(source.id):
        assert page.locator(f"#category-{category.code}").count() == 1, category.code
    page.goto(f"{base}/ceremonies/{cid}/readiness/checklist")
    assert page.locator("#window-t30").count() == 1
    page.goto(f"{base}/ceremonies/{cid}/program")
    program = page.locator("main").inner_text()
    assert all(segment.title in program for segment in program_queries.list_segments(source.id))

    # The 2025 two-tier network of Quảng Ngãi.
    page.goto(f"{base}/ceremonies/{cid}/network")
    assert page.locator("details.card").get_attribute("open") is not None  # no points yet: the choice is open
    page.select_option("select[name=source]", "2025:51")
    page.click("text=Dùng mạng này")
    assert "97 điểm cầu của Tỉnh Quảng Ngãi (2025)" in page.locator(".flash").inner_text()
    assert page.locator("dd[data-tier='district']").count() == 0

    # Move the date a week: the windows follow and the page says so.
    page.goto(f"{base}/ceremonies/{cid}/setup")
    page.click("text=Đổi ngày giờ và thông tin")
    page.fill("input[name=starts_at]", "2026-12-18T08:00")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_url(f"{base}/ceremonies/{cid}")
    moved = page.locator("#moved").inner_text()
    assert "Kiểm tra T-30 phút: mở" in moved and "07:00, 18/12/2026" in moved

    # The ward office's list, for Phường Đức Phổ.
    path = tmp_path / "ds-duc-pho.xlsx"
    path.write_bytes(office_xlsx())
    page.goto(f"{base}/ceremonies/{cid}/delegates/import")
    page.select_option("select[name=site]", label=f"Phường Đức Phổ ({COMMUNE})")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Kiểm tra tệp")
    expect(page.locator("tr[data-field='full_name'][data-column='B']")).to_be_visible()
    assert "dòng 4" in page.locator("table.columns-taken caption").inner_text()
    page.click("text=Xác nhận nhập danh sách")
    page.wait_for_url(f"{base}/ceremonies/{cid}/delegates")
    assert "Đã nhập 2 đại biểu" in page.locator(".flash").inner_text()

    # One Giấy mời: number, date, signer; then the letters.
    page.goto(f"{base}/ceremonies/{cid}/letters")
    form = page.locator("#letter-settings")
    form.locator("input[name=number]").fill("210")
    form.locator("input[name=letter_date]").fill("2026-12-04")
    form.locator("input[name=signer_title]").fill("Chủ tịch")
    form.locator("input[name=signer_name]").fill("Nguyễn Hoàng Giang")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.goto(f"{base}/ceremonies/{cid}/delegates")
    with page.expect_navigation():
        page.click(f"form[action='/ceremonies/{cid}/delegates/invitations'] button[type=submit]")
    db.session.expire_all()
    original = _invitation_of(db, cid, ORIGINAL)
    assert original is not None and not original.is_revoked
    original_token, original_code = original.token, original.short_code

    # The delegate opens the letter's link on a phone and sends a substitute.
    delegate_phone = browser.new_context(**PHONE)
    mobile = delegate_phone.new_page()
    mobile.goto(f"{base}/i/{original_token}")
    mobile.click("text=Cử người dự thay")
    mobile.fill("input[name=full_name]", SUBSTITUTE)
    mobile.fill("input[name=title]", "Phó Chủ tịch UBND phường")
    mobile.fill("input[name=phone]", "0905 111 222")
    with mobile.expect_navigation():
        mobile.locator("form.stack button[type=submit]").click()
    substitute_code = mobile.locator("[data-short-code]").get_attribute("data-short-code")
    assert substitute_code and substitute_code != original_code
    _no_sideways_scroll(mobile)
    delegate_phone.close()

    # The point's letters and badges, printed at once: the substitute, not the original.
    page.goto(f"{base}/ceremonies/{cid}/letters")
    printing = page.locator("#print-letters")
    printing.locator("select[name=site]").select_option(COMMUNE)
    if printing.locator("input[name=confirm]").count():
        printing.locator("input[name=confirm]").check()
    with page.expect_response(lambda r: "/letters.pdf" in r.url) as letters:
        printing.locator("button[type=submit]").click()
    text = _pdf_text(page, letters.value)
    assert SUBSTITUTE in text and ORIGINAL not in text and "Số: 210/" in text
    page.goto(f"{base}/ceremonies/{cid}/badges")
    page.select_option("select[name=site]", COMMUNE)
    with page.expect_response(lambda r: "/badges.pdf" in r.url) as badges:
        page.click("form button[type=submit].primary")
    text = _pdf_text(page, badges.value)
    assert SUBSTITUTE in text and ORIGINAL not in text

    # Inside the T-30 window the operator reports ready from the phone link the organizer hands out.
    clock.set(inside_the_t30_window())
    site = get_site_by_code(cid, COMMUNE)
    page.goto(f"{base}/ceremonies/{cid}/readiness/sites/{site.id}")
    operator_link = page.locator(".operator-link input[readonly]").input_value()
    operator_phone = browser.new_context(**PHONE)
    op = operator_phone.new_page()
    op.goto(operator_link)
    _no_sideways_scroll(op)
    for radio in op.locator("input[type=radio][value=ok]").all():
        radio.check()
    op.click("button.primary")
    op.wait_for_function("document.body.innerText.indexOf('Đã nhận báo cáo') >= 0", timeout=10000)
    operator_phone.close()
    db.session.expire_all()
    report = db.session.scalar(sa.select(ReadinessCheckIn).where(ReadinessCheckIn.site_id == site.id))
    assert report is not None and report.phase.key == "t30" and report.status.value == "ready"

    # At the gate, on a phone: the substitute's typed code is welcomed, the original's refused.
    clock.set(START)
    checker = make_user("checker")
    gate_phone = browser.new_context(**PHONE)
    gate = gate_phone.new_page()
    log_in(gate, base, checker.email)
    gate.goto(f"{base}/ceremonies/{cid}/attendance/scan")
    gate.fill("#gate", "Cổng chính")
    result = gate.locator("#result")

    def type_code(text):
        gate.fill("#typed-code", "")
        gate.type("#typed-code", text)
        gate.press("#typed-code", "Enter")
        gate.wait_for_function("!['checking', 'idle'].includes(document.getElementById('result').dataset.result)")
        outcome = result.get_attribute("data-result"), result.inner_text()
        gate.evaluate("document.getElementById('result').dataset.result = 'idle'")
        return outcome

    outcome, said = type_code(original_code.lower())
    assert outcome == "revoked" and SUBSTITUTE in said
    outcome, said = type_code(substitute_code.lower())
    assert outcome == "welcome" and SUBSTITUTE in said
    gate_phone.close()

    # The director starts the show (one point of 96 reported: with a recorded reason) and launches.
    page.goto(f"{base}/ceremonies/{cid}/program/director")
    page.fill("#override", "Diễn tập: một điểm cầu đã báo cáo")
    with page.expect_navigation():
        page.click("#start-show")
    for _ in range(20):
        if page.locator("#fire-launch").count():
            break
        with page.expect_navigation():
            page.click("#next-segment")
    with page.expect_navigation():
        page.click("#fire-launch")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Launch).where(Launch.ceremony_id == cid)) == 1
