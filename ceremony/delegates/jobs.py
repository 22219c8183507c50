"""Delegate jobs: a big import, or the issue of every missing invitation, run outside the request.

A job is a row of ``delegate_jobs`` (status, rows done of rows total, every bad row, timings); the
request that asks for it answers at once (HTTP 202) and the page's progress bar polls
``getDelegateJob``. The work runs in a thread of the worker that took the request (``start``), or
inline when ``DELEGATE_JOBS_INLINE`` is set (the default in tests). It survives the request, not the
worker: a job whose heartbeat stopped (the worker died) is marked failed and its rows are removed
by ``recover_stale`` (the scheduler runs it every minute, and every new job of the ceremony first).

All or nothing: the rows are checked in full before any is written (``bulk.check_file``); the move
in is a series of short transactions whose ids are recorded on the job, removed if the job fails.
"""
from __future__ import annotations

import logging
import secrets
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from ceremony.core.background import run_in_thread
from ceremony.core.errors import Conflict, DomainError, InvalidInput, NotFound, RowError
from ceremony.core.time import now
from ceremony.delegates import bulk
from ceremony.delegates.models import DelegateJob
from ceremony.extensions import db
from ceremony.sites.models import Site

log = logging.getLogger(__name__)
DEFAULTS = {
    "DELEGATE_JOB_MAX_ROWS": 400_000,       # rows of one file imported by a job
    "DELEGATE_JOB_TIME_BUDGET_SECONDS": 900,  # reading and checking one file
    "DELEGATE_JOB_STALE_SECONDS": 120,      # no heartbeat for this long: the worker died
    "IMPORT_BATCH_ROWS": 0,                 # 0: 5,000 rows per transaction on PostgreSQL, 100 on SQLite
    "IMPORT_SYNC_MAX_ROWS": 2_000,          # larger lists are imported by a job (HTTP 202)
    "SQLITE_IMPORT_MAX_ROWS": 0,            # 0: no limit; above it SQLite refuses (use PostgreSQL)
}


def setting(name: str) -> int:
    return int(current_app.config.get(name) or DEFAULTS[name])


def batch_rows() -> int:
    size = setting("IMPORT_BATCH_ROWS")
    if size:
        return size
    return 100 if db.engine.dialect.name == "sqlite" else 5000


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _paths(job: DelegateJob) -> tuple[Path, Path]:
    base = _folder() / f"job-{job.id}-{job.staged_key}"
    return base.with_suffix(".upload"), base.with_suffix(".rows.jsonl")


def active_job(ceremony_id: int) -> DelegateJob | None:
    return db.session.scalar(sa.select(DelegateJob).where(DelegateJob.ceremony_id == ceremony_id,
                                                          DelegateJob.status.in_(DelegateJob.ACTIVE))
                             .order_by(DelegateJob.id.desc()))


def _refuse_if_busy(ceremony_id: int) -> None:
    recover_stale(ceremony_id)
    busy = active_job(ceremony_id)
    if busy is not None:
        raise Conflict(_("Another import or invitation issue of this ceremony is running (job %(id)s): wait "
                         "until it ends.", id=busy.id), field="file")


