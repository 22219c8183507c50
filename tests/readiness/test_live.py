"""Board messages leave only on commit, reach other worker processes through Redis, and an
operator's stream carries only their points."""
import json
import os
import threading

import pytest

from ceremony import create_app
from ceremony.live.broker import get_broker
from ceremony.readiness.escalation import close_window
from ceremony.readiness.queries import get_phase, topic
from ceremony.sites.queries import get_site_by_code


def test_a_checkin_is_pushed_after_commit_only(db, clock, ready_ceremony, report):
    from ceremony.readiness.operations import record_checkin
    from tests.readiness.conftest import ALL_OK

    with get_broker().subscribe([topic(ready_ceremony.id)]) as subscription:
        site = get_site_by_code(ready_ceremony.id, "21010")
        record_checkin(site, idempotency_key="rolled-back-1", answers=ALL_OK)
        db.session.rollback()
        assert subscription.get(timeout=0.05) is None
        report(ready_ceremony, "21010")
        message = subscription.get(timeout=1)
        assert message.event == "point"
        assert message.data["site_id"] == site.id and message.data["status"] == "ready"
        close_window(get_phase(ready_ceremony.id, "t30"))
        db.session.commit()
        phase_message = subscription.get(timeout=1)
        assert phase_message.event == "phase" and phase_message.data["flagged"] == 7


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_operator_stream_drops_other_points(app, client, clock, ready_ceremony, login, report):
    app.config["LIVE_KEEPALIVE_SECONDS"] = 0.05
    login("operator", site_codes=["21550"])
    response = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/stream")
    chunks = (c.decode() if isinstance(c, bytes) else c for c in response.response)  # the stream
    assert next(chunks).startswith("retry")
    snapshot = next(chunks)
    assert "21550" in snapshot and "21010" not in snapshot
    report(ready_ceremony, "21010")
    report(ready_ceremony, "21550")
    events = []
    for chunk in chunks:
        if chunk.startswith("event: point"):
            events.append(json.loads(chunk.split("data: ", 1)[1]))
            break
    response.close()
    assert [e["code"] for e in events] == ["21550"]


def test_a_stopped_heartbeat_turns_the_tile_offline_once(db, clock, ready_ceremony):
    from ceremony.readiness import tasks
    from ceremony.readiness.operations import record_heartbeat

    site = get_site_by_code(ready_ceremony.id, "21553")
    clock.set(get_phase(ready_ceremony.id, "live").opens_at)
    with get_broker().subscribe([topic(ready_ceremony.id)]) as subscription:
        record_heartbeat(site)
        db.session.commit()
        assert subscription.get(timeout=1).data["status"] == "not_reported"  # back online
        clock.advance(seconds=20)
        record_heartbeat(site)
        db.session.commit()
        assert subscription.get(timeout=0.05) is None  # a steady heartbeat is not news
        clock.advance(seconds=60)
        tasks.tick()
        messages = []
        while (message := subscription.get(timeout=0.2)) is not None:
            messages.append(message)
        offline = [m for m in messages if m.event == "point" and m.data["site_id"] == site.id]
        assert [m.data["status"] for m in offline] == ["offline"]
        tasks.tick()
        assert subscription.get(timeout=0.05) is None


def test_a_checkin_in_one_process_reaches_boards_of_another_through_redis(app, db, clock, ready_ceremony, report):
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("Redis fan-out: TEST_REDIS_URL is not set (no Redis answered on 127.0.0.1:6379)")
    app.config["REDIS_URL"] = url
    app.extensions.pop("live_broker", None)
    others = []  # "another worker": its own app and Redis listener (made outside the test's app context)
    maker = threading.Thread(target=lambda: others.append(create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "REDIS_URL": url,
        "LIVE_CHANNEL_PREFIX": app.config["LIVE_CHANNEL_PREFIX"]})))
    maker.start()
    maker.join(timeout=30)
    other_broker = get_broker(others[0])
    try:
        with other_broker.subscribe([topic(ready_ceremony.id)]) as subscription:
            report(ready_ceremony, "21013")
            message = subscription.get(timeout=3)
        assert message is not None and message.event == "point" and message.data["code"] == "21013"
    finally:
        other_broker.close()
        get_broker(app).close()
        app.extensions.pop("live_broker", None)
