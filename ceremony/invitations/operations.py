"""Issue and revoke invitations."""
from __future__ import annotations

import sqlalchemy as sa

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.delegates.models import Delegate
from ceremony.extensions import db
from ceremony.invitations.models import Invitation
from ceremony.invitations.tokens import make_token


def active_invitation(delegate_id: int) -> Invitation | None:
    return db.session.scalar(sa.select(Invitation).where(Invitation.delegate_id == delegate_id,
                                                         Invitation.revoked_at.is_(None)))


def _next_serial(ceremony_id: int) -> int:
    current = db.session.scalar(sa.select(sa.func.max(Invitation.serial)).where(Invitation.ceremony_id == ceremony_id))
    return (current or 0) + 1


def issue_invitation(delegate: Delegate) -> Invitation:
    """The delegate's live invitation, issued now if they have none (idempotent)."""
    existing = active_invitation(delegate.id)
    if existing is not None:
        return existing
    token, key = make_token(delegate.ceremony_id)
    invitation = Invitation(ceremony_id=delegate.ceremony_id, delegate_id=delegate.id,
                            serial=_next_serial(delegate.ceremony_id), token=token, key=key)
    db.session.add(invitation)
    db.session.flush()
    return invitation


def issue_invitations(ceremony_id: int, delegate_ids: list[int] | None = None) -> list[Invitation]:
    """Issue invitations to every delegate of the ceremony (or the ones named) who has none.

    Returns every named delegate's live invitation, new or not, in delegate order; one query finds
    the existing ones and one flush writes the new ones, so a whole province takes a moment.
    """
    query = sa.select(Delegate.id).where(Delegate.ceremony_id == ceremony_id).order_by(Delegate.id)
    if delegate_ids is not None:
        query = query.where(Delegate.id.in_(delegate_ids))
    ids = list(db.session.scalars(query))
    if delegate_ids is not None:
        unknown = set(delegate_ids) - set(ids)
        if unknown:
            raise NotFound(f"no delegate {sorted(unknown)[0]} in this ceremony", field="delegate_ids")
    live = {i.delegate_id: i for i in db.session.scalars(sa.select(Invitation).where(
        Invitation.ceremony_id == ceremony_id, Invitation.revoked_at.is_(None),
        Invitation.delegate_id.in_(ids) if delegate_ids is not None else sa.true()))}
    serial = _next_serial(ceremony_id)
    result = []
    for delegate_id in ids:
        invitation = live.get(delegate_id)
        if invitation is None:
            token, key = make_token(ceremony_id)
            invitation = Invitation(ceremony_id=ceremony_id, delegate_id=delegate_id, serial=serial,
                                    token=token, key=key)
            db.session.add(invitation)
            serial += 1
        result.append(invitation)
    db.session.flush()
    return result


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
        raise NotFound(f"no delegate {delegate_id} in this ceremony", field="delegate_id")
    return delegate


def withdraw_invitation(ceremony_id: int, delegate_id: int, reason: str) -> Invitation:
    """Revoke a delegate's live invitation (the delegate no longer comes): its QR opens nothing."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("say why the invitation is revoked", field="reason")
    _delegate_of(ceremony_id, delegate_id)
    invitation = active_invitation(delegate_id)
    if invitation is None:
        raise Conflict("this delegate has no live invitation", field="delegate_id")
    return revoke_invitation(invitation, reason[:200])


def reissue_invitation(ceremony_id: int, delegate_id: int, reason: str) -> Invitation:
    """A lost or leaked invitation: revoke its QR and give the same delegate a new one."""
    withdraw_invitation(ceremony_id, delegate_id, reason)
    return issue_invitation(_delegate_of(ceremony_id, delegate_id))
