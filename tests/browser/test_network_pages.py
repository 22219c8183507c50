"""The foundation pages in a real headless Chromium, in Vietnamese and in English."""
import pytest

from tests.browser_support import log_in

pytestmark = pytest.mark.browser


def test_organizer_sees_the_network_tree_fold_by_district(page, live_server, make_ceremony, make_user):
    ceremony = make_ceremony()
    user = make_user("organizer")
    log_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/network")
    assert page.locator("h1").inner_text() == "Điểm cầu"
    assert page.locator("dd[data-tier=district]").inner_text() == "3"
    commune = page.locator("li[data-code='21553']")
    assert not commune.is_visible()  # folded
    page.click("details[data-code='534'] > summary")
    assert commune.is_visible() and "Xã Phổ An" in commune.inner_text()
    page.click("a[hreflang=en]")
    assert page.locator("h1").inner_text() == "Bridge points"
    assert "District points" in page.locator(".counts").inner_text()


def test_the_layout_fits_a_phone(browser, live_server, make_ceremony, make_user):
    ceremony = make_ceremony()
    user = make_user("viewer")
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="vi-VN")
    page = context.new_page()
    log_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/network")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
    context.close()
