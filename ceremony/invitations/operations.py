"""Issue and revoke invitations.

A delegate whose invitation was revoked and who holds no live one (replaced by a substitute, or
withdrawn) is no longer invited: issuing "the missing invitations" passes them by, so a revoked
code is never revived by a bulk action. Only ``reissue_invitation`` invites a withdrawn delegate
again, and nothing invites a replaced one.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.delegates.models import Delegate
from ceremony.extensions import db
from ceremony.invitations.codes import new_code
from ceremony.invitations.models import Invitation, LetterSettings
from ceremony.invitations.queries import DEFAULT_SETTINGS, no_longer_invited
from ceremony.invitations.tokens import make_token


def active_invitation(delegate_id: int) -> Invitation | None:
    return db.session.scalar(sa.select(Invitation).where(Invitation.delegate_id == delegate_id,
                                                         Invitation.revoked_at.is_(None)))


def _next_serial(ceremony_id: int) -> int:
    current = db.session.scalar(sa.select(sa.func.max(Invitation.serial)).where(Invitation.ceremony_id == ceremony_id))
    return (current or 0) + 1


def _taken_codes(ceremony_id: int) -> set[str]:
    return set(db.session.scalars(sa.select(Invitation.short_code).where(Invitation.ceremony_id == ceremony_id)))


def issue_invitation(delegate: Delegate) -> Invitation:
    """The delegate's live invitation, issued now if they have none (idempotent)."""
    existing = active_invitation(delegate.id)
    if existing is not None:
        return existing
    if delegate.replaced_by_id is not None:
        raise Conflict(_("%(name)s was replaced by a substitute and can no longer be invited.",
                         name=delegate.person.full_name), field="delegate_id")
    token, key = make_token(delegate.ceremony_id)
    invitation = Invitation(ceremony_id=delegate.ceremony_id, delegate_id=delegate.id,
                            serial=_next_serial(delegate.ceremony_id), token=token, key=key,
                            short_code=new_code(_taken_codes(delegate.ceremony_id)))
    db.session.add(invitation)
    db.session.flush()
    return invitation


def issue_invitations(ceremony_id: int, delegate_ids: list[int] | None = None) -> list[Invitation]:
    """Issue invitations to every delegate of the ceremony (or the ones named) who has none.

    Returns every named delegate's live invitation, new or not, in delegate order, leaving out the
    delegates no longer invited (replaced or withdrawn: see the module); one query finds the
    existing ones and one flush writes the new ones, so a whole province takes a moment.
    """
    query = sa.select(Delegate.id).where(Delegate.ceremony_id == ceremony_id).order_by(Delegate.id)
    if delegate_ids is not None:
        query = query.where(Delegate.id.in_(delegate_ids))
    ids = list(db.session.scalars(query))
    if delegate_ids is not None:
        unknown = set(delegate_ids) - set(ids)
        if unknown:
            raise NotFound(_("There is no delegate %(id)d in this ceremony.", id=sorted(unknown)[0]),
                           field="delegate_ids")
    struck = no_longer_invited(ceremony_id)
    ids = [i for i in ids if i not in struck]
    live = {i.delegate_id: i for i in db.session.scalars(sa.select(Invitation).where(
        Invitation.ceremony_id == ceremony_id, Invitation.revoked_at.is_(None),
        Invitation.delegate_id.in_(ids) if delegate_ids is not None else sa.true()))}
    serial = _next_serial(ceremony_id)
    taken = _taken_codes(ceremony_id) if len(live) < len(ids) else set()
    result = []
    for delegate_id in ids:
        invitation = live.get(delegate_id)
        if invitation is None:
            token, key = make_token(ceremony_id)
            code = new_code(taken)
            taken.add(code)
            invitation = Invitation(ceremony_id=ceremony_id, delegate_id=delegate_id, serial=serial,
                                    token=token, key=key, short_code=code)
            db.session.add(invitation)
            serial += 1
        result.append(invitation)
    db.session.flush()
    return result


