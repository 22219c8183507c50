"""The leader lease: a frozen leader loses it within the lease, a standby takes over, and the fencing
token keeps a stale leader's jobs from running after the handover."""
from __future__ import annotations

import threading

import pytest

from ceremony.scheduler import registry
from ceremony.scheduler.leader import leader_lock_for
from ceremony.scheduler.runner import SchedulerRunner


@pytest.fixture
def counted_job():
    runs = []
    lock = threading.Lock()

    def job():
        with lock:
            runs.append(1)

    registry.periodic(seconds=3600, name="tests.counted")(job)
    yield runs
    registry.PERIODIC.pop("tests.counted", None)


def _without_apscheduler(runner: SchedulerRunner) -> SchedulerRunner:
    """The election alone: jobs run only when the test calls ``run_job`` (no background catch-up run)."""
    def start():
        runner.scheduler, runner.is_leader = object(), True

    def shutdown(wait=False):
        runner.scheduler, runner.is_leader = None, False

    runner._start_scheduler, runner._shutdown_scheduler = start, shutdown
    return runner


def test_a_frozen_leader_loses_the_lease_and_a_standby_takes_over(app, clock, counted_job):
    app.config["SCHEDULER_LEASE_SECONDS"] = 20
    leader = _without_apscheduler(SchedulerRunner(app, clock=clock))
    standby = _without_apscheduler(SchedulerRunner(app, clock=clock))
    try:
        assert leader.step() is True and standby.step() is False
        for _ in range(5):  # a healthy leader renews every few seconds and keeps it for as long as it lives
            clock.advance(seconds=15)
            assert leader.step() is True
            assert standby.step() is False
        old_token = leader.lock.token
        assert leader.run_job("tests.counted") is True

        clock.advance(seconds=19)  # the leader freezes: no renewal; not yet expired
        assert standby.step() is False
        clock.advance(seconds=2)   # 21 s without a renewal: expired
        assert standby.step() is True
        assert standby.lock.token == old_token + 1

        # The old leader wakes up: its scheduler may still fire a due job, which the fence refuses.
        runs_before = len(counted_job)
        assert leader.run_job("tests.counted") is False
        assert len(counted_job) == runs_before
        assert leader.step() is False and leader.scheduler is None  # it learns it lost, and stands down
        assert standby.run_job("tests.counted") is True
        assert len(counted_job) == runs_before + 1
    finally:
        leader.stop()
        standby.stop()


def test_a_clean_stop_hands_over_at_once_and_an_expired_lease_is_not_renewed_after_a_takeover(app, clock):
    first, second = leader_lock_for(app, clock=clock), leader_lock_for(app, clock=clock)
    try:
        assert first.acquire() is True and second.acquire() is False
        first.release()
        assert second.acquire() is True  # no wait for the expiry after a clean stop
        token = second.token
        clock.advance(seconds=60)  # second froze for a minute
        assert first.acquire() is True and first.token == token + 1
        assert second.still_held() is False  # the same holder cannot renew a term that was taken over
    finally:
        first.release()
        second.release()


def test_a_leader_cut_off_from_the_database_stands_down_when_its_lease_runs_out(app, clock):
    import sqlalchemy as sa

    lock = leader_lock_for(app, clock=clock)
    try:
        assert lock.acquire() is True
        url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        lock.engine.dispose()
        # A partition: every connection attempt now fails.
        away = url.set(database="/nonexistent/dir/x.db") if url.get_backend_name() == "sqlite" \
            else url.set(host="127.0.0.1", port=9)
        lock.engine = sa.create_engine(away, poolclass=sa.pool.NullPool)
        clock.advance(seconds=10)
        assert lock.still_held() is True   # still covered by its last renewal
        clock.advance(seconds=11)
        assert lock.still_held() is False  # ran out: it must stop scheduling
    finally:
        lock.token = None
        lock.release()
