"""Closing windows: flag the silent points once, and escalate each flag once per level.

Level 1 tells the point's parent (a commune's district; a district's province; on a two-tier network,
since 1 July 2025, a commune's province), level 2 tells the province when the point has still not
reported ``READINESS_PROVINCE_AFTER_MINUTES`` after the flag, unless level 1 already told it.
Exactly once, even with several schedulers on one database: the window is claimed by a conditional
UPDATE, and flags, escalations and notifications are INSERT … ON CONFLICT DO NOTHING against unique
constraints, so only the process whose insert landed sends the message. Flush, never commit.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ceremony.core.time import local, now
from ceremony.core.wording import in_sentence
from ceremony.extensions import db
from ceremony.notifications.operations import insert_ignore, queue_notification
from ceremony.readiness.models import ReadinessEscalation, ReadinessFlag, ReadinessHeartbeat, ReadinessPhase, PhaseKind
from ceremony.readiness.queries import current_phase, heartbeat_timeout, phase_dict, silent_sites
from ceremony.readiness.snapshot import publish_phase, publish_point
from ceremony.sites.models import Site


def _target(site: Site, level: int) -> Site | None:
    node = site
    for _ in range(level):
        node = node.parent if node is not None else None
    return node


def escalate(flag: ReadinessFlag, level: int, at: datetime) -> ReadinessEscalation | None:
    """Tell the point's ancestor ``level`` steps up about ``flag``; None when told before or no one is there."""
    target = _target(flag.site, level)
    if target is None:
        return None
    when = local(flag.phase.closes_at).strftime("%H:%M %d/%m/%Y")
    message = (f"Điểm cầu {in_sentence(flag.site.name)} ({flag.site.code}) chưa báo cáo sẵn sàng khi "
               f"«{flag.phase.name}» đóng lúc {when}. Đề nghị liên hệ ngay: "
               f"{flag.site.operator_name or 'cán bộ kỹ thuật'} {flag.site.operator_phone}".strip())
    key = f"readiness:flag:{flag.id}:level:{level}"
    recipient = f"{target.name} ({target.code})" + (f" – {target.operator_name}" if target.operator_name else "")
    if not insert_ignore(ReadinessEscalation, dict(flag_id=flag.id, level=level, target_site_id=target.id,
                                          recipient=recipient[:200], message=message, escalated_at=at,
                                          notification_key=key)):
        return None
    queue_notification(key, recipient=recipient[:200], address=target.operator_email or target.operator_phone,
                       subject=f"[Sẵn sàng] {flag.site.name} chưa báo cáo", body=message)
    return db.session.scalar(sa.select(ReadinessEscalation).where(ReadinessEscalation.flag_id == flag.id,
                                                                  ReadinessEscalation.level == level))


def close_window(phase: ReadinessPhase, at: datetime | None = None) -> list[ReadinessFlag]:
    """Close a window once: flag every silent point and escalate to level 1. Returns the new flags.

    Windows that closed more than ``READINESS_FLAG_WITHIN_HOURS`` (6) ago are closed without flags.
    """
    at = at or now()
    claimed = db.session.execute(sa.update(ReadinessPhase)
                                 .where(ReadinessPhase.id == phase.id, ReadinessPhase.closed_at.is_(None))
                                 .values(closed_at=at)).rowcount
    if not claimed:
        return []
    db.session.refresh(phase)
    new_flags = []
    # A window found closed long ago (a ceremony in the past, a scheduler down for hours) is closed
    # quietly: flags and calls then would help nobody.
    stale = at - phase.closes_at > timedelta(hours=float(current_app.config.get("READINESS_FLAG_WITHIN_HOURS", 6)))
    if phase.kind is PhaseKind.window and not stale:
        for site in silent_sites(phase):
            if insert_ignore(ReadinessFlag, dict(phase_id=phase.id, site_id=site.id, flagged_at=at)):
                flag = db.session.scalar(sa.select(ReadinessFlag).where(ReadinessFlag.phase_id == phase.id,
                                                                        ReadinessFlag.site_id == site.id))
                escalate(flag, 1, at)
                new_flags.append(flag)
    publish_phase(phase, {"event": "closed", **phase_dict(phase), "flagged": len(new_flags)})
    return new_flags


