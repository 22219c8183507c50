"""Done-when: the T-30 window closes with 3 communes silent; exactly those 3 are flagged and escalated
once, even with two app processes running schedulers against one PostgreSQL; and a check-in racing
in twice from two app instances is stored once."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from ceremony import create_app

SCRIPT = Path(__file__).resolve().parents[1] / "scheduler" / "scheduler_process.py"


def _silent_t30(db, clock, ready_ceremony, report):
    from ceremony.readiness.queries import get_phase

    for key in ("rehearsal", "t120"):  # the earlier windows were closed on time (everyone reported)
        earlier = get_phase(ready_ceremony.id, key)
        earlier.closed_at = earlier.closes_at
    t30 = get_phase(ready_ceremony.id, "t30")
    for code in ("51", "522", "534", "536", "21553"):
        report(ready_ceremony, code)
    clock.set(t30.closes_at + timedelta(seconds=5))
    return t30


def _outcome(db, phase):
    from ceremony.notifications.models import Notification
    from ceremony.readiness.models import ReadinessEscalation, ReadinessFlag

    db.session.rollback()
    flagged = sorted(f.site.code for f in db.session.scalars(
        sa.select(ReadinessFlag).where(ReadinessFlag.phase_id == phase.id)))
    escalations = db.session.scalar(sa.select(sa.func.count()).select_from(ReadinessEscalation))
    notifications = db.session.scalar(sa.select(sa.func.count()).select_from(Notification))
    return flagged, escalations, notifications


def test_two_app_processes_flag_and_escalate_once(backend, database_url, db, clock, ready_ceremony, report):
    if backend != "postgresql":
        pytest.skip("two scheduler processes need a shared PostgreSQL (TEST_DATABASE_URL); SQLite is one file per test")
    url, options = database_url
    schema = options["connect_args"]["options"].split("=", 1)[1].split()[0]
    phase = _silent_t30(db, clock, ready_ceremony, report)
    db.session.commit()
    processes = [subprocess.Popen([sys.executable, str(SCRIPT), url, schema, clock().isoformat(), "20"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    # Both processes led in turn (the second took over when the first let go), and both ran the job.
    assert [r["led"] for r in results] == [True, True] and all(r["ran"] for r in results), results
    assert _outcome(db, phase) == (["21010", "21013", "21550"], 3, 3)


def test_two_schedulers_racing_on_one_database_still_flag_once(backend, database_url, db, clock, ready_ceremony,
                                                              report):
    if backend != "postgresql":
        pytest.skip("a real race needs PostgreSQL (TEST_DATABASE_URL); SQLite serialises writers")
    from ceremony.extensions import db as _db
    from ceremony.readiness import tasks

    url, options = database_url
    phase = _silent_t30(db, clock, ready_ceremony, report)
    db.session.commit()
    barrier, results, errors = threading.Barrier(2), [], []

    apps = []
    # Two more apps, each with its own engine and session (made in a thread of their own, so the test's
    # app context does not leak into their set-up; one after the other, as create_app is not thread-safe).
    maker = threading.Thread(target=lambda: apps.extend(
        create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
        for _ in range(2)))
    maker.start()
    maker.join(timeout=30)

    def run(other_app):
        try:
            with other_app.app_context():
                barrier.wait(timeout=10)
                results.append(tasks.tick())
                _db.session.remove()
                _db.engine.dispose()
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(a,)) for a in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(r["flagged"] for r in results) == [0, 3]
    assert _outcome(db, phase) == (["21010", "21013", "21550"], 3, 3)


def test_the_same_checkin_racing_in_twice_is_stored_once(backend, database_url, db, clock, ready_ceremony):
    if backend != "postgresql":
        pytest.skip("a real race needs PostgreSQL (TEST_DATABASE_URL); SQLite serialises writers")
    from ceremony.extensions import db as _db
    from ceremony.readiness.models import ReadinessCheckIn
    from ceremony.readiness.operations import record_checkin
    from ceremony.sites.models import Site
    from tests.readiness.conftest import ALL_OK

    url, options = database_url
    site_id = db.session.scalar(sa.select(Site.id).where(Site.code == "21550"))
    apps = []
    maker = threading.Thread(target=lambda: apps.extend(
        create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options})
        for _ in range(2)))
    maker.start()
    maker.join(timeout=30)
    barrier, created, errors = threading.Barrier(2), [], []

    def send(other_app):
        try:
            with other_app.app_context():
                site = _db.session.get(Site, site_id)
                barrier.wait(timeout=10)
                checkin, was_new = record_checkin(site, idempotency_key="same-key-twice", answers=ALL_OK)
                _db.session.commit()
                created.append((checkin.id, was_new))
                _db.session.remove()
                _db.engine.dispose()
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=send, args=(a,)) for a in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(new for _id, new in created) == [False, True]
    assert len({checkin_id for checkin_id, _new in created}) == 1
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReadinessCheckIn)) == 1
