"""Server-sent events: stream a subscription to a browser, with keep-alive comments."""
from __future__ import annotations

import json

from flask import Response, current_app, stream_with_context

from ceremony.live.broker import get_broker

KEEPALIVE_SECONDS = 15.0


def format_event(event: str, data: dict, event_id: str | None = None) -> str:
    lines = []
    if event_id:
        lines.append(f"id: {event_id}")
    lines.append(f"event: {event}")
    lines.append("data: " + json.dumps(data, ensure_ascii=False, default=str))
    return "\n".join(lines) + "\n\n"


def sse_response(topics, *, initial=(), accept=None, keepalive: float | None = None) -> Response:
    """A streaming response of every message on ``topics``, preceded by the ``initial`` events.

    ``initial`` is a list of (event, data), or a callable returning one: it is called after the
    subscription is made, so nothing published in between is lost, and the database session is then
    released (a stream lives long and must not hold a pooled connection). ``accept(message)``, when
    given, keeps only the messages this client may see (e.g. an operator's own points).
    """
    broker = get_broker()
    subscription = broker.subscribe(topics)
    try:
        events = list(initial() if callable(initial) else initial)
    except BaseException:
        subscription.close()
        raise
    finally:
        from ceremony.extensions import db

        db.session.remove()
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
                elif accept is None or accept(message):
                    yield format_event(message.event, {**message.data, "_sent_at": message.sent_at})
        finally:
            subscription.close()

    response = Response(stream_with_context(stream()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response
