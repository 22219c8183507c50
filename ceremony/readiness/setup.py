"""Writes of a ceremony's readiness set-up: its check-in windows and checklist, added, changed, removed.

Windows are stored in minutes from the ceremony start (T-120 → -120), so they move with it. Every
new ceremony gets the defaults (``defaults.py``); every refusal is Vietnamese and names its field.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.time import now
from ceremony.core.timeline import TimedItem, register_after_move, register_on_create, register_timed
from ceremony.extensions import db
from ceremony.readiness.defaults import live_minutes
from ceremony.readiness.models import (ItemKind, PhaseKind, ReadinessAnswer, ReadinessCheckIn, ReadinessFlag,
                                       ReadinessItem, ReadinessPhase)

KEY = re.compile(r"^[a-z0-9_]{1,40}$")
LIMIT = 60 * 24 * 60  # sixty days either side of the start


def _key(value: str, field: str = "key") -> str:
    key = (value or "").strip().lower()
    if not KEY.match(key):
        raise InvalidInput(_("The key takes lowercase letters, digits and _ (at most 40)."), field=field)
    return key


def _minutes(value, field: str) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("Give the time in whole minutes from the start."), field=field) from None
    if not -LIMIT <= minutes <= LIMIT:
        raise InvalidInput(_("The time must be within 60 days of the start."), field=field)
    return minutes


def _phase_kind(value) -> PhaseKind:
    try:
        return PhaseKind(value)
    except ValueError:
        raise InvalidInput(_("The kind of window is a check-in window or the live phase."), field="kind") from None


def add_window(ceremony, *, key: str, name: str, opens_offset_minutes, closes_offset_minutes,
               kind: PhaseKind | str = PhaseKind.window) -> ReadinessPhase:
    """Add a check-in window, its times in minutes from the start (negative: before it)."""
    key = _key(key)
    if db.session.scalar(sa.select(ReadinessPhase.id).where(ReadinessPhase.ceremony_id == ceremony.id,
                                                            ReadinessPhase.key == key)) is not None:
        raise Conflict(_("The ceremony already has a window %(key)s.", key=key), field="key")
    phase = ReadinessPhase(ceremony_id=ceremony.id, key=key, name="", kind=_phase_kind(kind),
                           opens_offset_minutes=0, closes_offset_minutes=1)
    _apply(phase, name=name, opens=opens_offset_minutes, closes=closes_offset_minutes)
    db.session.add(phase)
    db.session.flush()
    return phase


def update_window(phase: ReadinessPhase, *, name: str | None = None, opens_offset_minutes=None,
                  closes_offset_minutes=None, kind: PhaseKind | str | None = None) -> ReadinessPhase:
    """Rename or move a window; a window already closed is history and stays as it was."""
    moving = opens_offset_minutes is not None or closes_offset_minutes is not None
    if moving and phase.closed_at is not None:
        raise Conflict(_("This window has already closed."), field="phase")
    if kind is not None:
        phase.kind = _phase_kind(kind)
    _apply(phase, name=phase.name if name is None else name,
           opens=phase.opens_offset_minutes if opens_offset_minutes is None else opens_offset_minutes,
           closes=phase.closes_offset_minutes if closes_offset_minutes is None else closes_offset_minutes)
    db.session.flush()
    if moving and phase.opens_at > now():
        phase.opened_at = None  # announce it again when it opens
    db.session.flush()
    return phase


def set_window(phase: ReadinessPhase, *, opens_minutes: int, closes_minutes: int) -> ReadinessPhase:
    """Move a window, in minutes from the ceremony start (negative: before it)."""
    return update_window(phase, opens_offset_minutes=opens_minutes, closes_offset_minutes=closes_minutes)


def _apply(phase: ReadinessPhase, *, name, opens, closes) -> None:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("A window needs a name."), field="name")
    if len(name) > 120:
        raise InvalidInput(_("The name is at most 120 characters."), field="name")
    opens, closes = _minutes(opens, "opens_offset_minutes"), _minutes(closes, "closes_offset_minutes")
    if closes <= opens:
        raise InvalidInput(_("A window must close after it opens."), field="closes_offset_minutes")
    phase.name, phase.opens_offset_minutes, phase.closes_offset_minutes = name, opens, closes


def delete_window(phase: ReadinessPhase) -> None:
    """Remove a window no point has reported in (reports are history)."""
    reported = db.session.scalar(sa.select(sa.func.count(ReadinessCheckIn.id))
                                 .where(ReadinessCheckIn.phase_id == phase.id))
    if reported:
        raise Conflict(_("%(n)d reports were made in this window; it cannot be removed.", n=reported),
                       field="phase")
    db.session.delete(phase)
    db.session.flush()


def _item_kind(value) -> ItemKind:
    try:
        return ItemKind(value)
    except ValueError:
        raise InvalidInput(_("The kind of item is one of: check, bandwidth, headcount, note."), field="kind") from None


def save_item(ceremony, *, key: str, label: str, kind: ItemKind | str, position: int | None = None,
              is_active: bool = True) -> ReadinessItem:
    """Add a checklist item or change the one with that key."""
    key, label = _key(key), (label or "").strip()
    if not label:
        raise InvalidInput(_("The label is required."), field="label")
    if len(label) > 200:
        raise InvalidInput(_("The label is at most 200 characters."), field="label")
    kind = _item_kind(kind)
    item = db.session.scalar(sa.select(ReadinessItem).where(ReadinessItem.ceremony_id == ceremony.id,
                                                            ReadinessItem.key == key))
    if item is None:
        last = db.session.scalar(sa.select(sa.func.max(ReadinessItem.position))
                                 .where(ReadinessItem.ceremony_id == ceremony.id))
        item = ReadinessItem(ceremony_id=ceremony.id, key=key, position=(last or 0) + 1)
        db.session.add(item)
    item.label, item.kind, item.is_active = label, kind, is_active
    if position is not None:
        item.position = position
    db.session.flush()
    return item


def update_item(item: ReadinessItem, *, label: str | None = None, kind=None, position: int | None = None,
                is_active: bool | None = None) -> ReadinessItem:
    """Change a checklist item in place (its key stays: reports refer to it)."""
    from ceremony.ceremonies.models import Ceremony

    return save_item(db.session.get(Ceremony, item.ceremony_id), key=item.key,
                     label=item.label if label is None else label, kind=item.kind if kind is None else kind,
                     position=position, is_active=item.is_active if is_active is None else is_active)


def delete_item(item: ReadinessItem) -> bool:
    """Remove a checklist item; one already answered in a report is switched off instead.

    Returns True when the item was removed, False when it was only switched off."""
    answered = db.session.scalar(sa.select(ReadinessAnswer.id).where(ReadinessAnswer.item_id == item.id).limit(1))
    if answered is not None:
        item.is_active = False
        db.session.flush()
        return False
    db.session.delete(item)
    db.session.flush()
    return True


# --- how readiness takes part in a ceremony's life (see core/timeline.py) ----------------------

def _timed(ceremony) -> list[TimedItem]:
    phases = db.session.scalars(sa.select(ReadinessPhase).where(ReadinessPhase.ceremony_id == ceremony.id)
                                .order_by(ReadinessPhase.opens_offset_minutes, ReadinessPhase.id))
    items = []
    for phase in phases:
        items.append(TimedItem(f"readiness:{phase.key}:opens", _("%(name)s opens", name=phase.name), phase.opens_at))
        items.append(TimedItem(f"readiness:{phase.key}:closes", _("%(name)s closes", name=phase.name),
                               phase.closes_at))
    return items


def _after_move(ceremony) -> None:
    """Windows that the new date puts in the future are open again for reports and flags."""
    at = now()
    for phase in db.session.scalars(sa.select(ReadinessPhase).where(ReadinessPhase.ceremony_id == ceremony.id)):
        if phase.closes_at > at and phase.closed_at is not None:
            phase.closed_at = None
            db.session.execute(sa.delete(ReadinessFlag).where(ReadinessFlag.phase_id == phase.id,
                                                              ReadinessFlag.resolved_at.is_(None)))
        if phase.opens_at > at:
            phase.opened_at = None
        if phase.kind is PhaseKind.live and ceremony.ends_at is not None and phase.closed_at is None:
            phase.closes_offset_minutes = max(phase.opens_offset_minutes + 1, live_minutes(ceremony))
    db.session.flush()


def _on_create(ceremony) -> None:
    from ceremony.readiness.operations import ensure_defaults

    ensure_defaults(ceremony)


register_timed("readiness", _timed)
register_after_move("readiness", _after_move)
register_on_create("readiness", _on_create)
