"""Helpers for writes that must not race."""
from __future__ import annotations

import sqlite3

from flask import current_app
from flask_babel import gettext as _

from ceremony.core.errors import Busy
from ceremony.extensions import db

WRITE_WAIT_MS = 2000  # how long a request waits for the SQLite write lock before answering 503
BUSY_TIMEOUT_MS = 10000  # the connection's usual wait (``core.sqlite``)


def lock_for_write() -> None:
    """Take the write lock before reading what a write depends on.

    On SQLite: ``BEGIN IMMEDIATE``, so two requests that read-then-write queue up instead of the
    second failing on a stale snapshot (pysqlite emits no BEGIN before a read or a SAVEPOINT).
    The wait for the lock is short (``SQLITE_WRITE_WAIT_MS``, 2 s): a request that cannot get it
    answers 503 with Retry-After (``core.errors.Busy``) instead of waiting the connection's 10 s and
    failing with "database is locked".
    On PostgreSQL nothing happens here: lock the rows themselves with ``with_for_update()``.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.dbapi_connection
    if raw.in_transaction:
        return
    wait = int(current_app.config.get("SQLITE_WRITE_WAIT_MS", WRITE_WAIT_MS))
    raw.execute(f"PRAGMA busy_timeout={wait}")
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if "locked" not in str(error) and "busy" not in str(error):
            raise
        raise Busy(_("The server is busy recording other check-ins; please try again in a moment.")) from error
    finally:
        raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern taken literally: ``%``, ``_`` and the escape character itself are
    escaped with ``\\`` (pass ``escape=LIKE_ESCAPE`` to ``like``/``ilike``), so ``q=%`` matches a
    percent sign, not every row."""
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
