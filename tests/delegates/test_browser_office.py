"""In headless Chromium: an organizer gives a ceremony the 2025 two-tier network, then imports an
office's own XLSX (merged titles, no point column) for one commune, choosing the point on the page."""
import pytest
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.delegates.test_office_lists import office_xlsx

pytestmark = pytest.mark.browser


def test_two_tier_network_and_office_list_on_pages(browser, live_server, make_ceremony, make_user, tmp_path):
    ceremony = make_ceremony()
    user = make_user("organizer")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/network")
    page.click("text=Chọn mạng điểm cầu của buổi lễ")
    page.select_option("select[name=source]", "2025:51")
    page.click("text=Dùng mạng này")
    assert "97 điểm cầu của Tỉnh Quảng Ngãi (2025)" in page.locator(".flash").inner_text()  # 1 + 96
    expect(page.locator("[data-tiers='2']")).to_be_visible()
    assert page.locator("dd[data-tier='district']").count() == 0
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the network page scrolls sideways by {overflow}px on a phone"
    # The composition category the office writes by name.
    from ceremony.delegates.models import CompositionCategory
    from ceremony.extensions import db
    from ceremony.sites.models import Tier

    db.session.add(CompositionCategory(ceremony_id=ceremony.id, tier=Tier.commune, code="ubnd-xa",
                                       name="Lãnh đạo UBND xã, phường"))
    db.session.commit()
    path = tmp_path / "ds-duc-pho.xlsx"
    path.write_bytes(office_xlsx())
    page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/delegates/import")
    page.select_option("select[name=site]", label="Phường Đức Phổ (21439)")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=Kiểm tra tệp")
    expect(page.locator("tr[data-field='full_name'][data-column='B']")).to_be_visible()
    assert "dòng 4" in page.locator("table.columns-taken caption").inner_text()
    assert "phường Đức Phổ" in page.locator("[data-site='21439']").inner_text()
    page.click("text=Xác nhận nhập danh sách")
    page.wait_for_url(f"{live_server.url}/ceremonies/{ceremony.id}/delegates")
    assert "Đã nhập 3 đại biểu" in page.locator(".flash").inner_text()
    context.close()
