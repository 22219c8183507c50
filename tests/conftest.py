"""Fixtures shared by every domain: a fresh app and database per test, on SQLite and PostgreSQL.

PostgreSQL runs when ``TEST_DATABASE_URL`` is set (``make test`` sets it when a server answers);
each test gets its own schema, so parallel runs against one database never collide.
"""
from __future__ import annotations

import itertools
import os
import sqlite3
import tempfile
import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from ceremony import create_app
from ceremony.core import time as ctime
from ceremony.extensions import db as _db


PG_URL = os.environ.get("TEST_DATABASE_URL", "")
_schema_ids = itertools.count()

# SQLite files this test process made once and copies into later tests' databases: the empty schema
# (``create_all``) and the loaded demo. A copy takes milliseconds where building takes seconds.
_SQLITE_TEMPLATES: dict[str, str] = {}
_SQLITE_TEMPLATE_DIR: list[str] = []


def sqlite_path(url: str) -> str | None:
    return url[len("sqlite:///"):] if url.startswith("sqlite:///") else None


def _copy_sqlite(source_path: str, target_path: str) -> None:
    """Copy one SQLite database over another with SQLite's backup API (committed rows, WAL included)."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def save_sqlite_template(name: str, path: str) -> None:
    """Keep a consistent copy of the database at ``path`` as the template ``name``."""
    if not _SQLITE_TEMPLATE_DIR:
        _SQLITE_TEMPLATE_DIR.append(tempfile.mkdtemp(prefix="ceremony-test-templates-"))
    target = os.path.join(_SQLITE_TEMPLATE_DIR[0], f"{name}.sqlite3")
    _copy_sqlite(path, target)
    _SQLITE_TEMPLATES[name] = target


def restore_sqlite_template(name: str, path: str) -> bool:
    """Overwrite the database at ``path`` with the template ``name``; False when there is none yet.
    The caller disposes of the engine's connections first."""
    template = _SQLITE_TEMPLATES.get(name)
    if template is None:
        return False
    _copy_sqlite(template, path)
    return True


def _pg_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def pytest_report_header(config):
    return [f"database backends: sqlite{', postgresql (' + PG_URL + ')' if PG_URL else ' (postgresql skipped: TEST_DATABASE_URL not set)'}"]


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    if request.param == "postgresql" and not PG_URL:
        pytest.skip("PostgreSQL: TEST_DATABASE_URL is not set (no server answered on 127.0.0.1:5432)")
    return request.param


@pytest.fixture
def database_url(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}", {}
        return
    schema = f"t_{os.getpid()}_{next(_schema_ids)}"
    url = _pg_url(PG_URL)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, {"connect_args": {"options": f"-csearch_path={schema}"}, "pool_pre_ping": True}
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    url, engine_options = database_url
    app = create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        # Parallel test processes may share one Redis: each app gets its own channels.
        "LIVE_CHANNEL_PREFIX": f"test:{uuid.uuid4().hex}:",
        # Uploads, staged imports and lock files of a test stay in its own folder.
        "INSTANCE_PATH": str(tmp_path / "instance"),
    })
    (tmp_path / "instance").mkdir(exist_ok=True)
    from tests import openapi_check

    openapi_check.install(app)  # every /api/v1 answer of the test is checked against the document
    path = sqlite_path(url)
    with app.app_context():
        if path is None:
            _db.create_all()
        elif restore_sqlite_template("schema", path):
            _db.engine.dispose()
        else:
            _db.create_all()
            save_sqlite_template("schema", path)
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()
        broker = app.extensions.get("live_broker")
        if broker is not None:
            broker.close()
    found = openapi_check.mismatches(app)
    if found:
        pytest.fail(f"{len(found)} API answer(s) do not match /api/v1/openapi.json:\n" + "\n".join(found[:20]),
                    pytrace=False)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Clock:
    """A clock tests move by hand: no sleeps."""

    def __init__(self, start: datetime):
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta) -> datetime:
        from datetime import timedelta

        self.current += timedelta(**delta)
        return self.current

    def set(self, value: datetime) -> None:
        self.current = value.astimezone(timezone.utc)


@pytest.fixture
def clock():
    fake = Clock(datetime(2024, 9, 27, 0, 0, tzinfo=timezone.utc))
    ctime.set_clock(fake)
    yield fake
    ctime.set_clock(None)


pytest_plugins = ["tests.factories", "tests.browser_support", "tests.redis_support", "tests.openapi_check"]


def pytest_collection_modifyitems(config, items):
    """Tests marked ``browser`` or ``sqlite_only`` are not generated for PostgreSQL at all."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_pg = callspec is not None and callspec.params.get("backend") == "postgresql"
        if on_pg and (item.get_closest_marker("browser") or item.get_closest_marker("sqlite_only")):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
