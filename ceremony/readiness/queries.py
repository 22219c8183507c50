"""Reads of readiness: windows, the checklist, each point's status, the board, history."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext

from ceremony.core.errors import NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.readiness.models import (PhaseKind, PointStatus, ReadinessCheckIn, ReadinessFlag, ReadinessHeartbeat,
                                       ReadinessItem, ReadinessPhase)
from ceremony.sites.models import Site, Tier

STATUSES = [s.value for s in PointStatus]
STATE_HOOKS: list = []  # other domains add to a point's state: measured figures, open help-desk tickets


def state_hook(func):
    """Register ``func(ceremony_id, phase, states)``, called on every ``point_states`` result."""
    if func not in STATE_HOOKS:
        STATE_HOOKS.append(func)
    return func


def topic(ceremony_id: int) -> str:
    """The live topic of a ceremony's readiness board."""
    return f"readiness:{ceremony_id}"


def heartbeat_timeout() -> int:
    """Seconds without a heartbeat after which a point in the live phase counts as offline."""
    return int(current_app.config.get("READINESS_HEARTBEAT_TIMEOUT", 45))


def checklist(ceremony_id: int, active_only: bool = True) -> list[ReadinessItem]:
    query = sa.select(ReadinessItem).where(ReadinessItem.ceremony_id == ceremony_id)
    if active_only:
        query = query.where(ReadinessItem.is_active.is_(True))
    return list(db.session.scalars(query.order_by(ReadinessItem.position, ReadinessItem.id)))


def phases(ceremony_id: int) -> list[ReadinessPhase]:
    return list(db.session.scalars(sa.select(ReadinessPhase).where(ReadinessPhase.ceremony_id == ceremony_id)
                                   .order_by(ReadinessPhase.opens_offset_minutes, ReadinessPhase.id)))


def get_phase(ceremony_id: int, key: str) -> ReadinessPhase:
    phase = db.session.scalar(sa.select(ReadinessPhase).where(ReadinessPhase.ceremony_id == ceremony_id,
                                                              ReadinessPhase.key == key))
    if phase is None:
        raise NotFound(gettext("No check-in window %(key)s in this ceremony.", key=key), field="phase")
    return phase


def current_phase(ceremony_id: int, at: datetime | None = None) -> ReadinessPhase | None:
    """The open window; else the last one that has opened; else the first one."""
    at = at or now()
    all_phases = phases(ceremony_id)
    open_ = [p for p in all_phases if p.is_open(at)]
    if open_:
        return open_[-1]
    started = [p for p in all_phases if p.opens_at <= at]
    return started[-1] if started else (all_phases[0] if all_phases else None)


def phase_for_report(ceremony_id: int, at: datetime) -> ReadinessPhase | None:
    """Where a report made at ``at`` belongs: the open window, else the next one (an early report)."""
    all_phases = phases(ceremony_id)
    open_ = [p for p in all_phases if p.is_open(at)]
    if open_:
        return open_[-1]
    upcoming = [p for p in all_phases if p.opens_at > at]
    return upcoming[0] if upcoming else None


def window_status(ceremony_id: int, at: datetime | None = None) -> dict:
    """For the operator: the window open now, else the next one to open (``{"open", "next"}``)."""
    at = at or now()
    all_phases = phases(ceremony_id)
    open_ = [p for p in all_phases if p.is_open(at)]
    upcoming = sorted((p for p in all_phases if p.opens_at > at), key=lambda p: (p.opens_at, p.id))
    return {"open": open_[-1] if open_ else None, "next": upcoming[0] if upcoming else None,
            "any": bool(all_phases)}


def latest_checkins(ceremony_id: int, phase_ids, site_ids=None) -> dict[int, ReadinessCheckIn]:
    """The latest check-in of each point among the given windows."""
    query = sa.select(ReadinessCheckIn).where(ReadinessCheckIn.ceremony_id == ceremony_id,
                                              ReadinessCheckIn.phase_id.in_(list(phase_ids)))
    if site_ids is not None:
        query = query.where(ReadinessCheckIn.site_id.in_(list(site_ids)))
    latest: dict[int, ReadinessCheckIn] = {}
    for checkin in db.session.scalars(query.order_by(ReadinessCheckIn.reported_at, ReadinessCheckIn.id)):
        latest[checkin.site_id] = checkin
    return latest


