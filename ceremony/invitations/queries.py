"""Reads about invitations."""
from __future__ import annotations

import sqlalchemy as sa

from ceremony.extensions import db
from ceremony.invitations.models import Invitation
from ceremony.invitations.tokens import parse_token


def invitation_for_key(key: str) -> Invitation | None:
    return db.session.scalar(sa.select(Invitation).where(Invitation.key == key))


def invitation_for_text(text: str) -> Invitation | None:
    """The invitation a scanned or typed text points at (revoked ones included), or None if unknown.

    Raises ``InvalidToken`` when the text is not a well-signed token at all.
    """
    parsed = parse_token(text)
    invitation = invitation_for_key(parsed.key)
    if invitation is not None and invitation.ceremony_id != parsed.ceremony_id:
        return None
    return invitation