def open_window(phase: ReadinessPhase, at: datetime | None = None) -> bool:
    """Announce a window that has opened (once), so boards switch to it."""
    at = at or now()
    claimed = db.session.execute(sa.update(ReadinessPhase)
                                 .where(ReadinessPhase.id == phase.id, ReadinessPhase.opened_at.is_(None))
                                 .values(opened_at=at)).rowcount
    if claimed:
        publish_phase(phase, {"event": "opened", **phase_dict(phase)})
    return bool(claimed)


def escalate_to_province(at: datetime | None = None) -> list[ReadinessEscalation]:
    """Level 2 for flags still unresolved a while after they were raised."""
    at = at or now()
    delay = timedelta(minutes=float(current_app.config.get("READINESS_PROVINCE_AFTER_MINUTES", 10)))
    told = sa.select(ReadinessEscalation.flag_id).where(ReadinessEscalation.level == 2)
    due = db.session.scalars(sa.select(ReadinessFlag)
                             .where(ReadinessFlag.resolved_at.is_(None), ReadinessFlag.flagged_at <= at - delay,
                                    ReadinessFlag.id.not_in(told))
                             .order_by(ReadinessFlag.id))
    return [e for e in (escalate(flag, 2, at) for flag in list(due)) if e is not None]


def due_phases(at: datetime | None = None) -> tuple[list[ReadinessPhase], list[ReadinessPhase]]:
    """(windows to open, windows to close) at ``at``."""
    at = at or now()
    # Times derive from each ceremony's start: take the windows not yet closed (a handful per
    # ceremony) and compare in Python.
    pending = list(db.session.scalars(sa.select(ReadinessPhase).where(ReadinessPhase.closed_at.is_(None))
                                      .order_by(ReadinessPhase.id)))
    to_open = [p for p in pending if p.opened_at is None and p.opens_at <= at < p.closes_at]
    to_close = sorted((p for p in pending if p.closes_at <= at), key=lambda p: (p.closes_at, p.id))
    return to_open, to_close


def mark_offline(at: datetime | None = None) -> int:
    """Tell boards about points whose heartbeat stopped during an open live phase (once per outage)."""
    at = at or now()
    cutoff = at - timedelta(seconds=heartbeat_timeout())
    stale = list(db.session.scalars(sa.select(ReadinessHeartbeat).where(
        ReadinessHeartbeat.reported_offline_at.is_(None), ReadinessHeartbeat.last_seen_at < cutoff)))
    count = 0
    for beat in stale:
        site = db.session.get(Site, beat.site_id)
        phase = current_phase(site.ceremony_id, at)
        if phase is None or phase.kind is not PhaseKind.live or not phase.is_open(at):
            continue
        claimed = db.session.execute(sa.update(ReadinessHeartbeat).where(ReadinessHeartbeat.site_id == beat.site_id,
                                                                ReadinessHeartbeat.reported_offline_at.is_(None))
                                     .values(reported_offline_at=at)).rowcount
        if claimed:
            publish_point(site, phase, at)
            count += 1
    return count


def notify_ancestor(site: Site, level: int, *, key: str, subject: str, body: str) -> str | None:
    """Tell the point's ancestor ``level`` steps up, once per ``key``: the path flags escalate
    through, for other domains (an unanswered help-desk ticket). Returns who was told, or None when
    no one is above the point."""
    target = _target(site, level)
    if target is None:
        return None
    recipient = (f"{target.name} ({target.code})" + (f" – {target.operator_name}" if target.operator_name else ""))[:200]
    queue_notification(key, recipient=recipient, address=target.operator_email or target.operator_phone,
                       subject=subject[:300], body=body)
    return recipient
