"""Check delegates in exactly once, keep every scan, take attendance at remote points.

Exactly once is the database's job: ``checkins`` is unique on (ceremony, delegate), and a losing
insert rolls back to its savepoint and answers "already" with the winner's time and gate. A retried
request carries the same (device, nonce) and is answered from the scan recorded the first time.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import IntegrityError

from ceremony.attendance import cards
from ceremony.attendance.cards import DelegateCard, InvitationRef
from ceremony.attendance.lateness import lateness
from ceremony.attendance.models import DelegateCheckIn, CheckInMethod, PointHeadcount, GateScan, ScanResult
from ceremony.audit.tracking import REGISTRY as AUDITED
from ceremony.ceremonies.models import Ceremony
from ceremony.ceremonies.queries import REF_SELECT, CeremonyRef
from ceremony.core.auth import user_covers_site
from ceremony.core.db import lock_for_write
from ceremony.core.errors import Forbidden, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.delegates.models import Delegate
from ceremony.extensions import db
from ceremony.invitations import codes
from ceremony.invitations.models import Invitation
from ceremony.invitations.tokens import InvalidToken, parse_token
from ceremony.live import publish_after_commit
from ceremony.webhooks.operations import hear_nothing
from ceremony.webhooks.queries import any_active_endpoint

REFUSALS = {ScanResult.not_invited, ScanResult.revoked, ScanResult.unreadable}


def topic(ceremony_id: int) -> str:
    """The live topic of a ceremony's attendance."""
    return f"attendance:{ceremony_id}"


@dataclass
class Outcome:
    """The answer to one scan: what to show at the gate, and the first check-in when there is one."""

    result: ScanResult
    delegate: DelegateCard | None = None
    checkin: DelegateCheckIn | SimpleNamespace | None = None  # a new one is not loaded back: its values
    scan: GateScan | SimpleNamespace | None = None
    replayed: bool = False  # the same (device, nonce) was answered before
    reason: str = ""  # why a scan was refused, for the gate's message (attendance.answers)

    @property
    def is_conflict(self) -> bool:
        return bool(self.scan and self.scan.is_conflict)


def begin_write() -> None:
    """Open a real write transaction before any savepoint (see ``ceremony.core.db.lock_for_write``)."""
    lock_for_write()


def _gate_fields() -> dict:
    return {"gate": _("Gate"), "device": "device", "nonce": "nonce"}


