"""Pooled connections are pinged only after sitting idle (``core.pool``): a connection whose server
side died while it was idle is replaced before a request sees it; one reused at once costs no ping."""
from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from ceremony import create_app
from ceremony.extensions import db as _db


@pytest.fixture
def pinging_app(backend, database_url, tmp_path):
    if backend != "postgresql":
        pytest.skip("a server that drops connections: PostgreSQL")
    url, options = database_url
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url,
                                 "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": options["connect_args"],
                                                               "pool_size": 1, "max_overflow": 0},
                                 "DB_PING_IDLE_SECONDS": 0.3, "INSTANCE_PATH": str(tmp_path)})
    pings = []
    with app.app_context():
        engine = _db.engine
        real_ping = engine.dialect.do_ping
        engine.dialect.do_ping = lambda connection: (pings.append(time.monotonic()), real_ping(connection))[1]
    yield app, engine, pings
    with app.app_context():
        _db.engine.dispose()


def _backend_pid(app) -> int:
    with app.app_context():
        pid = _db.session.connection().connection.dbapi_connection.info.backend_pid
        _db.session.remove()
    return pid


def test_a_connection_killed_while_idle_is_replaced_before_the_request_uses_it(pinging_app, database_url):
    app, engine, pings = pinging_app
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    first = _backend_pid(app)
    url, _options = database_url
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # the server drops it (a restart, a firewall's idle timeout)
        assert conn.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    admin.dispose()
    time.sleep(0.4)  # idle longer than DB_PING_IDLE_SECONDS
    before = len(pings)
    assert client.get("/healthz").status_code == 200  # pinged, found dead, replaced
    assert len(pings) > before and _backend_pid(app) != first


def test_a_connection_reused_at_once_is_not_pinged(pinging_app):
    app, engine, pings = pinging_app
    client = app.test_client()
    connects = []
    event.listen(engine, "connect", lambda *args: connects.append(1))
    assert client.get("/healthz").status_code == 200
    before = len(pings)
    for _ in range(20):
        assert client.get("/healthz").status_code == 200
    assert len(pings) == before and len(connects) <= 1  # one connection, reused, never asked
    time.sleep(0.4)
    assert client.get("/healthz").status_code == 200
    assert len(pings) == before + 1  # idle past the limit: asked once
