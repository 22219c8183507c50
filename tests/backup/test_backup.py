"""flask backup create / restore: every row comes back, sequences continue, the service answers as before."""
from __future__ import annotations

import gzip
import os
import threading

import pytest
import sqlalchemy as sa

from ceremony import create_app
from ceremony.extensions import db as _db


def _rows(db) -> dict:
    """Every row of every table, as the database stores them."""
    snapshot = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            raw = sa.table(table.name, *(sa.column(c.name) for c in table.columns))
            snapshot[table.name] = sorted(tuple(row) for row in connection.execute(sa.select(raw)))
    return snapshot


def _redeem(client, ticket, headers, i: int, nonce: str) -> str:
    cid, tokens = ticket
    response = client.post(f"/api/v1/ceremonies/{cid}/checkins", headers=headers,
                           json={"text": tokens[i], "gate": "Cổng A", "device": "p1", "nonce": nonce})
    return response.get_json()["result"]


@pytest.fixture
def fresh_database(backend, database_url, tmp_path):
    """A second, empty database of the same backend (a new SQLite file, or a new PostgreSQL schema)."""
    url, options = database_url
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", {}
        return
    schema = options["connect_args"]["options"].split("=", 1)[1].split()[0] + "_restored"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def _other_app(url, options, tmp_path):
    apps = []  # made in a thread of its own, so the test's app context does not leak into its set-up
    maker = threading.Thread(target=lambda: apps.append(create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
        "INSTANCE_PATH": str(tmp_path / "restored-instance")})))
    maker.start()
    maker.join(timeout=30)
    return apps[0]


def test_a_restore_reproduces_every_row_and_the_service_answers_as_before(app, db, invited, api_headers, client,
                                                                           runner, tmp_path, fresh_database):
    from ceremony.scheduler.models import SchedulerJob

    checker = api_headers("checker")
    invited = (invited.ceremony.id, [invited.token(i) for i in range(3)])
    assert _redeem(client, invited, checker, 0, "1") == "welcome"
    db.session.add(SchedulerJob(id="periodic:x", next_run_time=1.5, job_state=b"\x00\x01\xffbytes"))
    db.session.commit()
    path = tmp_path / "backup.json.gz"
    result = runner.invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output
    assert str(path) in result.output
    before = _rows(db)
    assert before["attendance_checkins"] and before["audit_entries"] and before["scheduler_jobs"]

    # Into a fresh, empty database: every row, and the service answers as before.
    url, options = fresh_database
    restored = _other_app(url, options, tmp_path)
    with restored.app_context():
        _db.create_all()
        try:
            result = restored.test_cli_runner().invoke(args=["backup", "restore", str(path), "--yes"])
            assert result.exit_code == 0, result.output
            assert _rows(_db) == before
            other = restored.test_client()
            assert _redeem(other, invited, checker, 0, "2") == "already"  # the used ticket stays used
            assert _redeem(other, invited, checker, 1, "3") == "welcome"  # sequences continue after the ids
        finally:
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()

    # Over the same database after more changes: back to the backup's state exactly.
    assert _redeem(client, invited, checker, 2, "4") == "welcome"
    db.session.remove()
    result = runner.invoke(args=["backup", "restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert _rows(db) == before
    assert _redeem(client, invited, checker, 2, "5") == "welcome"  # that later check-in was undone
    assert _redeem(client, invited, checker, 0, "6") == "already"


def test_a_damaged_backup_restores_nothing(app, db, invited, runner, tmp_path):
    path = tmp_path / "backup.json.gz"
    assert runner.invoke(args=["backup", "create", str(path)]).exit_code == 0
    before = _rows(db)
    lines = gzip.open(path, "rt", encoding="utf-8").read().splitlines()
    truncated = tmp_path / "truncated.json.gz"
    with gzip.open(truncated, "wt", encoding="utf-8") as out:
        out.write("\n".join(lines[: len(lines) // 2]) + "\n")
    db.session.remove()
    result = runner.invoke(args=["backup", "restore", str(truncated), "--yes"])
    assert result.exit_code != 0 and "incomplete" in result.output
    assert _rows(db) == before
    garbage = tmp_path / "garbage.json.gz"
    garbage.write_bytes(os.urandom(64))
    result = runner.invoke(args=["backup", "restore", str(garbage), "--yes"])
    assert result.exit_code != 0 and "not a ceremony backup" in result.output
    assert _rows(db) == before


def test_the_whole_demo_survives_a_round_trip(app, db, demo, runner, tmp_path, fresh_database):
    """Every domain's demo data (JSON, binary, self-references, hundreds of rows) comes back identical."""
    path = tmp_path / "demo.json.gz"
    assert runner.invoke(args=["backup", "create", str(path)]).exit_code == 0
    before = _rows(db)
    assert sum(len(rows) for rows in before.values()) > 1000
    url, options = fresh_database
    restored = _other_app(url, options, tmp_path)
    with restored.app_context():
        _db.create_all()
        try:
            result = restored.test_cli_runner().invoke(args=["backup", "restore", str(path), "--yes"])
            assert result.exit_code == 0, result.output
            assert _rows(_db) == before
        finally:
            _db.session.remove()
            _db.drop_all()
            _db.engine.dispose()