def _begin_write() -> None:
    """On SQLite, take the write lock before reading the next serial (``BEGIN IMMEDIATE``, waiting the
    connection's usual time): a job may wait for a check-in, never fail on a stale snapshot."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.connection.dbapi_connection.execute("BEGIN IMMEDIATE")


def issue_invitations_in_batches(ceremony_id: int, *, batch_size: int = 5000, on_total=None, on_batch=None) -> int:
    """Issue every missing invitation of the ceremony by batches, each one short transaction of one
    multi-row insert (tokens and codes drawn before it opens); returns how many were issued.

    The same rule as ``issue_invitations`` (replaced and withdrawn delegates are passed by); a batch
    issued stays issued if a later one fails, and running it again issues only the rest."""
    live = sa.select(Invitation.delegate_id).where(Invitation.ceremony_id == ceremony_id,
                                                   Invitation.revoked_at.is_(None))
    struck = no_longer_invited(ceremony_id)
    ids = [i for i in db.session.scalars(sa.select(Delegate.id).where(Delegate.ceremony_id == ceremony_id,
                                                                      Delegate.id.not_in(live))
                                         .order_by(Delegate.id)) if i not in struck]
    taken = _taken_codes(ceremony_id)
    db.session.rollback()
    if on_total is not None:
        on_total(len(ids))
    from ceremony.delegates.bulk import checkpoint, insert_rows

    table, done = Invitation.__table__, 0
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        rows = []
        for delegate_id in chunk:
            token, key = make_token(ceremony_id)
            code = new_code(taken)
            taken.add(code)
            rows.append({"ceremony_id": ceremony_id, "delegate_id": delegate_id, "token": token, "key": key,
                         "short_code": code, "revoked_reason": "", "rsvp_status": "pending"})
        for attempt in range(3):
            try:
                _begin_write()
                serial, stamp = _next_serial(ceremony_id), now()
                for offset, row in enumerate(rows):
                    row.update(serial=serial + offset, issued_at=stamp)
                insert_rows(db.session.connection(), table, rows)
                db.session.commit()
                checkpoint(db.session.connection())
                break
            except sa.exc.IntegrityError:  # a single issue took a serial meanwhile, or a delegate was invited
                db.session.rollback()
                if attempt == 2:
                    raise
                live_now = set(db.session.scalars(live.where(Invitation.delegate_id.in_(chunk))))
                rows = [r for r in rows if r["delegate_id"] not in live_now]
                db.session.rollback()
        done += len(rows)
        if on_batch is not None:
            on_batch(done)
    return done


def revoke_invitation(invitation: Invitation, reason: str = "") -> Invitation:
    """Revoke an invitation: its QR no longer opens the page nor checks anyone in."""
    if invitation.revoked_at is None:
        invitation.revoked_at = now()
        invitation.revoked_reason = reason
        db.session.flush()
    return invitation


def _delegate_of(ceremony_id: int, delegate_id: int) -> Delegate:
    delegate = db.session.get(Delegate, delegate_id)
    if delegate is None or delegate.ceremony_id != ceremony_id:
        raise NotFound(_("There is no delegate %(id)d in this ceremony.", id=delegate_id), field="delegate_id")
    return delegate


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the invitation is revoked."), field="reason")
    return reason[:200]


def _refuse_replaced(delegate: Delegate) -> None:
    if delegate.replaced_by is not None:
        raise Conflict(_("%(name)s was replaced by %(substitute)s: change the substitute's invitation instead.",
                         name=delegate.person.full_name, substitute=delegate.replaced_by.person.full_name),
                       field="delegate_id")


def withdraw_invitation(ceremony_id: int, delegate_id: int, reason: str) -> Invitation:
    """Revoke a delegate's live invitation (the delegate no longer comes): its QR opens nothing."""
    reason = _reason(reason)
    delegate = _delegate_of(ceremony_id, delegate_id)
    _refuse_replaced(delegate)
    invitation = active_invitation(delegate_id)
    if invitation is None:
        raise Conflict(_("%(name)s has no valid invitation to revoke.", name=delegate.person.full_name),
                       field="delegate_id")
    return revoke_invitation(invitation, reason)


def reissue_invitation(ceremony_id: int, delegate_id: int, reason: str) -> Invitation:
    """A lost or leaked invitation: revoke its QR and give the same delegate a new one (new QR and
    short code). Also invites a withdrawn delegate again; never a delegate replaced by a substitute."""
    reason = _reason(reason)
    delegate = _delegate_of(ceremony_id, delegate_id)
    _refuse_replaced(delegate)
    invitation = active_invitation(delegate_id)
    if invitation is not None:
        revoke_invitation(invitation, reason)
    elif delegate_id not in no_longer_invited(ceremony_id, [delegate_id]):
        raise Conflict(_("%(name)s has no invitation yet: issue the missing invitations first.",
                         name=delegate.person.full_name), field="delegate_id")
    return issue_invitation(delegate)


SETTING_LIMITS = {"number": 20, "symbol": 40, "signer_authority": 60, "signer_title": 120, "signer_name": 120}


def _setting_label(field: str) -> str:
    return {"number": _("Letter number (Số)"), "symbol": _("Document symbol"),
            "signer_authority": _("Signing authority"), "signer_title": _("Signer's title"),
            "signer_name": _("Signer's name"), "letter_date": _("Date on the letters")}[field]


def update_letter_settings(ceremony_id: int, values: dict) -> LetterSettings:
    """Set the number, symbol, date and signer shared by every Giấy mời of the ceremony (fields not
    given keep their value). A date after the ceremony or a blank signer is allowed, and warned
    about wherever letters print (``queries.letter_warnings``)."""
    cleaned = {}
    for field, limit in SETTING_LIMITS.items():
        if field not in values:
            continue
        text = " ".join(str(values[field] or "").split())
        if len(text) > limit:
            raise InvalidInput(_("%(field)s is longer than %(n)d characters.", field=_setting_label(field), n=limit),
                               field=field)
        cleaned[field] = text
    if "number" in cleaned and "/" in cleaned["number"]:
        raise InvalidInput(_("Write only the number (e.g. 125); the symbol after the slash is its own field."),
                           field="number")
    if "symbol" in cleaned and not cleaned["symbol"]:
        raise InvalidInput(_("%(field)s is required.", field=_setting_label("symbol")), field="symbol")
    if "letter_date" in values:
        cleaned["letter_date"] = values["letter_date"]
    settings = db.session.scalar(sa.select(LetterSettings).where(LetterSettings.ceremony_id == ceremony_id))
    if settings is None:
        settings = LetterSettings(ceremony_id=ceremony_id, **DEFAULT_SETTINGS)
        db.session.add(settings)
    for field, value in cleaned.items():
        setattr(settings, field, value)
    settings.updated_at = now()
    db.session.flush()
    return settings
