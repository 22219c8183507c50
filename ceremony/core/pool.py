"""Database connections handed to requests: checked when they sat idle, not on every request.

``pool_pre_ping`` costs every request a round trip (``SELECT 1``, and on psycopg two autocommit
switches around it): on the check-in path, one round trip in nine. A connection handed back less than
``DB_PING_IDLE_SECONDS`` ago was alive a moment ago and is used as it is; one idle longer (the server
may have restarted, a firewall may have dropped the socket) is pinged when checked out and replaced if
dead, before the request sees it. A connection that dies while in use fails that request; SQLAlchemy
then invalidates the whole pool, so the next checkout connects afresh (a gate retries a failed scan
with the same nonce: ``attendance``'s exactly-once rules).
"""
from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy import event

_USED_AT = "ceremony_used_at"


def ping_when_idle(engine: sa.Engine, idle_seconds: float) -> None:
    """Ping ``engine``'s connections at checkout only after ``idle_seconds`` unused."""

    @event.listens_for(engine, "connect")
    def _connected(dbapi_connection, record) -> None:
        record.info[_USED_AT] = time.monotonic()  # just opened: alive

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record) -> None:
        if record is not None:
            record.info[_USED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, proxy) -> None:
        used_at = record.info.get(_USED_AT)
        if used_at is not None and time.monotonic() - used_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - any failure: the pool replaces the connection
            raise sa.exc.DisconnectionError(f"an idle connection did not answer: {type(error).__name__}") from error
        record.info[_USED_AT] = time.monotonic()
