"""Substring search on PostgreSQL: a GIN trigram index (pg_trgm) on ``delegates.search_key``.

A name typed at the gate or in the list's search box is matched anywhere in the folded key
(``LIKE '%needle%'``); a B-tree cannot serve that, so at 300,000 delegates every search read the whole
table. pg_trgm's GIN index answers it from the needle's trigrams (three letters or more).

The index is written by hand, not by ``CREATE INDEX … gin_trgm_ops`` from the metadata, because the
operator class must be named with the schema pg_trgm lives in: a session whose search_path leaves
that schema out (one schema per test, a deployment in its own schema) would not find it otherwise.
SQLite has no trigram index; there the same name is an empty partial index (``models.Delegate``).
"""
from __future__ import annotations

import sqlalchemy as sa

INDEX_NAME = "ix_delegates_search_key_trgm"
_EXTENSION_SCHEMA = sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                            "WHERE e.extname = 'pg_trgm'")


def trigram_schema(connection) -> str:
    """The schema pg_trgm is installed in, installing it first when it is missing: into ``public``
    when that schema exists (so it outlives a schema dropped with its tables), else the current one."""
    schema = connection.scalar(_EXTENSION_SCHEMA)
    if schema is None:
        public = connection.scalar(sa.text("SELECT 1 FROM pg_namespace WHERE nspname = 'public'"))
        connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm" + (" SCHEMA public" if public else ""))
        schema = connection.scalar(_EXTENSION_SCHEMA)
    return schema


def create_trigram_index(connection) -> None:
    """``CREATE INDEX`` of the trigram index on PostgreSQL (nothing elsewhere)."""
    if connection.dialect.name != "postgresql":
        return
    schema = trigram_schema(connection).replace('"', '""')
    connection.exec_driver_sql(f'CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON delegates '
                               f'USING gin (search_key "{schema}".gin_trgm_ops)')