def point_states(ceremony_id: int, phase: ReadinessPhase | None, at: datetime | None = None,
                 site_ids=None) -> dict[int, dict]:
    """Each point's status in ``phase``: ``{site_id: {"status", "last_report_at", "checkin", ...}}``.

    Window: the latest check-in of the window decides (none: not reported). Live phase while it is
    open: offline without a heartbeat for ``READINESS_HEARTBEAT_TIMEOUT`` seconds, otherwise the
    latest check-in of the live phase or, failing that, of any earlier window.
    """
    at = at or now()
    query = sa.select(Site.id).where(Site.ceremony_id == ceremony_id)
    if site_ids is not None:
        query = query.where(Site.id.in_(list(site_ids)))
    ids = list(db.session.scalars(query))
    if phase is None:
        return {i: {"status": PointStatus.not_reported.value, "last_report_at": None, "checkin": None,
                    "last_seen_at": None} for i in ids}
    live = phase.kind is PhaseKind.live
    if live:
        earlier = [p.id for p in phases(ceremony_id) if p.opens_at <= phase.opens_at]
        checkins = latest_checkins(ceremony_id, earlier, ids)
        checkins.update(latest_checkins(ceremony_id, [phase.id], ids))
        beats = {b.site_id: b.last_seen_at for b in
                 db.session.scalars(sa.select(ReadinessHeartbeat).where(ReadinessHeartbeat.site_id.in_(ids)))}
    else:
        checkins, beats = latest_checkins(ceremony_id, [phase.id], ids), {}
    timeout = heartbeat_timeout()
    states = {}
    for site_id in ids:
        checkin = checkins.get(site_id)
        status = checkin.status.value if checkin is not None else PointStatus.not_reported.value
        seen = beats.get(site_id)
        if live and phase.is_open(at) and (seen is None or (at - seen).total_seconds() > timeout):
            status = PointStatus.offline.value
        states[site_id] = {"status": status, "last_report_at": checkin.reported_at if checkin else None,
                           "checkin": checkin, "last_seen_at": seen}
    for hook in STATE_HOOKS:
        hook(ceremony_id, phase, states)
    return states


def _extra(state: dict) -> dict:
    """What the hooks added that a tile shows (figures, figures below a threshold, open tickets)."""
    return {"figures": state.get("figures"), "below": state.get("below", []),
            "open_tickets": state.get("open_tickets", 0)}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def point_event(site: Site, phase: ReadinessPhase, at: datetime | None = None) -> dict:
    """What the board needs to repaint one tile."""
    state = point_states(site.ceremony_id, phase, at, site_ids=[site.id])[site.id]
    return {"site_id": site.id, "code": site.code, "tier": site.tier.value, "phase": phase.key,
            "status": state["status"], "last_report_at": _iso(state["last_report_at"]),
            "last_seen_at": _iso(state["last_seen_at"]), **_extra(state)}


def board(ceremony_id: int, phase: ReadinessPhase | None, at: datetime | None = None, *,
          visible: set[int] | None = None, status: str | None = None, parent: str | None = None) -> dict:
    """The control-room board of one unit: its points grouped by district, counts per tier and status.

    Read from the ceremony's shared snapshot (``readiness.snapshot``: aggregated in SQL, one build per
    change, kept by deltas). ``parent`` (a point's code; default the root) draws that unit: every tile
    of its subtree when it is small enough (a province, as the provincial board always did),
    otherwise its own tile and one entry per child unit with its counts (``mode`` "units"), to drill
    into. On a two-tier network (2025: communes straight under the province) the communes form one
    group under the province's name. ``visible`` limits it to some points (an operator's); ``status``
    keeps only tiles of that status (the counts still cover every visible point). ``tiers`` lists the
    tiers the unit's network has, for the count table.
    """
    from ceremony.readiness import snapshot

    at = at or now()
    shared = snapshot.get(ceremony_id, phase, at)
    data = snapshot.view(shared, parent=parent, visible=visible, status=status)
    return {**data, "at": _iso(at), "phase": phase_dict(phase) if phase else None,
            "heartbeat_timeout": heartbeat_timeout()}


