"""The scheduler runner: one leader per database, persistent jobs, exactly-once readiness work."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from ceremony import create_app
from ceremony.scheduler import registry
from ceremony.scheduler.leader import leader_lock_for
from ceremony.scheduler.models import SchedulerJob
from ceremony.scheduler.runner import SchedulerRunner

SCRIPT = Path(__file__).with_name("scheduler_process.py")


def test_only_one_leader_lock_per_database(app):
    first, second = leader_lock_for(app), leader_lock_for(app)
    try:
        assert first.acquire() is True
        assert second.acquire() is False
        assert first.still_held()
        first.release()
        assert second.acquire() is True
        assert first.acquire() is False
    finally:
        first.release()
        second.release()


def _wait_for(condition, seconds=10.0):
    """Poll for something another thread does (a deadline, not a sleep standing in for logic)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def probe_job():
    ran = threading.Event()
    registry.periodic(seconds=3600, name="tests.probe")(ran.set)
    yield ran
    registry.PERIODIC.pop("tests.probe", None)


def test_runner_leads_runs_jobs_and_stores_them(app, db, probe_job):
    leader, standby = SchedulerRunner(app, poll_seconds=0.05), SchedulerRunner(app, poll_seconds=0.05)
    try:
        assert leader.step() is True
        assert standby.step() is False  # the second process stands by
        assert _wait_for(probe_job.is_set), "the declared job did not run"
        ids = set(db.session.scalars(sa.select(SchedulerJob.id)))
        db.session.rollback()
        assert {"periodic:tests.probe", "periodic:readiness.tick"} <= ids
        leader.stop()
        assert standby.step() is True  # failover: the standby takes the lock and the stored jobs
        assert standby.scheduler.get_job("periodic:tests.probe") is not None
    finally:
        leader.stop()
        standby.stop()


@pytest.mark.sqlite_only
def test_in_process_runner_starts_only_when_enabled_and_not_in_one_off_commands(app, monkeypatch, probe_job):
    from ceremony.scheduler import runner as runner_module

    assert runner_module.init_app(app) is None  # CEREMONY_SCHEDULER is off
    app.config["SCHEDULER_ENABLED"] = True
    monkeypatch.setattr(app, "testing", False)
    monkeypatch.setattr(runner_module.sys, "argv", ["/srv/.venv/bin/flask", "db", "upgrade"])
    assert runner_module.init_app(app) is None  # a migration never schedules
    monkeypatch.setattr(runner_module.sys, "argv", ["/srv/.venv/bin/flask", "run"])
    started = runner_module.init_app(app)
    try:
        assert started is not None and runner_module.init_app(app) is started
        assert _wait_for(probe_job.is_set), "the in-process scheduler did not run the job"
        assert started.is_leader
    finally:
        started.stop()
        app.extensions.pop("scheduler_runner", None)
