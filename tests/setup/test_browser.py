"""In headless chromium: a new ceremony from last year's, its date moved, a category and a window edited."""
import re
from datetime import datetime

import pytest

from ceremony.delegates.categories import create_category
from ceremony.followup.operations import create_task
from ceremony.program.operations import create_segment
from tests.browser_support import log_in

pytestmark = pytest.mark.browser


def test_organizer_sets_up_a_ceremony_from_last_years_on_the_pages(page, browser, live_server, db, make_ceremony,
                                                                   make_user):
    source = make_ceremony(title="Lễ khai trương 2024")
    create_category(source, tier="commune", name="Lãnh đạo UBND xã", code="ubnd-xa")
    create_task(source, title="Báo cáo truyền thông", tier="district", due_days=2, due_time="17:00")
    create_segment(source, title="Nghi lễ bấm nút", kind="launch", is_fixed_time=True,
                   fixed_start_at=datetime(2024, 9, 27, 8, 20))
    db.session.commit()
    user = make_user("organizer")
    base = live_server.url
    log_in(page, base, user.email)

    page.goto(f"{base}/")
    page.click("text=Tạo từ buổi lễ trước")
    page.select_option("select[name=source]", str(source.id))
    page.fill("input[name=title]", "Lễ khai trương 2025")
    page.fill("input[name=starts_at]", "2025-09-26T08:00")
    assert page.locator("input[name=copy][value=program]").is_checked()
    page.click("#new-ceremony button[type=submit]")
    page.wait_for_url(re.compile(r"/ceremonies/\d+/setup$"))
    new_id = int(page.url.rsplit("/", 2)[1])
    assert "Đã tạo buổi lễ" in page.locator(".flash").first.inner_text()
    slug = page.locator("code.slug").inner_text()
    assert slug.startswith("le-khai-truong-2025-20250926")
    assert page.locator("li.setup-step.missing").count() == 1  # only the delegates are still missing
    assert page.locator("li[data-step=delegates].missing").count() == 1

    # Move the date: windows, the program's fixed time and the follow-up deadline follow, and the page says so.
    page.click("text=Đổi ngày giờ và thông tin")
    page.fill("input[name=starts_at]", "2025-10-03T14:00")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_url(f"{base}/ceremonies/{new_id}")
    moved = page.locator("#moved").inner_text()
    assert "Kiểm tra T-30 phút: mở" in moved and "07:00, 26/09/2025" in moved and "13:00, 03/10/2025" in moved
    assert "Hạn chót: Báo cáo truyền thông" in moved and "17:00, 28/09/2025" in moved and "23:00, 05/10/2025" in moved
    assert "Nghi lễ bấm nút" in moved and "14:20, 03/10/2025" in moved
    assert "15:00, 03/10/2025" in page.locator("dl.facts").inner_text()  # the end moved along
    page.goto(f"{base}/ceremonies/{new_id}/followup")
    assert page.locator(".followup-task .due").inner_text() == "23:00, 05/10/2025"
    page.goto(f"{base}/ceremonies/{new_id}/program")
    assert "14:20" in page.locator("main").inner_text()

    # Edit a window: T-30 opens at T-45 instead; the page shows both notations.
    page.goto(f"{base}/ceremonies/{new_id}/readiness/checklist")
    row = page.locator("#window-t30")
    assert "T-60 phút" in row.inner_text() and "13:00, 03/10/2025" in row.inner_text()
    row.locator("input[name=opens_offset_minutes]").fill("-45")
    row.locator("button", has_text="Lưu").click()
    assert "Đã lưu khung giờ." in page.locator(".flash").first.inner_text()
    assert "T-45 phút" in page.locator("#window-t30").inner_text()
    assert "13:15, 03/10/2025" in page.locator("#window-t30").inner_text()

    # Edit a category copied from last year.
    page.goto(f"{base}/ceremonies/{new_id}/categories")
    category = page.locator("#category-ubnd-xa")
    category.locator("input[name=name]").fill("Lãnh đạo UBND xã, phường")
    category.locator("button", has_text="Lưu").click()
    assert "Đã lưu thành phần mời." in page.locator(".flash").first.inner_text()
    assert page.locator("#category-ubnd-xa input[name=name]").input_value() == "Lãnh đạo UBND xã, phường"

    # The set-up checklist fits a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, locale="vi-VN")
    small = phone.new_page()
    log_in(small, base, user.email)
    small.goto(f"{base}/ceremonies/{new_id}/setup")
    assert small.locator("li.setup-step").count() == 6
    overflow = small.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the set-up page scrolls sideways by {overflow}px on a phone"
    phone.close()
