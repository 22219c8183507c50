import os
import uuid

import pytest

from ceremony.live.broker import MemoryBroker, Message, get_broker, publish_after_commit
from ceremony.live.redis_broker import RedisBroker
from ceremony.live.sse import format_event

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def test_memory_broker_fans_out_by_topic():
    broker = MemoryBroker()
    board, other = broker.subscribe({"c1:readiness"}), broker.subscribe({"c2:readiness"})
    broker.publish(Message("c1:readiness", "tile", {"site": "534"}))
    assert board.get(timeout=1).data == {"site": "534"}
    assert other.get(timeout=0.01) is None
    board.close()
    other.close()
    assert broker.subscriber_count() == 0


def test_messages_leave_only_when_the_transaction_commits(app, db):
    subscription = get_broker(app).subscribe({"t"})
    publish_after_commit("t", "rolled", {"n": 1})
    db.session.rollback()
    publish_after_commit("t", "committed", {"n": 2})
    assert subscription.get(timeout=0.01) is None  # not before the commit
    db.session.commit()
    message = subscription.get(timeout=1)
    assert (message.event, message.data) == ("committed", {"n": 2})
    assert subscription.get(timeout=0.01) is None  # the rolled-back one never went out
    subscription.close()


def test_sse_event_format_keeps_vietnamese():
    assert format_event("tile", {"name": "Xã Phổ An"}, "7") == 'id: 7\nevent: tile\ndata: {"name": "Xã Phổ An"}\n\n'


@pytest.mark.skipif(not REDIS_URL, reason="Redis: TEST_REDIS_URL is not set (no server answered on 127.0.0.1:6379)")
def test_redis_broker_reaches_subscribers_of_another_process_broker():
    prefix = f"test:{uuid.uuid4().hex}:"
    worker_a, worker_b = RedisBroker(REDIS_URL, prefix), RedisBroker(REDIS_URL, prefix)
    stranger = RedisBroker(REDIS_URL, f"test:{uuid.uuid4().hex}:")
    try:
        board = worker_b.subscribe({"c1:launch"})
        unrelated = stranger.subscribe({"c1:launch"})
        import time

        deadline = time.time() + 5
        message = None
        while message is None and time.time() < deadline:  # the listener needs a moment to subscribe
            worker_a.publish(Message("c1:launch", "fired", {"at": 1}))
            message = board.get(timeout=0.2)
        assert message is not None and message.event == "fired"
        assert unrelated.get(timeout=0.3) is None  # another deployment's prefix hears nothing
    finally:
        for broker in (worker_a, worker_b, stranger):
            broker.close()


@pytest.mark.skipif(not REDIS_URL, reason="Redis: TEST_REDIS_URL is not set (no server answered on 127.0.0.1:6379)")
def test_a_stream_on_a_fresh_process_hears_other_nodes_before_its_snapshot():
    """``wait_listening`` returns once the process's listener is subscribed: a message another node
    publishes right after it is not lost (the stream builds its snapshot only then)."""
    prefix = f"test:{uuid.uuid4().hex}:"
    node_a, node_b = RedisBroker(REDIS_URL, prefix), RedisBroker(REDIS_URL, prefix)
    try:
        board = node_b.subscribe({"attendance:1"})
        assert node_b.wait_listening(10)
        node_a.publish(Message("attendance:1", "scan", {"name": "Lê Văn Hải"}))  # once, no retry loop
        message = board.get(timeout=5)
        assert message is not None and message.data == {"name": "Lê Văn Hải"}
    finally:
        node_a.close()
        node_b.close()


def test_waiting_for_an_unreachable_redis_is_bounded():
    import time

    broker = RedisBroker("redis://127.0.0.1:1/0", f"test:{uuid.uuid4().hex}:", publish_timeout=0.2)
    try:
        started = time.monotonic()
        assert broker.wait_listening(0.3) is False
        assert time.monotonic() - started < 2
        assert MemoryBroker().wait_listening(0) is True
    finally:
        broker.close()


def test_a_rolled_back_savepoint_drops_only_its_own_messages(app, db):
    subscription = get_broker(app).subscribe({"t"})
    publish_after_commit("t", "outer", {})
    savepoint = db.session.begin_nested()
    publish_after_commit("t", "inner", {})
    savepoint.rollback()
    db.session.commit()
    assert [subscription.get(timeout=1).event, subscription.get(timeout=0.05)] == ["outer", None]
    subscription.close()


def test_sse_subscribes_before_the_snapshot_and_filters(app, db):
    """A message published while the snapshot is being built still reaches the client."""
    from ceremony.live.sse import sse_response

    def snapshot():
        get_broker(app).publish(Message("t", "point", {"site_id": 2}))  # arrives during the snapshot
        get_broker(app).publish(Message("t", "point", {"site_id": 9}))
        return [("snapshot", {"n": 1})]

    with app.test_request_context():
        response = sse_response(["t"], initial=snapshot, accept=lambda m: m.data["site_id"] != 9)
        chunks = response.response
        received = [next(chunks) for _ in range(3)]
        response.close()
    assert received[1].startswith("event: snapshot")
    assert received[2].startswith("event: point") and '"site_id": 2' in received[2]


def test_after_a_gap_the_stream_says_interrupted_and_sends_a_fresh_snapshot(app, db):
    """The same connection carries the state of after the gap: the page needs no reload."""
    from ceremony.live.sse import sse_response

    state = {"n": 1}
    with app.test_request_context():
        response = sse_response(["t"], initial=lambda: [("snapshot", dict(state))])
        chunks = response.response
        assert '"n": 1' in [next(chunks) for _ in range(2)][1]
        state["n"] = 7  # changed while the channel was down; its message never came
        get_broker(app).resync_all("reconnected")
        interrupted, fresh = next(chunks), next(chunks)
        get_broker(app).publish(Message("t", "point", {"site_id": 3}))
        after = next(chunks)
        response.close()
    assert interrupted.startswith("event: interrupted") and '"reason": "reconnected"' in interrupted
    assert fresh.startswith("event: snapshot") and '"n": 7' in fresh
    assert after.startswith("event: point")


def test_a_slow_subscriber_that_overflows_gets_a_resync_not_a_silent_gap():
    broker = MemoryBroker()
    slow = broker.subscribe({"t"})
    slow.queue.maxsize = 2
    for n in range(3):
        broker.publish(Message("t", "tile", {"n": n}))
    marker = slow.get(timeout=0.1)
    assert marker.topic == "__resync__" and slow.get(timeout=0.01) is None
    slow.close()
