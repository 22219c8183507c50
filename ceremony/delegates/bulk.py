"""A list of national size (300,000 rows) imported in two passes over the staged upload.

1. **Check**: the file is read row by row (never held whole) and every row is checked as a small
   import checks it (``operations.RowChecker``: sites, categories and people already invited read
   once into dicts). Good rows go to a staging file of cleaned rows (JSON lines, with their stored
   sort and search keys); any bad row refuses the whole file, every bad row named, nothing written.
2. **Move in**: the staged rows are written by batches (``IMPORT_BATCH_ROWS``), each batch one short
   transaction: ids drawn for the batch (the sequence on PostgreSQL, after the largest under the
   write lock on SQLite), then people and delegates written in bulk (``COPY`` on PostgreSQL, one
   prepared ``INSERT`` run for every row on SQLite); the organisations looked up (and the missing
   ones created) once for the whole file. The ids each
   batch wrote are recorded on the job in the same transaction, so a job that fails half-way (an
   error, or a worker that died: ``jobs.recover_stale``) has exactly its rows removed.

A batch is short on purpose: on SQLite a check-in's write waits at most one batch for the lock.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

import sqlalchemy as sa

from ceremony.core.errors import RowError
from ceremony.core.time import now
from ceremony.delegates.importing import stream_file
from ceremony.delegates.models import Delegate, DelegateJob, Organisation, Person
from ceremony.delegates.operations import RowChecker, header_errors
from ceremony.delegates.sorting import search_key, sort_key
from ceremony.extensions import db
from ceremony.sites.models import Site

# One staged row: the values a delegate is written with, in this order.
STAGED = ("number", "site_id", "category_id", "full_name", "title", "unit", "phone", "email", "gender", "zone",
          "seat", "vip", "role", "sort_key", "search_key")
Progress = Callable[[int], None]


def check_file(ceremony_id: int, path: str, filename: str, rows_path: str, *, site: Site | None, limits: dict,
               progress: Progress) -> dict:
    """Read and check every row of the staged upload; write the good ones to ``rows_path``.

    Returns ``{"rows", "columns"}``; raises ``RowError`` naming every problem of every bad row (and
    ``InvalidInput`` for a file that cannot be read at all)."""
    with stream_file(path, filename, **limits) as table:
        columns = {"columns": table.columns, "ignored": table.ignored_columns, "skipped": table.skipped_columns,
                   "header_row": table.header_row}
        errors = header_errors(table, need_site=site is None)
        if errors:
            raise RowError(f"{len({e['row'] for e in errors})} bad row(s): nothing imported", errors)
        checker = RowChecker(ceremony_id, site)
        count = 0
        with open(rows_path, "w", encoding="utf-8") as out:
            for number, values in table.rows:
                row, row_site, category, row_errors = checker.check(number, values)
                count += 1
                if row_errors:
                    errors.extend(row_errors)
                elif not errors:  # once a row is bad nothing will be written: only keep checking
                    out.write(json.dumps([number, row_site.id, category.id if category else None, row["full_name"],
                                          row["title"], row["unit"], row["phone"], row["email"], row["gender"],
                                          row["zone"], row["seat"], bool(row["vip"]), row["role"],
                                          sort_key(row["full_name"]), search_key(row["full_name"], row["title"])],
                                         ensure_ascii=False))
                    out.write("\n")
                if count % 1000 == 0:
                    progress(count)
    progress(count)
    if errors:
        raise RowError(f"{len({e['row'] for e in errors})} bad row(s): nothing imported", errors)
    return {"rows": count, "columns": columns}


def staged_rows(rows_path: str) -> Iterator[dict]:
    with open(rows_path, encoding="utf-8") as staged:
        for line in staged:
            yield dict(zip(STAGED, json.loads(line)))


def _batches(rows: Iterator[dict], size: int) -> Iterator[list[dict]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def organisation_ids(names: set[str], chunk_size: int = 200) -> dict[str, int]:
    """Organisation name → id for every name, creating the missing ones by short transactions of
    ``chunk_size`` rows (on SQLite a check-in waits for each), each committed at once: an organisation
    is shared reference data, kept even if the import fails."""
    table = Organisation.__table__
    found: dict[str, int] = {}
    ordered = sorted(n for n in names if n)
    for start in range(0, len(ordered), 1000):
        chunk = ordered[start:start + 1000]
        found.update(db.session.execute(sa.select(table.c.name, table.c.id).where(table.c.name.in_(chunk))).all())
    db.session.commit()
    missing = [n for n in ordered if n not in found]
    for start in range(0, len(missing), chunk_size):
        chunk = missing[start:start + chunk_size]
        try:
            db.session.execute(table.insert(), [{"name": n, "short_name": "", "protocol_rank": 100} for n in chunk])
            db.session.commit()
        except sa.exc.IntegrityError:  # another import created one of them meanwhile: add the others one by one
            db.session.rollback()
            for name in chunk:
                try:
                    db.session.execute(table.insert().values(name=name, short_name="", protocol_rank=100))
                    db.session.commit()
                except sa.exc.IntegrityError:
                    db.session.rollback()
        found.update(db.session.execute(sa.select(table.c.name, table.c.id).where(table.c.name.in_(chunk))).all())
        db.session.commit()
    return found


def add_runs(runs: list, ids: list[int]) -> list:
    """``runs`` ([first, last] pairs) extended by ``ids``, contiguous ids merged into one run."""
    runs = [list(r) for r in runs]
    for i in sorted(ids):
        if runs and runs[-1][1] + 1 == i:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def _begin_write(connection) -> None:
    """On SQLite, take the write lock first (``BEGIN IMMEDIATE``): the ids are read and used under it."""
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and not raw.in_transaction:
        raw.execute("BEGIN IMMEDIATE")


def _new_ids(connection, table, count: int) -> list[int]:
    """``count`` ids for new rows of ``table``: drawn from its sequence on PostgreSQL (never given twice,
    whoever else inserts), the next ones after the largest on SQLite (under the write lock)."""
    if connection.dialect.name == "postgresql":
        return list(connection.execute(sa.text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                                               "FROM generate_series(1, :n)"), {"table": table.name, "n": count})
                    .scalars())
    first = (connection.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0) + 1
    return list(range(first, first + count))


def insert_rows(connection, table, rows: list[dict]) -> None:
    """Rows into ``table``: by ``COPY`` on PostgreSQL (a multi-row INSERT of thousands of parameters
    costs psycopg more to parse than the server to run), by one prepared INSERT on SQLite."""
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    import psycopg

    columns = list(rows[0])
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    except psycopg.errors.IntegrityError as error:  # as SQLAlchemy reports it for an INSERT
        raise sa.exc.IntegrityError(statement, None, error) from error


def move_in(job_id: int, ceremony_id: int, rows_path: str, *, batch_size: int, progress: Progress) -> int:
    """Write the staged rows by batches, one short transaction each; returns how many were written."""
    units = set()
    for row in staged_rows(rows_path):
        units.add(row["unit"])
    org_ids = organisation_ids(units)
    people, delegates, jobs = Person.__table__, Delegate.__table__, DelegateJob.__table__
    written = {"people": [], "delegates": []}
    done = 0
    for batch in _batches(staged_rows(rows_path), batch_size):
        stamp = now()
        connection = db.session.connection()
        _begin_write(connection)
        person_ids = _new_ids(connection, people, len(batch))
        delegate_ids = _new_ids(connection, delegates, len(batch))
        insert_rows(connection, people, [
            {"id": pid, "full_name": r["full_name"], "title": r["title"], "organisation_id": org_ids.get(r["unit"]),
             "phone": r["phone"], "email": r["email"], "gender": r["gender"]} for r, pid in zip(batch, person_ids)])
        insert_rows(connection, delegates, [
            {"id": did, "ceremony_id": ceremony_id, "site_id": r["site_id"], "person_id": pid,
             "category_id": r["category_id"], "zone": r["zone"], "seat": r["seat"], "is_vip": r["vip"],
             "role": r["role"], "created_at": stamp, "replaced_by_id": None, "sort_key": r["sort_key"],
             "search_key": r["search_key"]} for r, pid, did in zip(batch, person_ids, delegate_ids)])
        written = {"people": add_runs(written["people"], person_ids),
                   "delegates": add_runs(written["delegates"], delegate_ids)}
        done += len(batch)
        connection.execute(jobs.update().where(jobs.c.id == job_id)
                           .values(rows_done=done, created=done, written=written, heartbeat_at=stamp))
        db.session.commit()
        checkpoint(connection)
        progress(done)
    return done


def checkpoint(connection) -> None:
    """On SQLite, fold the batch just written into the database file now (a passive checkpoint: it
    waits for nobody). Otherwise the next check-in to commit pays for it: SQLite checkpoints on the
    commit that finds the WAL over 1,000 pages, and an import fills it every few batches."""
    if connection.dialect.name == "sqlite":
        db.session.connection().exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        db.session.commit()


def remove_written(job: DelegateJob, batch_size: int = 5000) -> int:
    """Remove what a job wrote (delegates, then their people), by id runs; returns how many delegates."""
    removed = 0
    written = job.written or {}
    for name, table in (("delegates", Delegate.__table__), ("people", Person.__table__)):
        for first, last in written.get(name, []):
            for low in range(first, last + 1, batch_size):
                high = min(last, low + batch_size - 1)
                count = db.session.execute(table.delete().where(table.c.id.between(low, high))).rowcount
                if name == "delegates":
                    removed += count
                db.session.commit()
    return removed


def timed(timings: dict, name: str):
    """A context manager adding the seconds of a phase to ``timings[name]``."""
    class _Timer:
        def __enter__(self):
            self.started = time.perf_counter()

        def __exit__(self, *exc):
            timings[name] = round(timings.get(name, 0) + time.perf_counter() - self.started, 3)
            return False

    return _Timer()
