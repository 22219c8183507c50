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


def sse_response(topics, *, initial: list[tuple[str, dict]] = (), keepalive: float | None = None) -> Response:
    """A streaming response of every message on ``topics``, preceded by ``initial`` events.

    Subscribes before the initial snapshot is sent, so nothing published in between is lost.
    """
    broker = get_broker()
    subscription = broker.subscribe(topics)
    keepalive = keepalive or current_app.config.get("LIVE_KEEPALIVE_SECONDS", KEEPALIVE_SECONDS)

    def stream():
        try:
            yield "retry: 2000\n\n"
            for event, data in initial:
                yield format_event(event, data)
            while True:
                message = subscription.get(timeout=keepalive)
                if message is None:
                    yield ": keep-alive\n\n"
                    continue
                yield format_event(message.event, {**message.data, "_sent_at": message.sent_at})
        finally:
            subscription.close()

    response = Response(stream_with_context(stream()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response
