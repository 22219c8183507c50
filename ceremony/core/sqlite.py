"""SQLite settings for the embedded default: WAL so readers never wait for the writer.

PostgreSQL is untouched. (Code that opens a savepoint first on SQLite starts its write with
``BEGIN IMMEDIATE``, as ``attendance.operations.begin_write`` does: pysqlite emits no BEGIN before
SAVEPOINT.)
"""
import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()