def estimate_rows(filename: str, data: bytes) -> int:
    """Lines of a CSV (a quick upper bound of its rows), or an XLSX's rows from its size (≈ 40 bytes a row)."""
    name = (filename or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return len(data) // 40
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def sqlite_limit_exceeded(rows: int) -> bool:
    limit = int(current_app.config.get("SQLITE_IMPORT_MAX_ROWS") or 0)
    return bool(limit and rows > limit and db.engine.dialect.name == "sqlite")


def refuse_on_sqlite(rows: int) -> None:
    """Above ``SQLITE_IMPORT_MAX_ROWS`` (when set) an import is refused on SQLite."""
    limit = int(current_app.config.get("SQLITE_IMPORT_MAX_ROWS") or 0)
    if sqlite_limit_exceeded(rows):
        raise InvalidInput(_("This server stores its data in SQLite, made for a province: a list of about %(n)s "
                             "rows (more than %(limit)s) must be imported on a server using PostgreSQL.",
                             n=rows, limit=limit), field="file")


def queue_import(ceremony_id: int, filename: str, data: bytes, *, site: Site | None = None, dry_run: bool = False,
                 confirm_required: bool = False, requested_by: str = "") -> DelegateJob:
    """Stage an uploaded list and queue its import; the caller commits, then calls ``start``."""
    if not data:
        raise InvalidInput("the file is empty", field="file")
    refuse_on_sqlite(estimate_rows(filename, data))
    _refuse_if_busy(ceremony_id)
    job = DelegateJob(ceremony_id=ceremony_id, kind="import", status="queued", dry_run=dry_run,
                      confirm_required=confirm_required, site_id=site.id if site else None,
                      filename=(filename or "")[:200], staged_key=secrets.token_urlsafe(12),
                      rows_total=estimate_rows(filename, data), requested_by=requested_by[:200], errors=[],
                      columns={}, timings={}, written={}, created_at=now())
    db.session.add(job)
    db.session.flush()
    upload, _rows = _paths(job)
    upload.write_bytes(data)
    return job


def queue_invitations(ceremony_id: int, requested_by: str = "") -> DelegateJob:
    """Queue the issue of every missing invitation of the ceremony (by batches, with progress)."""
    _refuse_if_busy(ceremony_id)
    job = DelegateJob(ceremony_id=ceremony_id, kind="invitations", status="queued", requested_by=requested_by[:200],
                      errors=[], columns={}, timings={}, written={}, created_at=now())
    db.session.add(job)
    db.session.flush()
    return job


def confirm(job: DelegateJob) -> DelegateJob:
    """Go on with a job checked and waiting for the organizer's confirmation: rows are checked again."""
    if job.status != "checked":
        raise Conflict(_("This import is not waiting for a confirmation (it is %(status)s).", status=job.status))
    _refuse_if_busy(job.ceremony_id)
    job.status, job.confirm_required, job.rows_done = "queued", False, 0
    db.session.flush()
    return job


def get_job(ceremony_id: int, job_id: int) -> DelegateJob:
    job = db.session.get(DelegateJob, job_id)
    if job is None or job.ceremony_id != ceremony_id:
        raise NotFound(_("There is no job %(id)s in this ceremony.", id=job_id))
    return job


def latest(ceremony_id: int, kind: str) -> DelegateJob | None:
    return db.session.scalar(sa.select(DelegateJob).where(DelegateJob.ceremony_id == ceremony_id,
                                                          DelegateJob.kind == kind)
                             .order_by(DelegateJob.id.desc()))


# -- running ---------------------------------------------------------------------------------------

def _update(job_id: int, **values) -> None:
    """Write the job's state on a connection of its own, committed at once: never inside the session's
    work (whose objects, such as the sites a check holds, stay loaded). The session's copy of the job
    is expired so it reads the new state."""
    table = DelegateJob.__table__
    with db.engine.begin() as connection:
        connection.execute(table.update().where(table.c.id == job_id).values(heartbeat_at=now(), **values))
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, DelegateJob) and obj.id == job_id:
            db.session.expire(obj)


def _claim(job_id: int) -> DelegateJob | None:
    stamp = now()
    claimed = db.session.execute(sa.update(DelegateJob).where(DelegateJob.id == job_id, DelegateJob.status == "queued")
                                 .values(status="checking", started_at=stamp, heartbeat_at=stamp)).rowcount
    db.session.commit()
    return db.session.get(DelegateJob, job_id) if claimed else None


def _progress(job_id: int, every: float = 0.5):
    """A progress callback writing rows done at most every ``every`` seconds (a heartbeat too)."""
    import time

    last = [0.0]

    def report(done: int) -> None:
        if time.monotonic() - last[0] >= every:
            last[0] = time.monotonic()
            _update(job_id, rows_done=done)

    return report


def run_job(job_id: int) -> bool:
    """Run one queued job (whoever claims it first); False when someone else did. Commits as it goes."""
    job = _claim(job_id)
    if job is None:
        return False
    if job.kind == "invitations":
        _run_invitations(job)
    else:
        _run_import(job)
    return True


def _limits() -> dict:
    return {"max_rows": setting("DELEGATE_JOB_MAX_ROWS"), "max_lines": setting("DELEGATE_JOB_MAX_ROWS") + 10_000,
            "budget": setting("DELEGATE_JOB_TIME_BUDGET_SECONDS")}


