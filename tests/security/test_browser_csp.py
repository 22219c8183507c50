"""The main pages work in Chromium under the Content-Security-Policy, with no violation reported."""
import time

import pytest

from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code
from tests.browser_support import log_in

pytestmark = pytest.mark.browser

WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"""


def wait_until(page, expression: str, timeout_ms: int) -> None:
    """``wait_for_function`` without it: Playwright evaluates that string in the page, which this very
    policy (no 'unsafe-eval') refuses. ``evaluate`` goes through the debugger protocol instead."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            problems = [p if isinstance(p, str) else f"{p.status} {p.url}: {p.text()[:200]}"
                        for p in PROBLEMS.get(id(page), [])]
            raise AssertionError(f"timed out waiting for {expression} (violations: {page.evaluate('window.__csp')}, "
                                 f"{problems})")
        page.wait_for_timeout(50)


PROBLEMS = {}


class Watched:
    """A browser context whose pages report CSP violations, console errors and script errors."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(locale="vi-VN", bypass_csp=False, **options)
        self.context.add_init_script(WATCH)
        self.problems = []
        self.pages = []

    def page(self):
        page = self.context.new_page()
        page.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource")
                and self.problems.append(f"console: {m.text}"))
        page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico")
                and self.problems.append(r))
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.pages.append(page)
        PROBLEMS[id(page)] = self.problems
        return page

    def check(self):
        for page in self.pages:
            if not page.is_closed():
                self.problems += [f"csp: {v}" for v in page.evaluate("window.__csp || []")]
        problems = [p if isinstance(p, str) else f"{p.status} {p.url}: {p.text()[:200]}" for p in self.problems]
        self.context.close()
        assert not problems, problems


def test_scanner_attendance_board_and_invitation_page(browser, live_server, invited, make_user, db):
    base, ceremony = live_server.url, invited.ceremony
    gate = Watched(browser, viewport={"width": 390, "height": 800}, is_mobile=True)
    page = gate.page()
    page.goto(f"{base}/i/{invited.token(0)}")
    assert page.locator("h1").count() == 1
    log_in(page, base, make_user("checker").email)
    page.goto(f"{base}/ceremonies/{ceremony.id}/attendance/scan")
    page.fill("#gate", "Cổng A")
    page.fill("#typed-code", invited.token(0))
    page.press("#typed-code", "Enter")  # an online redeem: the cookie with the page's CSRF header
    wait_until(page, "document.getElementById('result').dataset.result === 'welcome'", 10000)
    page.evaluate("navigator.serviceWorker && navigator.serviceWorker.ready")
    gate.check()

    office = Watched(browser, viewport={"width": 1280, "height": 900})
    board = office.page()
    log_in(board, base, make_user("organizer").email)
    board.goto(f"{base}/ceremonies/{ceremony.id}/attendance")
    board.wait_for_selector("[data-count=present]:has-text('1')", timeout=10000)
    board.goto(f"{base}/ceremonies/{ceremony.id}/delegates")
    office.check()


def test_readiness_board_and_operator_pages(browser, live_server, ready_ceremony, make_user, db, app, clock):
    app.config["LIVE_KEEPALIVE_SECONDS"] = 1.0
    base, ceremony = live_server.url, ready_ceremony
    site = get_site_by_code(ceremony.id, "21553")
    token = issue_site_token(site)
    db.session.commit()
    phone = Watched(browser, viewport={"width": 390, "height": 800}, is_mobile=True)
    operator = phone.page()
    operator.goto(f"{base}/r/{token}")
    for key in ("network", "camera", "microphone", "speakers", "display", "test_call", "seated"):
        operator.locator(f'input[name="state_{key}"][value="ok"]').dispatch_event("click")  # no layout race
    operator.click("button.primary")
    wait_until(operator, "document.getElementById('queue-state').textContent === 'Đã nhận báo cáo.'", 10000)
    phone.check()

    office = Watched(browser, viewport={"width": 1280, "height": 900})
    board = office.page()
    log_in(board, base, make_user("organizer").email)
    board.goto(f"{base}/ceremonies/{ceremony.id}/readiness")
    wait_until(board, "document.getElementById('live-state').textContent === 'Trực tiếp'", 10000)
    assert board.locator(f'.tile[data-site-id="{site.id}"]').get_attribute("data-status") == "ready"
    # An organizer reports for another point from the same page, with the session cookie.
    other = get_site_by_code(ceremony.id, "21550")
    form = office.page()
    form.goto(f"{base}/ceremonies/{ceremony.id}/readiness/sites/{other.id}/report")
    for key in ("network", "camera", "microphone", "speakers", "display", "test_call", "seated"):
        form.locator(f'input[name="state_{key}"][value="ok"]').dispatch_event("click")
    form.click("button.primary")
    wait_until(form, "document.getElementById('queue-state').textContent === 'Đã nhận báo cáo.'", 10000)
    board.wait_for_selector(f'.tile[data-site-id="{other.id}"][data-status="ready"]', timeout=10000)
    office.check()


def test_director_projector_cue_strip_and_builder(browser, live_server, program, make_user):
    base = live_server.url
    screens = Watched(browser, viewport={"width": 1280, "height": 800})
    projector = screens.page()
    log_in(projector, base, make_user("organizer").email)
    projector.goto(f"{base}/ceremonies/{program.id}/program/projector")
    projector.wait_for_selector("[data-program][data-connected=yes]", timeout=10000)
    strip = screens.page()
    strip.goto(f"{base}/ceremonies/{program.id}/program/cue-strip?site=21553")
    strip.wait_for_selector("[data-program][data-connected=yes]", timeout=10000)
    director = screens.page()
    answer = director.goto(f"{base}/ceremonies/{program.id}/program/director")
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    director.wait_for_selector("[data-program][data-connected=yes]", timeout=10000)
    director.fill("#override", "Tổng duyệt")
    director.click("#start-show")
    wait_until(projector, "document.querySelector('[data-bind=current-title]').textContent"
                                ".includes('Tuyên bố lý do')", 10000)
    wait_until(strip, "document.querySelector('[data-bind=current-remote-cue]').textContent"
                            ".includes('tắt micro')", 10000)
    builder = screens.page()
    builder.goto(f"{base}/ceremonies/{program.id}/program")
    builder.on("dialog", lambda dialog: dialog.dismiss())  # the delete confirmation, answered "no"
    builder.locator("form[data-confirm] button").first.click()
    assert builder.locator(".segment").count() == 5
    # Any page's own fetch() that writes with the session cookie gets the CSRF header (static/core/page.js).
    segment_id = builder.locator(".segment").first.get_attribute("data-segment-id")
    status = builder.evaluate("""(url) => fetch(url, {method: 'PATCH', headers: {'Content-Type': 'application/json'},
                                 body: JSON.stringify({planned_minutes: 7})}).then((r) => r.status)""",
                              f"/api/v1/ceremonies/{program.id}/segments/{segment_id}")
    assert status == 200
    for page in (projector, strip):
        page.evaluate("window.programView && window.programView.source && window.programView.source.close()")
    screens.check()


def test_the_director_cannot_be_framed(browser, live_server, program, make_user):
    base = live_server.url
    context = browser.new_context(bypass_csp=False)
    page = context.new_page()
    log_in(page, base, make_user("organizer").email)
    page.goto(f"{base}/static/css/app.css")  # any page of the origin, to host the frame
    page.evaluate("""(url) => { const f = document.createElement('iframe'); f.src = url; f.id = 'probe';
                                document.body.appendChild(f); }""", f"{base}/ceremonies/{program.id}/program/director")
    page.wait_for_timeout(1500)
    frame = page.frame_locator("#probe")
    assert frame.locator("#start-show").count() == 0, "the director page rendered inside a frame"
    context.close()