def phase_dict(phase: ReadinessPhase) -> dict:
    return {"id": phase.id, "key": phase.key, "name": phase.name, "kind": phase.kind.value,
            "opens_at": _iso(phase.opens_at), "closes_at": _iso(phase.closes_at),
            "closed_at": _iso(phase.closed_at)}


def history_query(site_id: int):
    """A point's check-ins, the latest first."""
    return (sa.select(ReadinessCheckIn).where(ReadinessCheckIn.site_id == site_id)
            .order_by(ReadinessCheckIn.reported_at.desc(), ReadinessCheckIn.id.desc()))


def site_flags(site_id: int) -> list[ReadinessFlag]:
    """A point's flags (windows it missed), the latest first, with who was told."""
    return list(db.session.scalars(sa.select(ReadinessFlag).where(ReadinessFlag.site_id == site_id)
                                   .order_by(ReadinessFlag.flagged_at.desc(), ReadinessFlag.id.desc())))


def silent_sites(phase: ReadinessPhase) -> list[Site]:
    """The points without any check-in in ``phase``."""
    reported = sa.select(ReadinessCheckIn.site_id).where(ReadinessCheckIn.phase_id == phase.id)
    return list(db.session.scalars(sa.select(Site).where(Site.ceremony_id == phase.ceremony_id,
                                                         Site.id.not_in(reported))
                                   .order_by(Site.position, Site.id)))


def flags(phase: ReadinessPhase) -> list[ReadinessFlag]:
    return list(db.session.scalars(sa.select(ReadinessFlag).where(ReadinessFlag.phase_id == phase.id)
                                   .order_by(ReadinessFlag.id)))


def report_rows(phase: ReadinessPhase) -> list[dict]:
    """One row per point for the window report: its status, when it was first ready, its last report,
    and whether it was flagged (and who was told)."""
    sites = list(db.session.scalars(sa.select(Site).where(Site.ceremony_id == phase.ceremony_id)
                                    .order_by(Site.position, Site.id)))
    checkins: dict[int, list[ReadinessCheckIn]] = {}
    for checkin in db.session.scalars(sa.select(ReadinessCheckIn).where(ReadinessCheckIn.phase_id == phase.id)
                                      .order_by(ReadinessCheckIn.reported_at, ReadinessCheckIn.id)):
        checkins.setdefault(checkin.site_id, []).append(checkin)
    flagged = {f.site_id: f for f in flags(phase)}
    rows = []
    for site in sites:
        mine = checkins.get(site.id, [])
        ready = [c for c in mine if c.status is PointStatus.ready]
        last = mine[-1] if mine else None
        flag = flagged.get(site.id)
        problems = [f"{a.item.label}: {a.note}" for a in (last.answers if last else []) if a.state.value == "problem"]
        rows.append({
            "code": site.code, "name": site.name, "tier": site.tier.value,
            # the commune's district; none on a two-tier network, where communes hang under the province
            "district": site.parent.name if site.tier is Tier.commune and site.parent is not None
            and site.parent.tier is Tier.district else "",
            "status": last.status.value if last else PointStatus.not_reported.value,
            "first_ready_at": ready[0].reported_at if ready else None,
            "last_report_at": last.reported_at if last else None, "reports": len(mine),
            "reported_by": last.reported_by if last else "", "problems": "; ".join(problems),
            "bandwidth_mbps": last.bandwidth_mbps if last else None,
            "headcount": last.headcount if last else None,
            "flagged_at": flag.flagged_at if flag else None,
            "told": ", ".join(f"{e.recipient} ({e.escalated_at:%H:%M} UTC)" for e in flag.escalations) if flag else "",
        })
    return rows
