"""Reads about invitations."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.core.time import local
from ceremony.extensions import db
from ceremony.invitations.models import Invitation, LetterSettings
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


def no_longer_invited(ceremony_id: int, delegate_ids: list[int] | None = None) -> set[int]:
    """Delegates whose invitation was revoked and who hold no live one: replaced by a substitute or
    withdrawn. They are not printed, not invited again in bulk, not expected at the gate."""
    live = sa.select(Invitation.delegate_id).where(Invitation.ceremony_id == ceremony_id,
                                                   Invitation.revoked_at.is_(None))
    query = (sa.select(Invitation.delegate_id).where(Invitation.ceremony_id == ceremony_id,
                                                     Invitation.revoked_at.is_not(None),
                                                     Invitation.delegate_id.not_in(live)))
    if delegate_ids is not None:
        # a page of delegates: only their invitations are read, on both sides
        live = live.where(Invitation.delegate_id.in_(delegate_ids))
        query = (sa.select(Invitation.delegate_id).where(Invitation.ceremony_id == ceremony_id,
                                                         Invitation.revoked_at.is_not(None),
                                                         Invitation.delegate_id.in_(delegate_ids),
                                                         Invitation.delegate_id.not_in(live)))
    return set(db.session.scalars(query.distinct()))


DEFAULT_SETTINGS = dict(number="", symbol="GM-UBND", letter_date=None, signer_authority="TL. CHỦ TỊCH",
                        signer_title="CHÁNH VĂN PHÒNG", signer_name="")


LONG_BEFORE_DAYS = 60


def letter_settings(ceremony_id: int) -> LetterSettings:
    """The ceremony's letter settings, or the defaults (not saved) when the organizer set none."""
    settings = db.session.scalar(sa.select(LetterSettings).where(LetterSettings.ceremony_id == ceremony_id))
    return settings or LetterSettings(ceremony_id=ceremony_id, **DEFAULT_SETTINGS)


def letter_warnings(ceremony, settings: LetterSettings) -> list[dict]:
    """What the organizer should know before the letters print: ``[{"code", "message"}]``.

    Codes: number_missing, letter_date_missing, letter_date_after_event, letter_date_long_before
    (a date copied from an earlier ceremony, or left behind when the ceremony moved),
    signer_title_missing, signer_name_missing. The letters still print (a blank number or date is left for the clerk to
    write in by hand), but never without this warning.
    """
    event_day = local(ceremony.starts_at).date()
    warnings = []
    if not settings.number.strip():
        warnings.append(("number_missing", _("The letter number (Số) is blank: it prints as \"Số:     /%(symbol)s\" "
                                             "for the clerk to write in.", symbol=settings.symbol)))
    if settings.letter_date is None:
        warnings.append(("letter_date_missing", _("The letter date is not set: it prints blank for the clerk "
                                                  "to write in. Set it on the Invitation letters page.")))
    elif settings.letter_date > event_day:
        warnings.append(("letter_date_after_event",
                         _("The letter date %(date)s is after the ceremony (%(event)s): correct it.",
                           date=settings.letter_date.strftime("%d/%m/%Y"), event=event_day.strftime("%d/%m/%Y"))))
    elif (event_day - settings.letter_date).days > LONG_BEFORE_DAYS:
        warnings.append(("letter_date_long_before",
                         _("The letter date %(date)s is more than %(n)d days before the ceremony (%(event)s): "
                           "is it the date of an earlier ceremony?", date=settings.letter_date.strftime("%d/%m/%Y"),
                           n=LONG_BEFORE_DAYS, event=event_day.strftime("%d/%m/%Y"))))
    if not settings.signer_title.strip():
        warnings.append(("signer_title_missing", _("The signer's title is blank.")))
    if not settings.signer_name.strip():
        warnings.append(("signer_name_missing", _("The signer's name is blank: the signature block prints "
                                                  "without a name.")))
    return [{"code": code, "message": message} for code, message in warnings]


def invitation_for_code(ceremony_id: int, code: str) -> Invitation | None:
    """The invitation of the ceremony with this short code (revoked ones included)."""
    return db.session.scalar(sa.select(Invitation).where(Invitation.ceremony_id == ceremony_id,
                                                         Invitation.short_code == code))
