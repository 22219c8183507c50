"""Writes about follow-up: create tasks, take reports, remind and flag the points that are late."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from flask_babel import gettext as _

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.time import local, now, offset_minutes
from ceremony.core.timeline import TimedItem, register_timed
from ceremony.core.wording import in_sentence
from ceremony.extensions import db
from ceremony.followup.models import FollowupReport, FollowupTask
from ceremony.followup.queries import owes
from ceremony.live import publish_after_commit
from ceremony.sites.models import Site, Tier


def _validated(ceremony, task: FollowupTask | None, fields: dict) -> dict:
    """Check the fields of a task; every refusal is Vietnamese and names its field."""
    out = {}
    if "title" in fields:
        out["title"] = (fields["title"] or "").strip()
        if not out["title"]:
            raise InvalidInput(_("A task needs a title."), field="title")
    if "code" in fields:
        out["code"] = (fields["code"] or "").strip().lower()
        if not out["code"] or not out["code"].replace("-", "").replace("_", "").isalnum() or len(out["code"]) > 40:
            raise InvalidInput(_("The code takes letters, digits, - and _ (at most 40)."), field="code")
        clash = db.session.scalar(sa.select(FollowupTask.id).where(FollowupTask.ceremony_id == ceremony.id,
                                                                   FollowupTask.code == out["code"]))
        if clash is not None and (task is None or clash != task.id):
            raise Conflict(_("The ceremony already has a task %(code)s.", code=out["code"]), field="code")
    if "tier" in fields:
        try:
            out["tier"] = Tier(fields["tier"])
        except ValueError:
            raise InvalidInput(_("Who reports: province, district or commune."), field="tier") from None
    if "site_codes" in fields:
        codes = fields["site_codes"]
        codes = [c.strip() for c in (codes.split(",") if isinstance(codes, str) else codes or []) if c.strip()]
        known = set(db.session.scalars(sa.select(Site.code).where(Site.ceremony_id == ceremony.id,
                                                                 Site.code.in_(codes)))) if codes else set()
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InvalidInput(_("No bridge point with code %(codes)s in this ceremony.", codes=", ".join(unknown)),
                               field="site_codes")
        out["site_codes"] = ",".join(dict.fromkeys(codes))
    due_field = "due_offset_minutes"
    if fields.get("due_at") is not None:
        due_field, fields["due_offset_minutes"] = "due_at", offset_minutes(ceremony.starts_at, fields["due_at"])
    elif fields.get("due_days") is not None:
        due_field, fields["due_offset_minutes"] = "due_days", _days_after(ceremony, fields["due_days"],
                                                                          fields.get("due_time"))
    if fields.get("due_offset_minutes") is not None:
        out["due_offset_minutes"] = int(fields["due_offset_minutes"])
        if not 0 < out["due_offset_minutes"] <= 3660 * 24 * 60:
            raise InvalidInput(_("A follow-up is due after the ceremony starts, within ten years."), field=due_field)
    if fields.get("remind_hours_before") is not None:
        out["remind_hours_before"] = int(fields["remind_hours_before"])
        if not 0 <= out["remind_hours_before"] <= 24 * 60:
            raise InvalidInput(_("Remind between 0 and 1440 hours before the deadline."), field="remind_hours_before")
    for name in ("instructions", "metric_label"):
        if name in fields:
            out[name] = (fields[name] or "").strip()
    return out


def _days_after(ceremony, days, due_time: str | None) -> int:
    """Minutes from the start to ``days`` days after the ceremony day at ``due_time`` (HH:MM, Vietnam time;
    default: the ceremony's own start time)."""
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give the number of days after the ceremony."), field="due_days") from None
    if not 0 <= days <= 3650:
        raise InvalidInput(_("Give the number of days after the ceremony."), field="due_days")
    start = local(ceremony.starts_at)
    if not due_time:
        return days * 24 * 60
    try:
        hour, minute = (int(part) for part in str(due_time).split(":"))
        due = (start + timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError:
        raise InvalidInput(_("The time of day is written HH:MM, e.g. 17:00."), field="due_time") from None
    return offset_minutes(ceremony.starts_at, due)


def create_task(ceremony, *, title: str, tier: Tier | str, code: str | None = None, due_at=None,
                due_offset_minutes: int | None = None, due_days: int | None = None, due_time: str | None = None,
                instructions: str = "", metric_label: str = "", remind_hours_before: int = 48,
                site_codes="") -> FollowupTask:
    """Add a follow-up task for the points of ``tier`` (or the named ``site_codes``).

    The deadline: ``due_offset_minutes`` after the start, or ``due_days`` days after it, or an
    instant ``due_at`` (naive: Vietnam time), stored as its offset so it moves with the ceremony.
    """
    if due_at is None and due_offset_minutes is None and due_days is None:
        raise InvalidInput(_("Say when the task is due."), field="due_offset_minutes")
    if not code:
        from ceremony.ceremonies.operations import slugify

        base = slugify(title or "")[:36]
        code, n = base, 1
        while db.session.scalar(sa.select(FollowupTask.id).where(FollowupTask.ceremony_id == ceremony.id,
                                                                 FollowupTask.code == code)) is not None:
            n += 1
            code = f"{base}-{n}"
    fields = _validated(ceremony, None, dict(code=code, title=title, tier=tier, due_at=due_at, due_days=due_days,
                                             due_time=due_time,
                                             due_offset_minutes=due_offset_minutes, instructions=instructions,
                                             metric_label=metric_label, remind_hours_before=remind_hours_before,
                                             site_codes=site_codes))
    task = FollowupTask(ceremony_id=ceremony.id, **fields)
    db.session.add(task)
    db.session.flush()
    return task


def update_task(task: FollowupTask, **fields) -> FollowupTask:
    """Change a task (any of the fields of ``create_task``)."""
    from ceremony.ceremonies.models import Ceremony

    ceremony = db.session.get(Ceremony, task.ceremony_id)
    for key, value in _validated(ceremony, task, dict(fields)).items():
        setattr(task, key, value)
    db.session.flush()
    return task


def delete_task(task: FollowupTask) -> None:
    """Remove a task; refused once a point has reported on it (the report is history)."""
    if task.reports:
        raise Conflict(_("%(n)d points have already reported on this task; it cannot be removed.",
                         n=len(task.reports)), field="task")
    db.session.delete(task)
    db.session.flush()


def _timed(ceremony) -> list[TimedItem]:
    items = []
    for task in db.session.scalars(sa.select(FollowupTask).where(FollowupTask.ceremony_id == ceremony.id)):
        items.append(TimedItem(f"followup:{task.id}:due", _("Deadline: %(title)s", title=task.title), task.due_at))
        items.append(TimedItem(f"followup:{task.id}:remind", _("Reminder: %(title)s", title=task.title),
                               task.remind_at))
    return items


register_timed("followup", _timed)


def submit_report(task: FollowupTask, site: Site, *, value: int | None, note: str = "",
                  submitted_by: str = "") -> FollowupReport:
    """Record (or correct) a point's report; a report after the deadline is kept and marked late."""
    if site.ceremony_id != task.ceremony_id or (site.code not in task.codes if task.codes else site.tier is not task.tier):
        raise InvalidInput(_("%(site)s does not report on this task.", site=site.name), field="site")
    if value is not None and value < 0:
        raise InvalidInput(_("The figure cannot be negative."), field="value")
    if task.metric_label and value is None:
        raise InvalidInput(_("Give the figure: %(label)s.", label=task.metric_label), field="value")
    if value is None and not note.strip():
        raise InvalidInput(_("The report is empty: give the figure or write what was done."), field="note")
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
    return (site.operator_name or f"UBND {in_sentence(site.name)}", site.operator_email or site.operator_phone)


def remind_and_flag(at=None) -> dict[str, int]:
    """Queue one reminder per silent point before the deadline, and one overdue notice after it.

    Each message has a dedupe key, so running this from two schedulers, or twice, tells each point once.
    """
    from ceremony.notifications.operations import queue_notification

    at = at or now()
    counts = {"reminders": 0, "overdue": 0}
    # Overdue notices stop 30 days after a deadline: by then it is a matter for a phone call.
    # Few tasks exist (a handful per ceremony): their deadlines derive from each ceremony's start.
    tasks = [t for t in db.session.scalars(sa.select(FollowupTask)) if t.due_at > at - timedelta(days=30)]
    for task in tasks:
        if at < task.due_at - timedelta(hours=task.remind_hours_before):
            continue
        reported = set(db.session.scalars(sa.select(FollowupReport.site_id).where(FollowupReport.task_id == task.id)))
        silent = db.session.scalars(sa.select(Site).where(Site.ceremony_id == task.ceremony_id, owes(task),
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