def _run_import(job: DelegateJob) -> None:
    job_id, ceremony_id = job.id, job.ceremony_id
    upload, rows_path = _paths(job)
    site = db.session.get(Site, job.site_id) if job.site_id else None
    timings: dict = {}
    try:
        with bulk.timed(timings, "check_s"):
            checked = bulk.check_file(ceremony_id, str(upload), job.filename, str(rows_path), site=site,
                                      limits=_limits(), progress=_progress(job_id))
        db.session.rollback()
        if job.dry_run or job.confirm_required:
            _update(job_id, status="done" if job.dry_run else "checked", rows_total=checked["rows"],
                    rows_done=checked["rows"], columns=checked["columns"], timings=timings,
                    finished_at=now() if job.dry_run else None)
            return
        _update(job_id, status="importing", rows_total=checked["rows"], rows_done=0, columns=checked["columns"],
                timings=timings)
        with bulk.timed(timings, "insert_s"):
            created = bulk.move_in(job_id, ceremony_id, str(rows_path), batch_size=batch_rows(),
                                   progress=lambda done: None)
        timings["total_s"] = round(sum(timings.values()), 3)
        _update(job_id, status="done", created=created, rows_done=created, timings=timings, finished_at=now())
    except RowError as error:  # bad rows: nothing was written
        db.session.rollback()
        _update(job_id, status="refused", errors=error.details, bad_rows=len({e["row"] for e in error.details}),
                message=error.message[:500], timings=timings, finished_at=now())
    except InvalidInput as error:  # the file cannot be read at all
        db.session.rollback()
        _update(job_id, status="refused", message=error.message[:500], timings=timings, finished_at=now())
    except Exception as error:  # noqa: BLE001 - the job records what went wrong and removes its rows
        log.exception("delegate job %s failed", job_id)
        _fail(job_id, f"{type(error).__name__}: {error}", timings)
    finally:
        job = db.session.get(DelegateJob, job_id)
        if job is not None and job.status != "checked":
            upload.unlink(missing_ok=True)
        rows_path.unlink(missing_ok=True)


def _fail(job_id: int, message: str, timings: dict | None = None) -> None:
    db.session.rollback()
    values = {"status": "failed", "message": message[:500], "finished_at": now()}
    if timings is not None:
        values["timings"] = timings
    _update(job_id, **values)
    _clean(db.session.get(DelegateJob, job_id))


def _clean(job: DelegateJob) -> None:
    """Remove the rows a failed job wrote, then forget them (so a second clean-up does nothing)."""
    if not (job.written or {}).get("delegates") and not (job.written or {}).get("people"):
        return
    removed = bulk.remove_written(job)
    _update(job.id, written={}, created=0, message=(job.message + f" — {removed} rows removed")[:500])


def _run_invitations(job: DelegateJob) -> None:
    from ceremony.invitations.operations import issue_invitations_in_batches

    job_id, timings = job.id, {}
    try:
        with bulk.timed(timings, "issue_s"):
            issued = issue_invitations_in_batches(
                job.ceremony_id, batch_size=batch_rows(),
                on_total=lambda total: _update(job_id, status="importing", rows_total=total),
                on_batch=lambda done: _update(job_id, rows_done=done, created=done))
        _update(job_id, status="done", created=issued, rows_done=issued, timings=timings, finished_at=now())
    except DomainError as error:
        db.session.rollback()
        _update(job_id, status="failed", message=error.message[:500], timings=timings, finished_at=now())
    except Exception as error:  # noqa: BLE001 - invitations issued stay valid: a new job issues the rest
        log.exception("delegate job %s failed", job_id)
        db.session.rollback()
        _update(job_id, status="failed", message=f"{type(error).__name__}: {error}"[:500], timings=timings,
                finished_at=now())


def start(job: DelegateJob) -> None:
    """Run a committed, queued job as ``DELEGATE_JOBS_RUNNER`` says:

    * ``process`` (the default): ``flask delegates run-job <id>`` in a process of its own, at a lower
      CPU priority. A job in a thread of the worker would hold the worker's GIL for a minute of Python
      work and every request of that worker (check-ins) would queue behind it; a process of its own
      also keeps the job's memory out of the worker and outlives the worker if it is restarted;
    * ``thread``: a thread of this worker, with its own app context and session;
    * ``inline``: now, in this request (the default when testing: nothing outlives a test).
    """
    if job.status != "queued":
        return
    app = current_app._get_current_object()
    runner = app.config.get("DELEGATE_JOBS_RUNNER") or ("inline" if app.testing else "process")
    if runner == "inline":
        run_job(job.id)
        db.session.expire_all()
        return
    if runner == "process":
        _spawn(job.id)
        return
    run_in_thread(run_job, job.id, f"delegate-job-{job.id}")


