"""RSVP of an invitation: attend, decline, or send a substitute (cử người dự thay).

A substitute becomes a delegate of their own, in the same point, category, zone and seat, with an
invitation (QR and short code) of their own, so the point's letters and badges print at once; the
original invitation is revoked (its QR and code no longer check anyone in) with the reason, its
status says ``substituted``, and the original delegate points at the substitute
(``Delegate.replaced_by``), which keeps them out of every later issue of invitations.

The delegate's page and the API call the same functions here.
"""
from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.delegates.models import Delegate, Person
from ceremony.extensions import db
from ceremony.invitations.models import Invitation, RsvpStatus
from ceremony.invitations.operations import issue_invitation
from ceremony.invitations.queries import invitation_for_text
from ceremony.invitations.tokens import InvalidToken

PHONE_RE = re.compile(r"^\+?[0-9 .-]{8,20}$")


def invitation_for_page(token: str) -> Invitation:
    """The invitation behind a token from a URL (revoked ones included), or NotFound."""
    try:
        invitation = invitation_for_text(token)
    except InvalidToken:
        invitation = None
    if invitation is None:
        raise NotFound(_("No invitation has this code: check the link or the QR code."))
    return invitation


def substitute_of(invitation: Invitation) -> Invitation | None:
    """The invitation of the person sent in place of ``invitation``'s delegate, if any."""
    return db.session.scalar(sa.select(Invitation).where(Invitation.substitute_for_id == invitation.id)
                             .order_by(Invitation.id.desc()).limit(1))


def _is_checked_in(invitation: Invitation) -> bool:
    try:  # attendance is optional for this domain
        from ceremony.attendance.models import DelegateCheckIn
    except ImportError:
        return False
    return db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn).where(
        DelegateCheckIn.ceremony_id == invitation.ceremony_id,
        DelegateCheckIn.delegate_id == invitation.delegate_id)) > 0


def _open(invitation: Invitation) -> None:
    if not invitation.is_revoked:
        return
    substitute = substitute_of(invitation)
    if substitute is not None:
        raise Conflict(_("This invitation was replaced: %(name)s attends instead and has an invitation of "
                         "their own.", name=substitute.delegate.person.full_name))
    raise Conflict(_("This invitation was revoked and can no longer be answered; contact the organizers."))


def respond(invitation: Invitation, status: RsvpStatus | str) -> Invitation:
    """Record that the delegate attends or declines (they may change their mind until revoked)."""
    _open(invitation)
    try:
        status = RsvpStatus(status)
    except ValueError:
        raise InvalidInput(_("The answer must be attending or declined."), field="answer") from None
    if status not in (RsvpStatus.attending, RsvpStatus.declined):
        raise InvalidInput(_("The answer must be attending or declined."), field="answer")
    invitation.rsvp_status = status
    invitation.rsvp_at = now()
    db.session.flush()
    return invitation


def _label(field: str) -> str:
    return {"full_name": _("Full name of the substitute"), "title": _("Title (position)"),
            "phone": _("Phone")}[field]


def _clean(value: str | None, field: str, limit: int, required: bool = True) -> str:
    value = unicodedata.normalize("NFC", " ".join((value or "").split()))
    if required and not value:
        raise InvalidInput(_("%(field)s is required.", field=_label(field)), field=field)
    if len(value) > limit:
        raise InvalidInput(_("%(field)s is longer than %(n)d characters.", field=_label(field), n=limit),
                           field=field)
    return value


def send_substitute(invitation: Invitation, full_name: str, title: str, phone: str) -> Invitation:
    """Invite ``full_name`` in place of the delegate; returns the substitute's new invitation."""
    _open(invitation)
    full_name = _clean(full_name, "full_name", 120)
    title = _clean(title, "title", 200, required=False)
    phone = _clean(phone, "phone", 30)
    if not PHONE_RE.match(phone):
        raise InvalidInput(_("The telephone number is not valid; write it like 0912 345 678."), field="phone")
    if _is_checked_in(invitation):
        raise Conflict(_("The delegate has already checked in: a substitute can no longer be sent."))
    original: Delegate = invitation.delegate
    if original is None:
        raise NotFound(_("The delegate of this invitation no longer exists."))
    person = Person(full_name=full_name, title=title, phone=phone,
                    organisation_id=original.person.organisation_id if original.person else None)
    db.session.add(person)
    db.session.flush()
    delegate = Delegate(ceremony_id=original.ceremony_id, site_id=original.site_id, person_id=person.id,
                        category_id=original.category_id, zone=original.zone, seat=original.seat,
                        is_vip=original.is_vip, role=original.role)
    db.session.add(delegate)
    db.session.flush()
    at = now()
    # Claim the original atomically: of two substitutes sent at once (a double tap on a flaky
    # phone), the second finds it revoked and is refused, so one invitation never has two heirs.
    claimed = db.session.execute(
        sa.update(Invitation).where(Invitation.id == invitation.id, Invitation.revoked_at.is_(None))
        .values(revoked_at=at, revoked_reason=f"Cử người dự thay: {full_name}"[:200],
                rsvp_status=RsvpStatus.substituted, rsvp_at=at)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise Conflict(_("This invitation has already been replaced or revoked: reload the page."))
    if _is_checked_in(invitation):
        # Checked in at a gate while this request ran: the claim waited for that check-in's lock,
        # so it is visible now. The caller rolls the substitute back.
        raise Conflict(_("The delegate has already checked in: a substitute can no longer be sent."))
    db.session.refresh(invitation)
    original.replaced_by_id = delegate.id
    replacement = issue_invitation(delegate)
    replacement.substitute_for_id = invitation.id
    replacement.rsvp_status = RsvpStatus.attending
    replacement.rsvp_at = at
    db.session.flush()
    return replacement


def rsvp_counts(ceremony_id: int, site_ids: set[int] | None = None) -> dict[str, int]:
    """How many invitations are in each RSVP status (revoked substituted ones included); ``site_ids``:
    only the delegates of those points."""
    query = (sa.select(Invitation.rsvp_status, sa.func.count())
             .where(Invitation.ceremony_id == ceremony_id).group_by(Invitation.rsvp_status))
    if site_ids is not None:
        query = query.join(Delegate, Delegate.id == Invitation.delegate_id).where(Delegate.site_id.in_(site_ids))
    rows = db.session.execute(query)
    counts = {status.value: 0 for status in RsvpStatus}
    counts.update({status.value: n for status, n in rows})
    return counts
