"""Backup and restore: every row of every table, and the sequences, for SQLite and PostgreSQL.

The file is gzip-compressed JSON lines: a header (format, version, the schema's Alembic revision, the
backend, every table's row count), then per table its columns and rows as the database stores them
(dates, bytes and decimals tagged so they come back as the same values). One format for both backends,
no external tools, and a restore is checked row for row against the header.

A restore replaces everything in one transaction: stop the service first (``docs/deploy.md``), have the
schema at the backup's revision (``flask db upgrade``), restore, start again.
"""
from __future__ import annotations

import base64
import gzip
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from ceremony.core.errors import InvalidInput
from ceremony.core.time import now

FORMAT, VERSION = "ceremony-backup", 1
BATCH = 1000


@dataclass
class BackupSummary:
    path: str
    revision: str | None
    dialect: str
    tables: dict = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _tables(metadata) -> list[sa.Table]:
    """Every table of the app in dependency order (parents first), then Alembic's version table."""
    return list(metadata.sorted_tables)


def _encode(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$td": value.total_seconds()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, uuid.UUID):
        return {"$u": str(value)}
    if isinstance(value, (dict, list)):
        return {"$j": json.dumps(value, ensure_ascii=False)}
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


_DECODERS = {"$dt": datetime.fromisoformat, "$d": date.fromisoformat, "$t": time.fromisoformat,
             "$td": lambda s: timedelta(seconds=s), "$dec": Decimal, "$b": base64.b64decode,
             "$u": uuid.UUID,
             "$j": lambda text: text}  # a JSON column goes back as its text: every driver casts that


def _decode(value):
    if isinstance(value, dict):
        (tag, raw), = value.items()
        return _DECODERS[tag](raw)
    return value


def _raw(table: sa.Table) -> sa.TableClause:
    """The table without column types: values go in and out exactly as the database keeps them."""
    return sa.table(table.name, *(sa.column(c.name) for c in table.columns))


def _revision(connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def create_backup(engine: sa.Engine, metadata, path: str | Path) -> BackupSummary:
    """Write every row of every table to ``path`` (gzip JSON lines), read in one consistent snapshot."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = _tables(metadata)
    partial = path.with_name(path.name + ".partial")
    snapshot = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**snapshot) as connection:  # one snapshot for every table
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # SQLite (WAL): a read transaction is a snapshot
        summary = BackupSummary(str(path), _revision(connection), connection.dialect.name)
        counts = {t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in tables}
        with gzip.open(partial, "wt", encoding="utf-8") as out:
            header = {"format": FORMAT, "version": VERSION, "created_at": now().isoformat(),
                      "revision": summary.revision, "dialect": summary.dialect, "tables": counts}
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in tables:
                columns = [c.name for c in table.columns]
                out.write(json.dumps({"table": table.name, "columns": columns}) + "\n")
                raw = _raw(table)
                order = [raw.c[c.name] for c in table.primary_key.columns] or [raw.c[columns[0]]]
                result = connection.execution_options(stream_results=True, yield_per=BATCH).execute(
                    sa.select(*(raw.c[name] for name in columns)).order_by(*order))
                written = 0
                for row in result:
                    out.write(json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n")
                    written += 1
                summary.tables[table.name] = written
        connection.rollback()
    if summary.tables != counts:
        partial.unlink(missing_ok=True)
        raise RuntimeError("rows changed while the backup was read; nothing was written")
    partial.replace(path)  # never leave a half-written file under the final name
    return summary


def read_header(path: str | Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        try:
            header = json.loads(handle.readline())
        except (ValueError, OSError, EOFError):
            raise InvalidInput("not a ceremony backup (unreadable header)", field="path") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
        raise InvalidInput("not a ceremony backup of a known version", field="path")
    return header


def _self_references(table: sa.Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def restore_backup(engine: sa.Engine, metadata, path: str | Path, *, check_revision: bool = True) -> BackupSummary:
    """Replace every row of every table by the backup's, reset the sequences; all or nothing."""
    header = read_header(path)
    tables = {t.name: t for t in _tables(metadata)}
    missing = set(header["tables"]) - set(tables)
    if missing:
        raise InvalidInput(f"the backup has tables this schema lacks: {', '.join(sorted(missing))}", field="path")
    with engine.begin() as connection:
        if connection.dialect.name != header["dialect"]:
            raise InvalidInput(f"a {header['dialect']} backup cannot be restored into {connection.dialect.name}",
                               field="path")
        current = _revision(connection)
        if check_revision and current is not None and header["revision"] != current:
            raise InvalidInput(f"the backup is of schema revision {header['revision']}, this database is at "
                               f"{current}: upgrade or downgrade it to that revision first", field="path")
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for table in reversed(list(tables.values())):
            connection.execute(table.delete())
        summary = BackupSummary(str(path), header["revision"], header["dialect"])
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            handle.readline()
            table = columns = None
            batch: list[dict] = []
            for line in handle:
                item = json.loads(line)
                if isinstance(item, dict):
                    _flush(connection, table, batch)
                    table, columns, batch = tables[item["table"]], item["columns"], []
                    summary.tables[table.name] = 0
                    continue
                batch.append(dict(zip(columns, (_decode(v) for v in item))))
                summary.tables[table.name] += 1
                if len(batch) >= BATCH:
                    _flush(connection, table, batch)
                    batch = []
            _flush(connection, table, batch)
        if summary.tables != {name: count for name, count in header["tables"].items()}:
            raise InvalidInput("the backup file is incomplete (row counts differ from its header); nothing restored",
                               field="path")
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, tables.values())
    return summary


def _flush(connection, table: sa.Table | None, rows: list[dict]) -> None:
    """Insert a batch; a self-reference (a point's parent) is set afterwards, when every row exists."""
    if table is None or not rows:
        return
    later = _self_references(table)
    raw = _raw(table)
    if later:
        connection.execute(raw.insert(), [{**row, **{c: None for c in later}} for row in rows])
        keys = [c.name for c in table.primary_key.columns]
        for row in rows:
            values = {c: row[c] for c in later if row.get(c) is not None}
            if values:
                connection.execute(raw.update().where(*(raw.c[k] == row[k] for k in keys)).values(**values))
    else:
        connection.execute(raw.insert(), rows)


def _reset_sequences(connection, tables) -> None:
    """Every serial column's sequence continues after the restored ids (PostgreSQL)."""
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.execute(sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                                          {"t": table.name, "c": column.name}).scalar()
            if sequence:
                connection.execute(sa.text(
                    f'SELECT setval(:s, COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'),
                    {"s": sequence})
