"""The import flow in a real headless Chromium: upload, preview with bad rows, fix, confirm, list."""
import os

import pytest
from playwright.sync_api import expect

from tests.browser_support import log_in
from tests.delegates.conftest import make_rows, to_csv, to_xlsx

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("CEREMONY_SCREENSHOTS")  # a folder to keep screenshots in, for a human look


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_import_preview_confirm_and_list(page, live_server, ceremony, make_user, tmp_path):
    user = make_user("organizer")
    log_in(page, live_server.url, user.email)
    rows = make_rows(12)
    rows[3]["ma_diem_cau"] = "000"
    bad, good = tmp_path / "bad.xlsx", tmp_path / "good.csv"
    bad.write_bytes(to_xlsx(rows))
    rows[3]["ma_diem_cau"] = "51"
    rows[3]["thanh_phan"] = "lanh-dao"
    good.write_bytes(to_csv(rows))
    page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/delegates/import")
    page.set_input_files("input[type=file]", str(bad))
    page.click("text=Kiểm tra tệp")
    error = page.locator("li[data-row='5'][data-field='site_code']")
    expect(error).to_be_visible()
    assert "000" in error.inner_text()
    assert page.locator("tr.bad").count() == 1 and page.locator("text=Xác nhận nhập danh sách").count() == 0
    _shot(page, "import-refused")
    page.set_input_files("input[type=file]", str(good))
    page.click("text=Kiểm tra tệp")
    _shot(page, "import-preview")
    page.click("text=Xác nhận nhập danh sách")
    page.wait_for_url(f"{live_server.url}/ceremonies/{ceremony.id}/delegates")
    assert "Đã nhập 12 đại biểu" in page.locator(".flash").inner_text()
    assert page.locator("td.name").count() == 12
    page.click("text=Phát hành giấy mời còn thiếu")
    assert "Đã phát hành 12 giấy mời" in page.locator(".flash").inner_text()
    _shot(page, "list")


def test_delegate_list_fits_a_phone(browser, live_server, ceremony, make_user):
    from ceremony.delegates.importing import table_from_json
    from ceremony.delegates.operations import import_delegates
    from ceremony.extensions import db

    import_delegates(ceremony.id, table_from_json(make_rows(5)))
    db.session.commit()
    user = make_user("organizer")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, user.email)
    for path in ("delegates", "badges", "letters", "delegates/import"):
        page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px on a phone"
        _shot(page, f"phone-{path.replace('/', '-')}")
    context.close()
