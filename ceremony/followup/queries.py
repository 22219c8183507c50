"""Reads about follow-up: the tasks of a ceremony and where each point stands."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext

from ceremony.core.errors import NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.followup.models import FollowupReport, FollowupTask
from ceremony.sites.models import Site


@dataclass
class PointStanding:
    site: Site
    report: FollowupReport | None
    state: str  # reported, late, missing, overdue


def list_tasks(ceremony_id: int) -> list[FollowupTask]:
    return list(db.session.scalars(sa.select(FollowupTask).where(FollowupTask.ceremony_id == ceremony_id)
                                   .order_by(FollowupTask.due_offset_minutes, FollowupTask.id)))


def owes(task: FollowupTask):
    """The SQL condition of the points that report on ``task``: the named points, else its tier."""
    return Site.code.in_(task.codes) if task.codes else Site.tier == task.tier


def get_task(task_id: int, ceremony_id: int) -> FollowupTask:
    task = db.session.get(FollowupTask, task_id)
    if task is None or task.ceremony_id != ceremony_id:
        raise NotFound(gettext("No follow-up task %(id)s in this ceremony.", id=task_id), field="task_id")
    return task


def standings(task: FollowupTask, site_ids: set[int] | None = None) -> list[PointStanding]:
    """Every point that must report on ``task`` (optionally only ``site_ids``) with its state."""
    sites = db.session.scalars(sa.select(Site).where(Site.ceremony_id == task.ceremony_id, owes(task))
                               .order_by(Site.position))
    reports = {r.site_id: r for r in db.session.scalars(sa.select(FollowupReport).where(FollowupReport.task_id == task.id))}
    overdue = now() >= task.due_at
    rows = []
    for site in sites:
        if site_ids is not None and site.id not in site_ids:
            continue
        report = reports.get(site.id)
        if report is not None:
            state = "late" if report.is_late else "reported"
        else:
            state = "overdue" if overdue else "missing"
        rows.append(PointStanding(site, report, state))
    return rows


def summary(task: FollowupTask) -> dict:
    rows = standings(task)
    counts = {"reported": 0, "late": 0, "missing": 0, "overdue": 0}
    for row in rows:
        counts[row.state] += 1
    total_value = sum(r.report.value or 0 for r in rows if r.report is not None)
    return {"points": len(rows), **counts, "total_value": total_value}
