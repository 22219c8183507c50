"""The scheduler runner: APScheduler with a persistent job store, behind a leader lease.

Every process that may schedule (``flask scheduler run``, or each web process with
``CEREMONY_SCHEDULER=on``) starts a ``SchedulerRunner``; a small election thread renews or tries the
leader lease (``leader.py``) every few seconds and only the holder runs the BackgroundScheduler, so a
deployment runs each job once per tick however many processes it has, and a standby takes over when
the leader dies, freezes or loses the database. Each job run is fenced by the lease's token.
Jobs are stored in ``scheduler_jobs`` (``SQLAlchemyJobStore`` on the app database) by reference
(``ceremony.scheduler.runner:run_periodic``) and survive restarts.
"""
from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
from datetime import datetime, timezone

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from ceremony.scheduler.leader import leader_lock_for
from ceremony.scheduler.registry import PERIODIC

log = logging.getLogger("ceremony.scheduler")
JOB_PREFIX = "periodic:"
_active_runner = None  # this process's leading runner (one per process)


def load_tasks() -> dict:
    """Import every domain's ``tasks.py`` so their ``@periodic`` jobs are declared."""
    from ceremony import DOMAINS, _domain_module

    for domain in (*DOMAINS, "notifications", "scheduler"):
        _domain_module(domain, "tasks")
    return PERIODIC


def run_periodic(name: str) -> None:
    """Run one declared job (what the job store calls): through the leading runner, fenced."""
    runner = _active_runner
    if runner is None:
        log.warning("scheduler: no leading runner in this process; %s skipped", name)
        return
    runner.run_job(name)


class SchedulerRunner:
    def __init__(self, app, *, poll_seconds: float = 5.0, clock=None):
        self.app = app
        self.poll_seconds = poll_seconds  # also how often the leader renews its lease
        self.lock = leader_lock_for(app, clock=clock)
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.is_leader = False

    # -- election -------------------------------------------------------------------------------
    def start(self) -> SchedulerRunner:
        """Start the election thread (returns at once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._elect, name="scheduler-election", daemon=True)
            self._thread.start()
            atexit.register(self.stop)
        return self

    def run_forever(self) -> None:
        """Elect in the foreground until ``stop()`` (the ``flask scheduler run`` process)."""
        self._elect()

    def _elect(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except Exception:
                log.exception("scheduler: election step failed; retrying")
            self._stop.wait(self.poll_seconds)

    def step(self) -> bool:
        """One election round: renew the lease (or stand down if it was lost), or take it if free."""
        if self.is_leader and not self.lock.still_held():
            log.warning("scheduler: lost the leader lease; standing by")
            self._shutdown_scheduler()
        if not self.is_leader and self.lock.acquire():
            log.info("scheduler: this process leads; starting the jobs")
            self._start_scheduler()
        return self.is_leader

    def run_job(self, name: str) -> bool:
        """Run one declared job in its own app context, only while this runner's lease is valid.

        Returns whether it ran. The fence claims the lease row in the job's own transaction, so a
        leader that froze and was replaced skips the jobs its scheduler still fires when it wakes."""
        from ceremony.extensions import db

        job = PERIODIC.get(name)
        if job is None:
            log.warning("scheduler: no job %s in this process; skipped", name)
            return False
        from ceremony.audit.tracking import acting_as

        with self.app.app_context(), acting_as("scheduler"):
            try:
                if not self.lock.fence(db.session):
                    db.session.rollback()
                    log.warning("scheduler: %s not run: this process no longer holds the lease", name)
                    return False
                job.func()
                db.session.commit()
                return True
            except Exception:
                db.session.rollback()
                log.exception("scheduler: job %s failed", name)
                return False
            finally:
                db.session.remove()

    # -- the scheduler ----------------------------------------------------------------------------
    def _start_scheduler(self) -> None:
        global _active_runner
        from ceremony.extensions import db
        from ceremony.scheduler.models import SchedulerJob

        with self.app.app_context():
            engine = db.engine
        store = SQLAlchemyJobStore(engine=engine, tablename=SchedulerJob.__tablename__)
        store.jobs_t = SchedulerJob.__table__  # the migrated table, not a second definition
        scheduler = BackgroundScheduler(
            jobstores={"default": store}, executors={"default": ThreadPoolExecutor(4)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
            timezone=timezone.utc,
        )
        _active_runner = self
        scheduler.start(paused=True)
        self._sync_jobs(scheduler)
        scheduler.resume()
        self.scheduler, self.is_leader = scheduler, True

    def _sync_jobs(self, scheduler: BackgroundScheduler) -> None:
        """Store every declared job (keeping a stored job's next run), drop jobs no longer declared."""
        declared = load_tasks()
        stored = {job.id: job for job in scheduler.get_jobs()}
        start = datetime.now(timezone.utc)
        for name, job in declared.items():
            job_id = JOB_PREFIX + name
            existing = stored.get(job_id)
            if existing is not None and getattr(existing.trigger, "interval", None) is not None \
                    and existing.trigger.interval.total_seconds() == job.seconds:
                # A new leader catches up at once: whatever the last one left undone (jobs are idempotent).
                scheduler.modify_job(job_id, next_run_time=start)
                continue
            scheduler.add_job("ceremony.scheduler.runner:run_periodic", "interval", seconds=job.seconds,
                              args=[name], id=job_id, name=name, replace_existing=True,
                              next_run_time=start)
        for job_id in stored:
            if job_id.startswith(JOB_PREFIX) and job_id[len(JOB_PREFIX):] not in declared:
                scheduler.remove_job(job_id)

    def _shutdown_scheduler(self, wait: bool = False) -> None:
        if self.scheduler is not None:
            try:
                self.scheduler.shutdown(wait=wait)
            except Exception:
                log.exception("scheduler: shutdown failed")
        self.scheduler, self.is_leader = None, False

    def stop(self) -> None:
        self._stop.set()
        self._shutdown_scheduler(wait=True)  # let running jobs finish before the lock goes
        self.lock.release()


def _one_off_command() -> bool:
    """True inside a one-off ``flask`` command (``db upgrade``, ``demo load``…): no scheduler there."""
    argv = sys.argv
    return os.path.basename(argv[0]) == "flask" and len(argv) > 1 and argv[1] not in ("run", "scheduler")


def init_app(app) -> SchedulerRunner | None:
    """Start the in-process runner when ``CEREMONY_SCHEDULER=on`` (``make run``, or web workers
    that should stand by to lead). Returns the runner, or None when disabled."""
    if not app.config.get("SCHEDULER_ENABLED") or app.testing or _one_off_command():
        return None
    runner = app.extensions.get("scheduler_runner")
    if runner is None:
        poll = float(app.config.get("SCHEDULER_POLL_SECONDS", 5.0))
        runner = app.extensions["scheduler_runner"] = SchedulerRunner(app, poll_seconds=poll).start()
    return runner
