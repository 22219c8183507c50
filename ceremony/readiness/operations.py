"""Writes of readiness: defaults, the checklist, check-ins, heartbeats. Flush, never commit."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from flask_babel import gettext as _

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.readiness import defaults
from ceremony.readiness.models import (ItemKind, ItemState, PointStatus, ReadinessAnswer, ReadinessCheckIn,
                                       ReadinessFlag, ReadinessHeartbeat, ReadinessItem, ReadinessPhase)
from ceremony.readiness.queries import checklist, heartbeat_timeout, phase_for_report
from ceremony.readiness.snapshot import publish_point


def ensure_defaults(ceremony) -> None:
    """Give the ceremony the default checklist and windows where it has none (idempotent)."""
    existing = set(db.session.scalars(sa.select(ReadinessItem.key).where(ReadinessItem.ceremony_id == ceremony.id)))
    if not existing:
        for position, (key, label, kind) in enumerate(defaults.CHECKLIST):
            db.session.add(ReadinessItem(ceremony_id=ceremony.id, key=key, label=label, kind=kind,
                                         position=position))
    phases = set(db.session.scalars(sa.select(ReadinessPhase.key).where(ReadinessPhase.ceremony_id == ceremony.id)))
    if not phases:
        length = defaults.live_minutes(ceremony)
        for key, name, kind, opens, closes in defaults.PHASES:
            db.session.add(ReadinessPhase(ceremony_id=ceremony.id, key=key, name=name, kind=kind,
                                          opens_offset_minutes=opens,
                                          closes_offset_minutes=closes if closes is not None else length))
    db.session.flush()


# The window and checklist editors (add, change, remove) live in ``setup.py``.
from ceremony.readiness.setup import set_window  # noqa: E402,F401


def _status(items: list[ReadinessItem], answers: dict[int, ReadinessAnswer]) -> PointStatus:
    """Ready when every item that can be checked is ok; a problem or an unchecked item is a problem."""
    for item in items:
        if item.kind is ItemKind.note:
            continue
        answer = answers.get(item.id)
        if answer is None or answer.state is not ItemState.ok:
            return PointStatus.problem
    return PointStatus.ready


OFFLINE_REPORT_HORIZON = timedelta(hours=6)  # an older phone clock is not believed


def record_checkin(site, *, idempotency_key: str, answers: list[dict], bandwidth_mbps: float | None = None,
                   headcount: int | None = None, note: str = "", reported_by: str = "",
                   at: datetime | None = None, observed_at: datetime | None = None,
                   measurements: dict | None = None) -> tuple[ReadinessCheckIn, bool]:
    """Record a point's check-in in the window it belongs to; a resent key returns the stored one.

    ``answers``: ``[{"item": key, "state": "ok"|"problem"|"unchecked", "note": "", "value": "",
    "is_measured": false}]``. ``measurements``: the self-test's typed figures (``ceremony.selftest``):
    stored with the check-in, and an item whose figure misses the ceremony's threshold is a problem
    whatever the client said. Returns ``(check-in, created)``.
    """
    at = at or now()
    if observed_at is not None and at - OFFLINE_REPORT_HORIZON <= observed_at <= at:
        # Filled in while offline and sent later: it speaks of the moment it was filled in, so it
        # counts for the window open then (a T-120 report is no proof of readiness at T-30).
        at = observed_at
    key = (idempotency_key or "").strip()
    if not 8 <= len(key) <= 64:
        raise InvalidInput("idempotency_key needs 8 to 64 characters", field="idempotency_key")
    existing = _checkin_by_key(site.id, key)
    if existing is not None:
        return existing, False
    items = checklist(site.ceremony_id)
    by_key = {item.key: item for item in items}
    stored: dict[int, ReadinessAnswer] = {}
    for index, answer in enumerate(answers):
        item = by_key.get(str(answer.get("item", "")))
        if item is None:
            raise InvalidInput(f"answers[{index}].item: no checklist item {answer.get('item')!r}", field="answers")
        try:
            state = ItemState(answer.get("state", "unchecked"))
        except ValueError:
            raise InvalidInput(f"answers[{index}].state must be ok, problem or unchecked", field="answers") from None
        note_text = str(answer.get("note") or "").strip()
        if state is ItemState.problem and not note_text:
            raise InvalidInput(f"answers[{index}].note: say what the problem with {item.key} is", field="answers")
        stored[item.id] = ReadinessAnswer(item_id=item.id, state=state, note=note_text[:2000],
                                          value=str(answer.get("value") or "").strip()[:120],
                                          is_measured=bool(answer.get("is_measured")))
    # Every item gets a line, in checklist order; an item the client left out was not checked.
    stored = {item.id: stored.get(item.id) or ReadinessAnswer(item_id=item.id, state=ItemState.unchecked, note="")
              for item in items if item.kind is not ItemKind.note}
    if measurements:
        from ceremony.selftest.operations import apply_thresholds

        apply_thresholds(site.ceremony_id, items, stored, measurements)
        if bandwidth_mbps is None:
            bandwidth_mbps = measurements.get("download_mbps")
    if bandwidth_mbps is not None and not 0 <= bandwidth_mbps < 100000:
        raise InvalidInput("bandwidth_mbps is out of range", field="bandwidth_mbps")
    if headcount is not None and not 0 <= headcount < 100000:
        raise InvalidInput("headcount is out of range", field="headcount")
    phase = phase_for_report(site.ceremony_id, at)
    if phase is None:
        raise Conflict(_("Every check-in window of this ceremony has closed; reports are no longer taken."),
                       field="phase")
    checkin = ReadinessCheckIn(ceremony_id=site.ceremony_id, site_id=site.id, phase_id=phase.id, idempotency_key=key,
                      status=_status(items, stored), bandwidth_mbps=bandwidth_mbps, headcount=headcount,
                      note=(note or "").strip()[:4000], reported_at=at, reported_by=reported_by[:200])
    checkin.answers = list(stored.values())
    try:
        with db.session.begin_nested():
            db.session.add(checkin)
    except sa.exc.IntegrityError:  # the same key raced in from another request: that one wins
        existing = _checkin_by_key(site.id, key)
        if existing is None:
            raise
        return existing, False
    if measurements:
        from ceremony.selftest.operations import attach_measurement

        attach_measurement(checkin, measurements)
    # A late report settles the flags of windows already closed: no escalation to the province.
    db.session.execute(sa.update(ReadinessFlag)
                       .where(ReadinessFlag.site_id == site.id, ReadinessFlag.resolved_at.is_(None))
                       .values(resolved_at=at))
    publish_point(site, phase, at)
    return checkin, True


def _checkin_by_key(site_id: int, key: str) -> ReadinessCheckIn | None:
    return db.session.scalar(sa.select(ReadinessCheckIn).where(ReadinessCheckIn.site_id == site_id,
                                                               ReadinessCheckIn.idempotency_key == key))


def record_heartbeat(site, at: datetime | None = None) -> ReadinessHeartbeat:
    """Note that the point is online; the board hears of it when it was offline or unknown before."""
    at = at or now()
    beat = db.session.get(ReadinessHeartbeat, site.id)
    came_back = beat is None or beat.reported_offline_at is not None or \
        (at - beat.last_seen_at).total_seconds() > heartbeat_timeout()
    if beat is None:
        beat = ReadinessHeartbeat(site_id=site.id, last_seen_at=at)
        try:
            with db.session.begin_nested():
                db.session.add(beat)
        except sa.exc.IntegrityError:
            beat = db.session.get(ReadinessHeartbeat, site.id)
    beat.last_seen_at, beat.reported_offline_at = at, None
    db.session.flush()
    if came_back:
        from ceremony.readiness.queries import current_phase

        phase = current_phase(site.ceremony_id, at)
        if phase is not None:
            publish_point(site, phase, at)
    return beat


def get_item(ceremony_id: int, item_id: int) -> ReadinessItem:
    item = db.session.get(ReadinessItem, item_id)
    if item is None or item.ceremony_id != ceremony_id:
        raise NotFound(_("No checklist item %(id)s in this ceremony.", id=item_id), field="item_id")
    return item


def operator_link(site) -> str:
    """The point's operator link (``/r/<token>``), issuing one when it has none."""
    from ceremony.readiness import tokens

    return tokens.operator_url(tokens.issue_site_token(site))


def rotate_operator_link(site) -> str:
    """Revoke every operator link of the point (a lost phone) and issue a new one; returns it."""
    from ceremony.readiness import tokens

    tokens.revoke_site_tokens(site)
    return operator_link(site)


def site_kits(ceremony, site=None) -> tuple[bytes, str]:
    """The site kit PDF of one point or of every point (issuing missing links) and its file name."""
    from ceremony.readiness import pdf
    from ceremony.readiness.queries import phases
    from ceremony.selftest.queries import bridges
    from ceremony.sites.queries import list_sites

    sites = [site] if site is not None else list_sites(ceremony.id)
    links = {s.id: operator_link(s) for s in sites}
    name = f"bo-cong-cu-{site.code}.pdf" if site is not None else f"bo-cong-cu-{ceremony.slug}.pdf"
    return pdf.site_kits_pdf(ceremony, sites, links, phases(ceremony.id), bridges(ceremony.id)), name