def _spawn(job_id: int) -> None:
    """``flask delegates run-job`` in its own session (a worker's signals never reach it); it reads the
    same environment (DATABASE_URL, SECRET_KEY, …) as the worker."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    nice = str(int(current_app.config.get("DELEGATE_JOB_NICE", 10)))
    # Lowered from its first instruction by nice(1) when there is one: loading the app is CPU work too.
    prefix = [shutil.which("nice"), "-n", nice] if shutil.which("nice") else []
    process = subprocess.Popen(prefix + [sys.executable, "-X", "faulthandler", "-m", "flask", "--app", "wsgi:app",
                                         "delegates", "run-job", str(job_id)] + ([] if prefix else ["--nice", nice]),
                               cwd=root, stdin=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    threading.Thread(target=process.wait, name=f"delegate-job-{job_id}-wait", daemon=True).start()  # no zombie


def recover_stale(ceremony_id: int | None = None) -> int:
    """Mark failed the running jobs whose heartbeat stopped (their worker died) and remove their rows;
    clean failed jobs whose clean-up was cut short. Returns how many jobs were recovered."""
    limit = now() - timedelta(seconds=setting("DELEGATE_JOB_STALE_SECONDS"))
    query = sa.select(DelegateJob).where(sa.or_(
        sa.and_(DelegateJob.status.in_(("queued", "checking", "importing")),
                sa.func.coalesce(DelegateJob.heartbeat_at, DelegateJob.created_at) < limit),
        sa.and_(DelegateJob.status == "failed", DelegateJob.kind == "import", DelegateJob.created > 0)))
    if ceremony_id is not None:
        query = query.where(DelegateJob.ceremony_id == ceremony_id)
    recovered = 0
    unconfirmed = sa.select(DelegateJob).where(DelegateJob.status == "checked",
                                               DelegateJob.created_at < now() - timedelta(hours=24))
    if ceremony_id is not None:
        unconfirmed = unconfirmed.where(DelegateJob.ceremony_id == ceremony_id)
    for job in list(db.session.scalars(unconfirmed)):  # a preview never confirmed: its staged file goes
        _update(job.id, status="failed", message="not confirmed within 24 hours", finished_at=now())
        for path in _paths(job):
            path.unlink(missing_ok=True)
    for job in list(db.session.scalars(query)):
        if job.status == "failed":
            if (job.written or {}).get("delegates") or (job.written or {}).get("people"):
                _clean(job)
                recovered += 1
            continue
        log.warning("delegate job %s: no heartbeat since %s, marked failed", job.id, job.heartbeat_at)
        if job.kind == "import":
            _fail(job.id, "the process running this job stopped or never started (restart or crash)")
        else:
            _update(job.id, status="failed", message="the process running this job stopped or never started",
                    finished_at=now())
        for path in _paths(job):
            path.unlink(missing_ok=True)
        recovered += 1
    return recovered


def run_queued(limit: int = 2) -> int:
    """Run jobs left queued (their thread never ran: a restart); the scheduler calls this."""
    ids = list(db.session.scalars(sa.select(DelegateJob.id).where(DelegateJob.status == "queued")
                                  .order_by(DelegateJob.id).limit(limit)))
    db.session.rollback()
    return sum(run_job(job_id) for job_id in ids)


def describe(job: DelegateJob | None, *, errors_offset: int = 0, errors_limit: int = 1000) -> dict:
    """The job as the API and the page show it; ``errors`` a page of the bad rows' problems."""
    if job is None:
        return {}
    errors = job.errors or []
    return {"id": job.id, "ceremony_id": job.ceremony_id, "kind": job.kind, "status": job.status,
            "dry_run": job.dry_run, "rows_total": job.rows_total, "rows_done": job.rows_done, "percent": job.percent,
            "created": job.created, "bad_rows": job.bad_rows, "errors_total": len(errors),
            "errors": errors[errors_offset:errors_offset + errors_limit], "message": job.message,
            "filename": job.filename, "columns": job.columns or {}, "timings": job.timings or {},
            "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at}
