"""In a real Chromium: the attendance board and the director's page show the state of after a Redis
outage without a reload (the stream says "interrupted" and sends a fresh snapshot on the same connection)."""
from __future__ import annotations

import time

import pytest

from ceremony.live.broker import get_broker
from tests.browser_support import log_in

pytestmark = pytest.mark.browser


def test_board_and_director_show_the_state_after_a_redis_outage_without_reload(app, db, own_redis, invited,
                                                                                 make_user, api_headers, browser):
    app.config.update(REDIS_URL=own_redis.url, LIVE_PUBLISH_TIMEOUT=0.5, SERVER_NAME=None, PUBLIC_URL="")
    app.extensions.pop("live_broker", None)
    from tests.browser_support import LiveServer

    server = LiveServer(app).start()
    organizer = make_user("organizer")
    checker = api_headers("checker")
    client = app.test_client()
    cid = invited.ceremony.id
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    try:
        from tests.attendance.test_live_outage import _listening

        assert _listening(get_broker(app))
        board = context.new_page()
        log_in(board, server.url, organizer.email)
        board.goto(f"{server.url}/ceremonies/{cid}/attendance")
        board.wait_for_function("document.querySelector('[data-count=present]').textContent.trim() === '0'")
        director = context.new_page()
        director.goto(f"{server.url}/ceremonies/{cid}/program/director")
        director.wait_for_function("document.querySelector('[data-program]') && "
                                   "document.querySelector('[data-program]').dataset.connected === 'yes'",
                                   timeout=15000)
        for page in (board, director):
            page.evaluate("window.__notReloaded = true")

        own_redis.stop()
        for i in range(2):
            response = client.post(f"/api/v1/ceremonies/{cid}/checkins", headers=checker,
                                   json={"text": invited.token(i), "gate": "A", "device": "p", "nonce": str(i)})
            assert response.get_json()["result"] == "welcome"
        organizer_api = api_headers("organizer")
        assert client.post(f"/api/v1/ceremonies/{cid}/show", headers=organizer_api,
                           json={"action": "start", "override": "thử khi mất Redis"}).status_code == 200
        outage = time.monotonic()
        while time.monotonic() - outage < 3:  # a few seconds without Redis
            time.sleep(0.1)
        assert board.locator("[data-count=present]").first.inner_text().strip() == "0"  # it could not know yet
        own_redis.start()

        board.wait_for_function("document.querySelector('[data-count=present]').textContent.trim() === '2'",
                                timeout=10000)
        director.wait_for_function("document.querySelector('[data-program]') && "
                                   "document.querySelector('[data-program]').dataset.status === 'running'",
                                   timeout=10000)
        assert board.evaluate("window.__notReloaded") is True
        assert director.evaluate("window.__notReloaded") is True
    finally:
        context.close()
        server.stop()
