"""Headless Chromium for page tests: a live server in a thread and Playwright driving Debian's chromium.

Use the fixtures ``live_server`` (the app served on a free loopback port; its ``url``) and
``browser`` (a Playwright Browser). Without /usr/bin/chromium or Playwright the tests are skipped
with the reason. Browser tests run on SQLite only (mark them ``browser``); the database file is
shared between the test and the server thread.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture
def live_server(app, backend):
    if backend != "sqlite":
        pytest.skip("browser tests run on SQLite only")
    app.config.update(SERVER_NAME=None, PUBLIC_URL="")
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _playwright():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser test skipped: {CHROMIUM} is missing (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser test skipped: playwright is not installed")
    with sync_playwright() as pw:
        with _csp_bypassed_by_default():
            yield pw


@contextlib.contextmanager
def _csp_bypassed_by_default():
    """Playwright's ``wait_for_function`` evaluates its string in the page, which the service's
    Content-Security-Policy (no 'unsafe-eval') refuses; page tests therefore bypass the policy unless
    they pass ``bypass_csp=False`` (tests/security/test_browser_csp.py runs the pages under it)."""
    from playwright.sync_api import Browser

    originals = {name: getattr(Browser, name) for name in ("new_context", "new_page")}

    def patched(name):
        def call(self, **options):
            options.setdefault("bypass_csp", True)
            return originals[name](self, **options)
        return call

    for name in originals:
        setattr(Browser, name, patched(name))
    try:
        yield
    finally:
        for name, method in originals.items():
            setattr(Browser, name, method)


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base_url: str, email: str, password: str = "correct-horse") -> None:
    """Log in through the real form."""
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) and shutil.which(CHROMIUM) is not None
