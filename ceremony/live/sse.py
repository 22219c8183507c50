"""Server-sent events: stream a subscription to a browser, with keep-alive comments.

After a gap (Redis lost and back, a publish dropped, this client too slow) the broker puts a resync
marker in the subscription; the stream then sends ``interrupted`` and the same snapshot events it
opened with, built afresh, so the page shows the current state without reconnecting or reloading.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from flask import Response, current_app, stream_with_context

from ceremony.live.broker import RESYNC_TOPIC, get_broker

KEEPALIVE_SECONDS = 15.0
log = logging.getLogger("ceremony.live")


def format_event(event: str, data: dict, event_id: str | None = None) -> str:
    lines = []
    if event_id:
        lines.append(f"id: {event_id}")
    lines.append(f"event: {event}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False, default=str))
    return "\n".join(lines) + "\n\n"


def _snapshot(initial) -> list:
    """The initial events, built now; the database session is released after (streams live long)."""
    from ceremony.extensions import db

    try:
        return list(initial() if callable(initial) else initial)
    finally:
        db.session.remove()


def sse_response(topics, *, initial=(), accept=None, transform=None, keepalive: float | None = None) -> Response:
    """A streaming response of every message on ``topics``, preceded by the ``initial`` events.

    ``initial`` is a list of (event, data), or a callable returning one: it is called after the
    subscription is made, so nothing published in between is lost, and the database session is then
    released (a stream lives long and must not hold a pooled connection). It is called again after a
    gap in the live channel. ``accept(message)``, when given, keeps only the messages this client may
    see (e.g. an operator's own points). ``transform(message)``, when given, returns the data sent for a
    message (e.g. a delta with the counts it changed, from a snapshot shared by every connection).
    """
    broker = get_broker()
    subscription = broker.subscribe(topics)
    # The snapshot must come after this process hears other nodes, or a check-in taken on another
    # node between the two would be in neither (bounded: a Redis outage must not hold pages).
    broker.wait_listening(current_app.config.get("LIVE_SUBSCRIBE_WAIT", 2.0))
    try:
        events = _snapshot(initial)
    except BaseException:
        subscription.close()
        raise
    keepalive = keepalive or current_app.config.get("LIVE_KEEPALIVE_SECONDS", KEEPALIVE_SECONDS)

    def stream():
        try:
            yield "retry: 2000\n\n"
            for event, data in events:
                yield format_event(event, data)
            while True:
                message = subscription.get(timeout=keepalive)
                if message is None:
                    yield ": keep-alive\n\n"
                elif message.topic == RESYNC_TOPIC:
                    yield format_event("interrupted", {"reason": message.event,
                                                       "at": datetime.now(timezone.utc).isoformat()})
                    try:
                        fresh = _snapshot(initial)
                    except Exception:  # the database is having a bad day too: the client reconnects
                        log.exception("live: could not rebuild a snapshot after a gap; closing the stream")
                        return
                    for event, data in fresh:
                        yield format_event(event, data)
                elif accept is None or accept(message):
                    data = transform(message) if transform is not None else message.data
                    yield format_event(message.event, {**data, "_sent_at": message.sent_at})
        finally:
            subscription.close()

    response = Response(stream_with_context(stream()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response
