"""Fixtures shared by every domain: a fresh app and an empty database per test, on SQLite and PostgreSQL.

PostgreSQL runs when ``TEST_DATABASE_URL`` is set (``make test`` sets it when a server answers). Each
test process has a schema of its own (parallel runs against one database never collide), whose tables
are created once and emptied after each test (sequences restarted); a test that drops or migrates the
tables gets the schema built again for the next one. SQLite tests copy an empty database file.
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


def _memoise_url_builders() -> None:
    """Each test builds an app, and werkzeug compiles two URL builders per route with ``ast`` and
    ``compile`` for each (a third of ``create_app``). The code it generates depends only on the rule,
    its parts, defaults and converters, and takes the rule as ``self``: one compilation per process
    serves every app."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    built: dict = {}

    def memoised(self, append_unknown: bool = True):
        key = (self.rule, tuple(self._trace), append_unknown, repr(sorted((self.defaults or {}).items())),
               tuple((name, type(converter), repr(sorted((k, v) for k, v in vars(converter).items() if k != "map")))
                     for name, converter in self._converters.items()))  # not the map: its repr lists every rule
        if key not in built:
            built[key] = compile_builder(self, append_unknown)
        return built[key]

    Rule._compile_builder = memoised


_memoise_url_builders()

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


class _ProcessSchema:
    """This test process's PostgreSQL schema: made once, its tables created by the first app that needs
    them, emptied after every test, made anew when a test left other tables (a migration, a drop)."""

    def __init__(self) -> None:
        self.name = f"t_{os.getpid()}_{next(_schema_ids)}"
        self.admin = None
        self.ready = False  # the tables of the metadata exist, empty
        self.templates: dict[str, str] = {}  # name → schema holding a copy of the rows (the demo)

    def url(self) -> tuple[str, dict]:
        if self.admin is None:
            self.admin = sa.create_engine(_pg_url(PG_URL), isolation_level="AUTOCOMMIT")
            self._recreate()
        # A test's commit need not wait for the disk (nothing of a test database must survive a crash).
        options = f"-csearch_path={self.name} -csynchronous_commit=off"
        return _pg_url(PG_URL), {"connect_args": {"options": options}, "pool_pre_ping": True}

    def _recreate(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
            conn.execute(sa.text(f'CREATE SCHEMA "{self.name}"'))
        self.ready = False

    def prepare(self, db) -> None:
        """Before a test: the empty tables (created the first time)."""
        if not self.ready:
            db.create_all()
            self.ready = True

    def empty(self) -> None:
        """After a test: every row deleted and every sequence restarted, in one round trip (a DROP and
        CREATE of ~60 tables per test took seconds); other tables than the metadata's → made anew."""
        expected = {table.name for table in _db.metadata.sorted_tables}
        with self.admin.connect() as conn:
            found = set(conn.scalars(sa.text("SELECT table_name FROM information_schema.tables "
                                             "WHERE table_schema = :schema"), {"schema": self.name}))
            if found == expected:
                deletes = "; ".join(f'DELETE FROM "{self.name}"."{name}"' for name in sorted(expected))
                # replica role: no foreign-key triggers, so the order of the deletes does not matter
                conn.execute(sa.text(
                    f"BEGIN; SET LOCAL session_replication_role = replica; {deletes}; "
                    "SELECT setval(c.oid, 1, false) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    f"WHERE c.relkind = 'S' AND n.nspname = '{self.name}'; COMMIT"))
                return
        self._recreate()

    def save_template(self, name: str) -> None:
        """Keep a copy of every table's rows (the loaded demo) in the schema ``<schema>_<name>``."""
        template = f"{self.name}_{name}"
        copies = "; ".join(f'CREATE TABLE "{template}"."{t.name}" AS TABLE "{self.name}"."{t.name}"'
                           for t in _db.metadata.sorted_tables)
        with self.admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{template}" CASCADE; CREATE SCHEMA "{template}"; {copies}'))
        self.templates[name] = template

    def restore_template(self, name: str) -> bool:
        """Fill the (empty) tables from the template ``name`` and move each sequence past its column's
        largest value; False when there is none yet."""
        template = self.templates.get(name)
        if template is None or not self.ready:
            return False
        with self.admin.connect() as conn:
            owned = conn.execute(sa.text(
                "SELECT s.relname, t.relname, a.attname FROM pg_class s "
                "JOIN pg_namespace n ON n.oid = s.relnamespace "
                "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
                "JOIN pg_class t ON t.oid = d.refobjid "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
                "WHERE s.relkind = 'S' AND n.nspname = :schema"), {"schema": self.name}).all()
            inserts = "; ".join(f'INSERT INTO "{self.name}"."{t.name}" SELECT * FROM "{template}"."{t.name}"'
                                for t in _db.metadata.sorted_tables)
            sequences = "; ".join(
                f"SELECT setval('\"{self.name}\".\"{seq}\"', "
                f"COALESCE((SELECT max(\"{column}\") FROM \"{self.name}\".\"{table}\"), 0) + 1, false)"
                for seq, table, column in owned)
            conn.execute(sa.text(f"BEGIN; SET LOCAL session_replication_role = replica; {inserts}; "
                                 f"{sequences}; COMMIT"))
        return True

    def drop(self) -> None:
        if self.admin is not None:
            with self.admin.connect() as conn:
                for name in [self.name, *self.templates.values()]:
                    conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
            self.admin.dispose()


_PG_SCHEMA: list[_ProcessSchema] = []


def _process_schema() -> _ProcessSchema:
    if not _PG_SCHEMA:
        _PG_SCHEMA.append(_ProcessSchema())
    return _PG_SCHEMA[0]


@pytest.fixture(scope="session", autouse=True)
def _drop_process_schema():
    yield
    if _PG_SCHEMA:
        _PG_SCHEMA[0].drop()


@pytest.fixture
def database_url(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}", {}
        return
    yield _process_schema().url()


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
            _process_schema().prepare(_db)
        elif restore_sqlite_template("schema", path):
            _db.engine.dispose()
        else:
            _db.create_all()
            save_sqlite_template("schema", path)
        yield app
        _db.session.remove()
        _db.engine.dispose()  # the SQLite file goes with the test's folder
        if path is None:
            _process_schema().empty()
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
    """Tests marked ``browser`` or ``sqlite_only`` are not generated for PostgreSQL at all; those marked
    ``one_backend`` not for SQLite when PostgreSQL answers."""
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        backend = callspec.params.get("backend") if callspec is not None else None
        on_pg = backend == "postgresql"
        if on_pg and (item.get_closest_marker("browser") or item.get_closest_marker("sqlite_only")):
            dropped.append(item)
        elif backend == "sqlite" and PG_URL and item.get_closest_marker("one_backend"):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
