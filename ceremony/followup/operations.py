"""Writes about follow-up: create tasks, take reports, remind and flag the points that are late."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.time import as_utc, local, now
from ceremony.extensions import db
from ceremony.followup.models import FollowupReport, FollowupTask
from ceremony.live import publish_after_commit
from ceremony.sites.models import Site, Tier


def create_task(ceremony, *, code: str, title: str, tier: Tier | str, due_at, instructions: str = "",
                metric_label: str = "", remind_hours_before: int = 48) -> FollowupTask:
    """Add a follow-up task for every point of ``tier``; ``due_at`` naive means Vietnam time."""
    if not title.strip():
        raise InvalidInput("a task needs a title", field="title")
    try:
        tier = Tier(tier)
    except ValueError:
        raise InvalidInput(f"{tier!r} is not province, district or commune", field="tier") from None
    due_at = as_utc(due_at)
    if due_at <= ceremony.starts_at:
        raise InvalidInput("a follow-up is due after the ceremony", field="due_at")
    if db.session.scalar(sa.select(FollowupTask.id).where(FollowupTask.ceremony_id == ceremony.id,
                                                           FollowupTask.code == code)):
        raise Conflict(f"the ceremony already has a task {code}", field="code")
    task = FollowupTask(ceremony_id=ceremony.id, code=code, title=title.strip(), tier=tier, due_at=due_at,
                        instructions=instructions, metric_label=metric_label,
                        remind_hours_before=remind_hours_before)
    db.session.add(task)
    db.session.flush()
    return task


def submit_report(task: FollowupTask, site: Site, *, value: int | None, note: str = "",
                  submitted_by: str = "") -> FollowupReport:
    """Record (or correct) a point's report; a report after the deadline is kept and marked late."""
    if site.ceremony_id != task.ceremony_id or site.tier is not task.tier:
        raise InvalidInput(f"{site.name} does not report on this task", field="site")
    if value is not None and value < 0:
        raise InvalidInput("the figure cannot be negative", field="value")
    if task.metric_label and value is None:
        raise InvalidInput(f"give the figure: {task.metric_label}", field="value")
    report = db.session.scalar(sa.select(FollowupReport).where(FollowupReport.task_id == task.id,
                                                              FollowupReport.site_id == site.id))
    if report is None:
        report = FollowupReport(task_id=task.id, site_id=site.id)
        db.session.add(report)
    report.value, report.note, report.submitted_by = value, note.strip(), submitted_by
    report.submitted_at = now()
    report.is_late = report.submitted_at > task.due_at
    db.session.flush()
    publish_after_commit(f"followup:{task.ceremony_id}", "report", {
        "task_id": task.id, "task_code": task.code, "site_id": site.id, "site_code": site.code,
        "value": report.value, "note": report.note, "is_late": report.is_late,
        "submitted_at": report.submitted_at.isoformat()})
    return report


def _operator_address(site: Site) -> tuple[str, str]:
    return (site.operator_name or f"UBND {site.name}", site.operator_email or site.operator_phone)


def remind_and_flag(at=None) -> dict[str, int]:
    """Queue one reminder per silent point before the deadline, and one overdue notice after it.

    Each message has a dedupe key, so running this from two schedulers, or twice, tells each point once.
    """
    from ceremony.notifications.operations import queue_notification

    at = at or now()
    counts = {"reminders": 0, "overdue": 0}
    # Overdue notices stop 30 days after a deadline: by then it is a matter for a phone call.
    tasks = list(db.session.scalars(sa.select(FollowupTask).where(FollowupTask.due_at > at - timedelta(days=30))))
    for task in tasks:
        if at < task.due_at - timedelta(hours=task.remind_hours_before):
            continue
        reported = set(db.session.scalars(sa.select(FollowupReport.site_id).where(FollowupReport.task_id == task.id)))
        silent = db.session.scalars(sa.select(Site).where(Site.ceremony_id == task.ceremony_id, Site.tier == task.tier,
                                                          Site.id.not_in(reported) if reported else sa.true()))
        kind = "overdue" if at >= task.due_at else "reminder"
        deadline = local(task.due_at).strftime("%H:%M %d/%m/%Y")
        for site in silent:
            recipient, address = _operator_address(site)
            subject = (f"Quá hạn báo cáo: {task.title}" if kind == "overdue" else f"Nhắc báo cáo: {task.title}")
            body = f"{site.name} chưa báo cáo “{task.title}”. Hạn chót: {deadline}."
            if queue_notification(f"followup:{task.id}:{site.id}:{kind}", recipient=recipient, address=address,
                                  subject=subject, body=body):
                counts["reminders" if kind == "reminder" else "overdue"] += 1
    db.session.flush()
    return counts
