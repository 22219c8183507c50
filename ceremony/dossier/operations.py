"""Generate the dossier as a job: queue it, claim it once, build the PDF and XLSX, store them, record
progress in the database as it goes (the page polls it)."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app

from ceremony.campaign.i18n import _
from ceremony.core.background import run_in_thread
from ceremony.core.errors import Conflict
from ceremony.core.storage import get_storage
from ceremony.core.time import now
from ceremony.dossier.models import DossierJob, JobState
from ceremony.extensions import db

log = logging.getLogger(__name__)


def request_dossier(ceremony, requested_by: str = "") -> DossierJob:
    """Queue a generation; a job already queued or running for the ceremony is answered instead."""
    pending = db.session.scalar(sa.select(DossierJob).where(DossierJob.ceremony_id == ceremony.id,
                                                            DossierJob.state.in_([JobState.queued, JobState.running]))
                                .order_by(DossierJob.id.desc()))
    if pending is not None:
        return pending
    job = DossierJob(ceremony_id=ceremony.id, state=JobState.queued, requested_by=requested_by[:200],
                     requested_at=now(), step=_("Waiting"))
    db.session.add(job)
    db.session.flush()
    return job


def _claim(job_id: int) -> bool:
    claimed = db.session.execute(sa.update(DossierJob).where(DossierJob.id == job_id, DossierJob.state == JobState.queued)
                                 .values(state=JobState.running, started_at=now(), progress=1)).rowcount
    db.session.commit()
    return bool(claimed)


def _progress(job_id: int, percent: int, text: str) -> None:
    db.session.execute(sa.update(DossierJob).where(DossierJob.id == job_id).values(progress=percent, step=text[:200]))
    db.session.commit()


def run_job(job_id: int) -> bool:
    """Build one queued job (whoever claims it first); commits as it goes. False if someone else ran it."""
    from ceremony.ceremonies.models import Ceremony
    from ceremony.dossier.collect import collect
    from ceremony.dossier.pdf import dossier_pdf
    from ceremony.dossier.xlsx import dossier_xlsx

    if not _claim(job_id):
        return False
    job = db.session.get(DossierJob, job_id)
    try:
        ceremony = db.session.get(Ceremony, job.ceremony_id)
        step = lambda percent, text: _progress(job_id, percent, text)  # noqa: E731
        data = collect(ceremony, step)
        pdf = dossier_pdf(data, step)
        step(85, "XLSX")
        xlsx = dossier_xlsx(data)
        storage = get_storage()
        base = f"dossier/{ceremony.id}/{job_id}"
        storage.put(base + ".pdf", pdf)
        storage.put(base + ".xlsx", xlsx)
        job = db.session.get(DossierJob, job_id)
        job.pdf_key, job.pdf_size, job.xlsx_key, job.xlsx_size = base + ".pdf", len(pdf), base + ".xlsx", len(xlsx)
        job.state, job.progress, job.step, job.finished_at = JobState.done, 100, "", now()
        db.session.commit()
    except Exception as error:  # the job records what went wrong; the page shows it
        log.exception("dossier job %s failed", job_id)
        db.session.rollback()
        job = db.session.get(DossierJob, job_id)
        job.state, job.error, job.finished_at = JobState.failed, str(error)[:500], now()
        db.session.commit()
    return True


def run_queued(limit: int = 3) -> int:
    """Run jobs left queued (a thread that never started, a restart); the scheduler calls this."""
    ids = list(db.session.scalars(sa.select(DossierJob.id).where(DossierJob.state == JobState.queued)
                                  .order_by(DossierJob.id).limit(limit)))
    db.session.rollback()
    return sum(run_job(job_id) for job_id in ids)


def start(job: DossierJob) -> None:
    """Run the job now in a background thread (inline with ``DOSSIER_INLINE``, the default when testing)."""
    if job.state is not JobState.queued:
        return
    app = current_app._get_current_object()
    if app.config.get("DOSSIER_INLINE", app.testing):  # tests: inline, so nothing outlives the test
        run_job(job.id)
        return
    run_in_thread(run_job, job.id, f"dossier-{job.id}")


def latest(ceremony_id: int) -> DossierJob | None:
    return db.session.scalar(sa.select(DossierJob).where(DossierJob.ceremony_id == ceremony_id)
                             .order_by(DossierJob.id.desc()))


def latest_done(ceremony_id: int) -> DossierJob:
    job = db.session.scalar(sa.select(DossierJob).where(DossierJob.ceremony_id == ceremony_id,
                                                        DossierJob.state == JobState.done)
                            .order_by(DossierJob.id.desc()))
    if job is None:
        raise Conflict(_("the dossier has not been generated yet"))
    return job
