"""The leader lock: at most one scheduler per deployment.

PostgreSQL: a session-level advisory lock held on a dedicated connection (released by the server
when the process dies, so a standby takes over). SQLite: an exclusive ``flock`` on a file beside the
database (released by the kernel when the process dies). The lock key includes the database and
schema, so two deployments (or two test schemas) on one server never block each other.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile

import sqlalchemy as sa
from sqlalchemy.pool import NullPool


def _key(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


class PostgresLeaderLock:
    def __init__(self, url, engine_options: dict | None = None):
        options = {k: v for k, v in (engine_options or {}).items() if k == "connect_args"}
        self.engine = sa.create_engine(url, poolclass=NullPool, **options)
        self.connection = None

    def acquire(self) -> bool:
        if self.connection is not None:
            return self.still_held()
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        where = connection.execute(sa.text("SELECT current_database() || '.' || current_schema()")).scalar()
        if connection.execute(sa.text("SELECT pg_try_advisory_lock(:k)"),
                              {"k": _key(f"ceremony-scheduler:{where}")}).scalar():
            self.connection = connection
            return True
        connection.close()
        return False

    def still_held(self) -> bool:
        try:
            self.connection.execute(sa.text("SELECT 1"))
            return True
        except sa.exc.DBAPIError:  # the connection died: so did the lock
            try:
                self.connection.close()
            except sa.exc.DBAPIError:
                pass
            self.connection = None
            return False

    def release(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()  # closing the session frees its advisory locks
            finally:
                self.connection = None
        self.engine.dispose()


class FileLeaderLock:
    def __init__(self, path: str):
        self.path = path
        self.handle = None

    def acquire(self) -> bool:
        if self.handle is not None:
            return True
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self.handle = handle
        return True

    def still_held(self) -> bool:
        return self.handle is not None

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def leader_lock_for(app):
    """The right lock for the app's database."""
    url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        return PostgresLeaderLock(url, app.config.get("SQLALCHEMY_ENGINE_OPTIONS"))
    database = url.database
    if database and database != ":memory:":
        path = database + ".scheduler.lock"
    else:
        path = os.path.join(app.instance_path if os.path.isdir(app.instance_path) else tempfile.gettempdir(),
                            "scheduler.lock")
    return FileLeaderLock(path)
