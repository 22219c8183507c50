"""The leader lease: at most one scheduler per deployment, and a frozen leader loses it.

One row of ``scheduler_leases`` names the holder, a fencing ``token`` and ``expires_at``. The leader
renews it every few seconds (``SchedulerRunner.poll_seconds``); a standby takes it over once it has
expired (``SCHEDULER_LEASE_SECONDS``, 20 s by default: a frozen, partitioned or dead leader is replaced
within lease + poll ≤ 30 s) and bumps the token. A renewal only succeeds for the same holder *and*
token, so a leader that wakes up after a takeover finds out and stands down; and every job run first
claims the lease row in its own transaction with its token (``fence``), so a stale leader's job never
runs once a standby has taken over. The same table works on PostgreSQL and SQLite.

Times come from ``ceremony.core.time.now`` (tests inject a clock); hosts sharing a database must keep
their clocks in sync (NTP), as the launch instant already requires.
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from ceremony.core import time as ctime

log = logging.getLogger("ceremony.scheduler")
LEASE_NAME = "scheduler"
DEFAULT_LEASE_SECONDS = 20
_NEVER = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _table():
    from ceremony.scheduler.models import SchedulerLease

    return SchedulerLease.__table__


class LeaseLock:
    """The lease, held through a small engine of its own (never the request sessions' pool)."""

    def __init__(self, url, engine_options: dict | None = None, *, seconds: float = DEFAULT_LEASE_SECONDS,
                 name: str = LEASE_NAME, clock=None):
        options = {k: v for k, v in (engine_options or {}).items() if k == "connect_args"}
        self.engine = sa.create_engine(url, poolclass=NullPool, **options)
        self.is_postgres = self.engine.dialect.name == "postgresql"
        self.name, self.seconds, self._clock = name, seconds, clock
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:200]
        self.token: int | None = None
        self.expires_at: datetime | None = None

    def now(self) -> datetime:
        return (self._clock or ctime.now)()

    def _begin(self):
        connection = self.engine.connect()
        transaction = connection.begin()
        if self.is_postgres:  # never hang an election behind a job's row lock
            connection.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
        return connection, transaction

    def _ensure_row(self) -> None:
        table = _table()
        with self.engine.begin() as connection:
            if connection.execute(sa.select(table.c.name).where(table.c.name == self.name)).first():
                return
        try:
            with self.engine.begin() as connection:
                connection.execute(table.insert().values(name=self.name, holder=None, token=0, expires_at=_NEVER,
                                                         renewed_at=None))
        except sa.exc.IntegrityError:  # another process made it first
            pass

    def acquire(self) -> bool:
        """Take the lease if it is free or expired (or renew it if already ours)."""
        if self.token is not None:
            return self.still_held()
        self._ensure_row()
        table, now = _table(), self.now()
        connection, transaction = self._begin()
        try:
            taken = connection.execute(
                table.update().where(table.c.name == self.name,
                                     sa.or_(table.c.holder.is_(None), table.c.expires_at < now))
                .values(holder=self.holder, token=table.c.token + 1, expires_at=now + timedelta(seconds=self.seconds),
                        renewed_at=now)).rowcount
            token = connection.execute(sa.select(table.c.token).where(table.c.name == self.name,
                                                                      table.c.holder == self.holder)).scalar()
            transaction.commit()
        except sa.exc.DBAPIError:
            transaction.rollback()
            log.warning("scheduler: could not try the lease (database busy or away)")
            return False
        finally:
            connection.close()
        if taken != 1 or token is None:
            return False
        self.token, self.expires_at = token, now + timedelta(seconds=self.seconds)
        log.info("scheduler: took the lease (token %s, holder %s)", token, self.holder)
        return True

    def still_held(self) -> bool:
        """Renew the lease; False once another process holds it (or ours ran out unrenewed)."""
        if self.token is None:
            return False
        table, now = _table(), self.now()
        try:
            connection, transaction = self._begin()
            try:
                renewed = connection.execute(
                    table.update().where(table.c.name == self.name, table.c.holder == self.holder,
                                         table.c.token == self.token)
                    .values(expires_at=now + timedelta(seconds=self.seconds), renewed_at=now)).rowcount
                transaction.commit()
            finally:
                connection.close()
        except sa.exc.DBAPIError:
            # Cannot reach the database: keep leading only while our last renewal still covers us.
            if self.expires_at is not None and now < self.expires_at:
                return True
            log.warning("scheduler: the lease ran out while the database was unreachable; standing down")
            self.token = None
            return False
        if renewed != 1:
            log.warning("scheduler: the lease (token %s) was taken over; standing down", self.token)
            self.token = None
            return False
        self.expires_at = now + timedelta(seconds=self.seconds)
        return True

    def fence(self, session) -> bool:
        """Claim the lease row inside a job's transaction: True only while it is still ours.

        The row stays locked until the job commits, so a takeover waits for a running job of the
        rightful leader, and a job of a stale leader (token moved on, or lease run out) does not run.
        """
        if self.token is None:
            return False
        table = _table()
        if self.is_postgres:  # a leader frozen mid-job must not hold the row for ever
            session.execute(sa.text("SET LOCAL idle_in_transaction_session_timeout = '%ds'" % max(5, self.seconds)))
        claimed = session.execute(
            table.update().where(table.c.name == self.name, table.c.holder == self.holder,
                                 table.c.token == self.token, table.c.expires_at > self.now())
            .values(renewed_at=table.c.renewed_at)).rowcount
        return claimed == 1

    def release(self) -> None:
        """Give the lease up at once (a clean shutdown: the standby need not wait for it to expire)."""
        if self.token is not None:
            table = _table()
            try:
                with self.engine.begin() as connection:
                    connection.execute(table.update().where(table.c.name == self.name, table.c.holder == self.holder,
                                                            table.c.token == self.token)
                                       .values(holder=None, expires_at=self.now()))
            except sa.exc.DBAPIError:
                log.warning("scheduler: could not release the lease; it will expire by itself")
            self.token = None
        self.engine.dispose()


def leader_lock_for(app, clock=None) -> LeaseLock:
    """The lease for the app's database."""
    return LeaseLock(app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS"),
                     seconds=app.config.get("SCHEDULER_LEASE_SECONDS", DEFAULT_LEASE_SECONDS), clock=clock)
