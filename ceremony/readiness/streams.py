"""A board stream for an operator: only the events of the points they answer for."""
from __future__ import annotations

from flask import Response, current_app, stream_with_context

from ceremony.live.broker import get_broker
from ceremony.live.sse import KEEPALIVE_SECONDS, format_event


def scoped_sse_response(topic: str, snapshot: dict, visible: set[int]) -> Response:
    """Like ``live.sse.sse_response`` but drops point events of points outside ``visible``."""
    subscription = get_broker().subscribe([topic])
    keepalive = current_app.config.get("LIVE_KEEPALIVE_SECONDS", KEEPALIVE_SECONDS)

    def stream():
        try:
            yield "retry: 2000\n\n"
            yield format_event("snapshot", snapshot)
            while True:
                message = subscription.get(timeout=keepalive)
                if message is None:
                    yield ": keep-alive\n\n"
                elif message.event != "point" or message.data.get("site_id") in visible:
                    yield format_event(message.event, {**message.data, "_sent_at": message.sent_at})
        finally:
            subscription.close()

    response = Response(stream_with_context(stream()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response
