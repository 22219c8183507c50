"""Helpers for writes that must not race."""
from __future__ import annotations

from ceremony.extensions import db


def lock_for_write() -> None:
    """Take the write lock before reading what a write depends on.

    On SQLite: ``BEGIN IMMEDIATE``, so two requests that read-then-write queue up instead of the
    second failing on a stale snapshot (pysqlite emits no BEGIN before a read or a SAVEPOINT).
    On PostgreSQL nothing happens here: lock the rows themselves with ``with_for_update()``.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    """``text`` for a LIKE pattern taken literally: ``%``, ``_`` and the escape character itself are
    escaped with ``\\`` (pass ``escape=LIKE_ESCAPE`` to ``like``/``ilike``), so ``q=%`` matches a
    percent sign, not every row."""
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