def _required(value: str | None, field: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(_("%(field)s is required.", field=_gate_fields().get(field, field)), field=field)
    if len(value) > limit:
        raise InvalidInput(_("%(field)s is longer than %(n)d characters.", field=_gate_fields().get(field, field),
                             n=limit), field=field)
    return value


# The hot path's statements, built once: building a select and its cache key costs more CPU than
# SQLite takes to run it.
_EXISTING = sa.select(DelegateCheckIn).where(DelegateCheckIn.ceremony_id == sa.bindparam("ceremony_id"),
                                             DelegateCheckIn.delegate_id == sa.bindparam("delegate_id"))
_REPLAY = sa.select(GateScan).where(GateScan.ceremony_id == sa.bindparam("ceremony_id"),
                                    GateScan.device == sa.bindparam("device"), GateScan.nonce == sa.bindparam("nonce"))


def _insert_or_nothing(table, *unique: str) -> dict:
    """INSERT … ON CONFLICT (unique) DO NOTHING RETURNING id, per dialect: one statement, no savepoint.
    No row back means the unique key was taken (by a concurrent request: PostgreSQL waits for it to
    commit first; SQLite holds the write lock). Any other constraint still raises."""
    return {name: module.insert(table).on_conflict_do_nothing(index_elements=list(unique)).returning(table.c.id)
            for name, module in (("sqlite", sqlite_dialect), ("postgresql", postgresql_dialect))}


_INSERT_CHECKIN = _insert_or_nothing(DelegateCheckIn.__table__, "ceremony_id", "delegate_id")
_INSERT_SCAN = _insert_or_nothing(GateScan.__table__, "ceremony_id", "device", "nonce")


def _scan_id(ceremony_id):
    """The id of the scan answered for (``:device``, ``:nonce``) in the ceremony ``ceremony_id`` (a
    bound value, or the column of an outer statement)."""
    scans = GateScan.__table__
    return sa.select(scans.c.id).where(scans.c.ceremony_id == ceremony_id, scans.c.device == sa.bindparam("device"),
                                       scans.c.nonce == sa.bindparam("nonce"))


_REPLAY_ID = _scan_id(sa.bindparam("ceremony_id"))
# Under the write lock: is the invitation still valid, and is its delegate already in? (one round trip)
_INVITATIONS, _CHECKINS = Invitation.__table__, DelegateCheckIn.__table__
_LOCK_INVITATION = (sa.select(_INVITATIONS.c.revoked_at,
                              sa.select(_CHECKINS.c.id)
                              .where(_CHECKINS.c.ceremony_id == _INVITATIONS.c.ceremony_id,
                                     _CHECKINS.c.delegate_id == _INVITATIONS.c.delegate_id)
                              .scalar_subquery())
                    .where(_INVITATIONS.c.id == sa.bindparam("invitation_id"))
                    .with_for_update(of=_INVITATIONS))  # Core (table columns): no ORM layer for one row of two values


def _existing_checkin(ceremony_id: int, delegate_id: int) -> DelegateCheckIn | None:
    return db.session.scalar(_EXISTING, {"ceremony_id": ceremony_id, "delegate_id": delegate_id})


def _judge(found: tuple[InvitationRef, DelegateCard] | None, ceremony_id: int):
    """(result, delegate, invitation, reason) of an invitation found by QR token or short code."""
    if found is None or found[0].ceremony_id != ceremony_id:
        return ScanResult.not_invited, None, None, "unknown"
    invitation, delegate = found
    if invitation.is_revoked:
        return ScanResult.revoked, delegate, invitation, _revoked_reason(delegate)
    return ScanResult.welcome, delegate, invitation, ""


def _revoked_reason(delegate: DelegateCard) -> str:
    return "replaced" if delegate.replaced_by_id is not None else "withdrawn"


def _resolve(ceremony_id: int, text: str, delegate_id: int | None):
    """(result, delegate, invitation, reason) before any write: who the scan names, whether they may
    enter, and why not (``reason``: see ``attendance.answers``)."""
    if delegate_id is not None:
        delegate = cards.card(delegate_id)
        if delegate is None or delegate.ceremony_id != ceremony_id:
            return ScanResult.not_invited, None, None, "unknown"
        invitations = cards.invitations_of(delegate.id)
        active = next((i for i in invitations if i.revoked_at is None), None)
        if invitations and active is None:
            return ScanResult.revoked, delegate, invitations[-1], _revoked_reason(delegate)
        return ScanResult.welcome, delegate, active, ""
    try:
        parsed = parse_token(text)
    except InvalidToken:
        # Not a QR token: the short code a person typed (ABCD-EFGH), or what they took for it.
        code, problem = codes.read(text)
        if code is None:
            return ScanResult.unreadable, None, None, problem
        found = cards.by_code(ceremony_id, code)
        result = _judge(found, ceremony_id)
        return result if found is not None else (*result[:3], "unknown_code")
    if parsed.ceremony_id != ceremony_id:
        return ScanResult.not_invited, None, None, "other_ceremony"
    # invitation_for_text's lookup, with the delegate's card read in the same statement.
    return _judge(cards.by_key(parsed.key), ceremony_id)


def _revoked_meanwhile(invitation: InvitationRef) -> tuple[bool, int | None]:
    """Whether the invitation was revoked since it was read, checked under the write lock, and the
    id of its delegate's check-in if there is one already (same round trip).

    A substitute sent while the original's code is being scanned: the row lock (PostgreSQL) or the
    write lock (SQLite) orders the two, so either the original is checked in and the substitute is
    refused (``rsvp.send_substitute`` checks again after its claim), or the scan sees the revocation.
    """
    begin_write()
    row = db.session.connection().execute(_LOCK_INVITATION, {"invitation_id": invitation.id}).first()
    revoked_at, checkin_id = row if row is not None else (None, None)
    return revoked_at is not None, checkin_id


def insert_checkin(ceremony: Ceremony, delegate: DelegateCard, *, at: datetime, gate: str, device: str,
                   method: CheckInMethod, invitation: InvitationRef | None = None, user=None,
                   looked: bool = False,
                   late: tuple | None = None) -> tuple[DelegateCheckIn | SimpleNamespace, bool]:
    """The delegate's check-in and whether this call made it. Safe against concurrent callers.

    ``looked``: the caller has just seen under the write lock that there is no check-in yet;
    ``late``: ``lateness(ceremony, at)``, when the caller worked it out before taking the lock.
    """
    existing = None if looked else _existing_checkin(ceremony.id, delegate.id)
    if existing is not None:
        return existing, False
    is_late, segment = late if late is not None else lateness(ceremony, at)
    begin_write()  # the write lock only around the writes
    values = dict(ceremony_id=ceremony.id, delegate_id=delegate.id, site_id=delegate.site_id,
                  invitation_id=invitation.id if invitation else None, checked_in_at=at, gate=gate,
                  device=device, method=method, is_late=is_late,
                  late_segment_id=segment.id if segment is not None else None,
                  late_segment_title=segment.title if segment is not None else "",
                  recorded_by_id=getattr(user, "id", None), recorded_at=now())
    checkin = SimpleNamespace(**values)  # the answer's copy; the audited path makes the ORM row
    if _audited(checkin):  # through the unit of work, whose flush writes the audit entry
        checkin = DelegateCheckIn(**values)
        try:
            with db.session.begin_nested():
                db.session.add(checkin)
        except IntegrityError:
            # Another gate won the race: the constraint refused us, the savepoint kept the rest.
            winner = _existing_checkin(ceremony.id, delegate.id)
            if winner is None:  # an integrity error of another kind
                raise
            return winner, False
    else:  # a scan at a gate is not audited: one Core statement, the unique key decides
        connection = db.session.connection()
        new_id = connection.execute(_INSERT_CHECKIN[connection.dialect.name], values).scalar()
        if new_id is None:  # another gate won the race
            winner = _existing_checkin(ceremony.id, delegate.id)
            if winner is None:  # cannot be: the key that refused us names a row
                raise RuntimeError("check-in refused by its unique key, yet none found")
            return winner, False
        checkin.id = new_id
    _publish_checkin(checkin, delegate)
    return checkin, True


def _audited(checkin: DelegateCheckIn | SimpleNamespace) -> bool:
    """Whether the audit trail records this new check-in (``audit.registry``: those made by hand)."""
    spec = AUDITED.get(DelegateCheckIn)
    return spec is not None and (spec.only is None or spec.only(checkin, "create"))


def _publish_checkin(checkin: DelegateCheckIn | SimpleNamespace, delegate: DelegateCard) -> None:
    publish_after_commit(topic(checkin.ceremony_id), "checkin", {
        "delegate_id": delegate.id, "site_id": delegate.site_id, "tier": delegate.site_tier,
        "category_id": delegate.category_id, "is_vip": delegate.is_vip, "is_late": checkin.is_late,
        "name": delegate.name, "gate": checkin.gate, "at": checkin.checked_in_at.isoformat(),
    })


OFFLINE_HORIZON = timedelta(days=3)  # how far back an offline gate's clock is believed
CLOCK_SKEW = timedelta(minutes=10)


# A scan's first statement: the ceremony's times, whether this (device, nonce) was answered before,
# and whether any webhook endpoint listens (three questions, one round trip).
_BEFORE_SCAN = REF_SELECT.add_columns(_scan_id(Ceremony.__table__.c.id).scalar_subquery(),
                                      any_active_endpoint(Ceremony.__table__.c.id))


def _before_scan(ceremony_id: int, device: str, nonce: str) -> tuple[CeremonyRef, int | None]:
    """The ceremony (NotFound if none) and the id of the scan already answered for (device, nonce)."""
    row = db.session.connection().execute(_BEFORE_SCAN, {"ceremony_id": ceremony_id, "device": device,
                                                        "nonce": nonce}).first()
    if row is None:
        raise NotFound(f"no ceremony with id {ceremony_id}")
    ceremony_id, starts_at, ends_at, replay_id, hears = row
    if not hears:
        hear_nothing(ceremony_id)
    return CeremonyRef(ceremony_id, starts_at, ends_at), replay_id


def _replay(ceremony_id: int, device: str, nonce: str) -> GateScan | None:
    params = {"ceremony_id": ceremony_id, "device": device, "nonce": nonce}
    # Almost every scan is new: ask with a Core statement first, load the ORM row only on a retry.
    if db.session.connection().execute(_REPLAY_ID, params).first() is None:
        return None
    return db.session.scalar(_REPLAY, params)


def _outcome_of(scan: GateScan) -> Outcome:
    checkin = scan.checkin
    if checkin is None and scan.delegate_id is not None:
        checkin = _existing_checkin(scan.ceremony_id, scan.delegate_id)
    delegate = cards.card(scan.delegate_id) if scan.delegate_id is not None else None
    reason = ""
    if scan.result is ScanResult.revoked and delegate is not None:
        reason = _revoked_reason(delegate)
    elif scan.result is ScanResult.unreadable:
        reason = codes.read(scan.text)[1]
    return Outcome(scan.result, delegate, checkin, scan, replayed=True, reason=reason)


def redeem_checkin(ceremony: Ceremony | CeremonyRef | int, text: str, gate: str, device: str, nonce: str,
                   scanned_at: datetime | None = None, *, method: CheckInMethod = CheckInMethod.scan,
                   delegate_id: int | None = None, offline: bool = False, local_result: str = "",
                   user=None) -> Outcome:
    """Answer one scan at a gate of ``ceremony`` and keep it in the scan log.

    ``ceremony``: its id when nothing was read of it yet (a gate's scan: read with the replay check).
    ``text`` is what the camera read or the person typed (a URL, a bare token, or the invitation's
    short code, any case, spaces and dashes ignored); ``delegate_id``
    replaces it when the gate picked someone from a name search. Results: welcome, already,
    not_invited, revoked, unreadable. An online scan is timed by the server; an offline one (uploaded
    later) by the gate's ``scanned_at``. An offline scan whose local answer differs from the
    server's (let in but revoked or already in, or turned away but invited) is flagged a conflict.
    """
    gate = _required(gate, "gate", 60)
    device = _required(device, "device", 80)
    nonce = _required(nonce, "nonce", 80)
    text = (text or "").strip()[:300]
    if not text and delegate_id is None:
        raise InvalidInput(_("Scan the QR code or type the code under it (or pick a name)."), field="text")
    if isinstance(ceremony, int):  # a gate's scan: the ceremony is read with the replay check
        ceremony, replay_id = _before_scan(ceremony, device, nonce)
        previous = db.session.get(GateScan, replay_id) if replay_id is not None else None
    else:
        previous = _replay(ceremony.id, device, nonce)
    if previous is not None:
        return _outcome_of(previous)

    received = now()
    if scanned_at is not None and not received - OFFLINE_HORIZON <= scanned_at <= received + CLOCK_SKEW:
        # A gate clock that is days off (or a corrupted queue) must not reject nor misdate the scan.
        scanned_at = received
    at = received if not offline or scanned_at is None else min(scanned_at, received)
    result, delegate, invitation, reason = _resolve(ceremony.id, text, delegate_id)
    checkin = None
    looked = False
    late = lateness(ceremony, at) if result is ScanResult.welcome else None  # before the write lock
    if result is ScanResult.welcome and invitation is not None:
        revoked, checkin_id = _revoked_meanwhile(invitation)
        if revoked:  # read the card again: the substitute who replaced them is named to the gate
            delegate = cards.card(delegate.id) or delegate
            result, reason = ScanResult.revoked, _revoked_reason(delegate)
        elif checkin_id is not None:
            result, checkin = ScanResult.already, db.session.get(DelegateCheckIn, checkin_id)
        looked = True
    if result is ScanResult.welcome:
        checkin, created = insert_checkin(ceremony, delegate, at=at, gate=gate, device=device,
                                          method=CheckInMethod.offline if offline else method,
                                          invitation=invitation, user=user, looked=looked, late=late)
        result = ScanResult.welcome if created else ScanResult.already
    elif delegate is not None and checkin is None:
        checkin = _existing_checkin(ceremony.id, delegate.id)

    is_conflict = False
    if offline:
        let_in = local_result in ("", ScanResult.welcome.value)
        is_conflict = let_in != (result is ScanResult.welcome)
    values = dict(ceremony_id=ceremony.id, gate=gate, device=device, nonce=nonce, text=text, method=method,
                  result=result, delegate_id=delegate.id if delegate else None,
                  checkin_id=checkin.id if checkin is not None and result is ScanResult.welcome else None,
                  scanned_at=scanned_at or received, received_at=received, is_offline=offline,
                  local_result=(local_result or "")[:12], is_conflict=is_conflict, user_id=getattr(user, "id", None))
    begin_write()
    # The scan log row goes in without the unit of work (it is not audited and nothing reads it
    # back in this request): one Core statement, no savepoint.
    connection = db.session.connection()
    scan_id = connection.execute(_INSERT_SCAN[connection.dialect.name], values).scalar()
    if scan_id is None:
        previous = _replay(ceremony.id, device, nonce)  # the same request, retried while the first was running
        if previous is None:  # cannot be: the key that refused us names a row
            raise RuntimeError("scan refused by its unique key, yet none found")
        return _outcome_of(previous)
    scan = SimpleNamespace(id=scan_id, **values)  # the answer's copy
    publish_after_commit(topic(ceremony.id), "scan", {
        "result": result.value, "gate": gate, "is_conflict": is_conflict, "is_offline": offline,
        "name": delegate.name if delegate else "", "at": scan.scanned_at.isoformat(),
    })
    return Outcome(result, delegate, checkin, scan, reason=reason)


def upload_scans(ceremony: Ceremony, scans: list[dict], user=None) -> list[Outcome]:
    """Accept the queue of a gate that was offline; idempotent by (device, nonce)."""
    outcomes = []
    for item in scans:
        outcomes.append(redeem_checkin(
            ceremony, item.get("text", ""), item.get("gate", ""), item.get("device", ""), item.get("nonce", ""),
            item.get("scanned_at"), method=CheckInMethod(item.get("method") or "scan"),
            delegate_id=item.get("delegate_id"), offline=True, local_result=item.get("local_result", ""),
            user=user))
    return outcomes


def _check_site(user, delegate_or_site) -> None:
    site = getattr(delegate_or_site, "site", delegate_or_site)
    if user is not None and not user_covers_site(user, site):
        raise Forbidden(f"you do not answer for the point {site.code}")


def mark_present(ceremony: Ceremony, delegate_id: int, user) -> Outcome:
    """An operator ticks a delegate of their point on the roster (idempotent)."""
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None or delegate.ceremony_id != ceremony.id:
        raise NotFound(f"no delegate {delegate_id} in this ceremony", field="delegate_id")
    _check_site(user, delegate)
    card = DelegateCard.of(delegate)
    checkin, created = insert_checkin(ceremony, card, at=now(), gate=delegate.site.code,
                                      device=f"roster:{getattr(user, 'id', '')}", method=CheckInMethod.roster,
                                      user=user)
    return Outcome(ScanResult.welcome if created else ScanResult.already, card, checkin)


def report_headcount(ceremony: Ceremony, site, count: int, user) -> PointHeadcount:
    """Record the number of people in a remote point's hall; the latest report replaces the earlier."""
    if site.ceremony_id != ceremony.id:
        raise NotFound(f"no point {site.id} in this ceremony", field="site_id")
    _check_site(user, site)
    if count is None or count < 0 or count > 100_000:
        raise InvalidInput("count must be between 0 and 100000", field="count")
    begin_write()
    values = dict(count=count, reported_at=now(), reported_by_id=getattr(user, "id", None))
    headcount = db.session.scalar(sa.select(PointHeadcount).where(PointHeadcount.ceremony_id == ceremony.id,
                                                            PointHeadcount.site_id == site.id))
    if headcount is None:
        try:
            with db.session.begin_nested():
                headcount = PointHeadcount(ceremony_id=ceremony.id, site_id=site.id, **values)
                db.session.add(headcount)
        except IntegrityError:
            headcount = db.session.scalar(sa.select(PointHeadcount).where(PointHeadcount.ceremony_id == ceremony.id,
                                                                    PointHeadcount.site_id == site.id))
    for name, value in values.items():
        setattr(headcount, name, value)
    db.session.flush()
    publish_after_commit(topic(ceremony.id), "headcount", {"site_id": site.id, "count": count})
    return headcount


def new_nonce() -> str:
    return secrets.token_urlsafe(12)
