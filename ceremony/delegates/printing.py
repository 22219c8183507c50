"""From delegates to print items: the invitation letters and badges of a selection of delegates.

Each delegate printed needs a live invitation (its token is the QR code); a selection with delegates
not yet invited is refused, naming them, so nobody prints a badge that opens nothing.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ceremony.badges.pdf import Badge
from ceremony.ceremonies.models import Ceremony
from ceremony.core.errors import Conflict, NotFound
from ceremony.core.time import local
from ceremony.delegates.models import Delegate
from ceremony.delegates.queries import DelegateFilter, list_delegates
from ceremony.extensions import db
from ceremony.invitations.letter import Letter, LetterHead
from ceremony.invitations.models import Invitation
from ceremony.invitations.tokens import invitation_url
from ceremony.sites.models import Tier

MAX_NAMED = 50


def active_invitations(ceremony_id: int) -> dict[int, Invitation]:
    """Delegate id → live invitation, for the whole ceremony in one query."""
    rows = db.session.scalars(sa.select(Invitation).where(Invitation.ceremony_id == ceremony_id,
                                                         Invitation.revoked_at.is_(None)))
    return {invitation.delegate_id: invitation for invitation in rows}


def invited_selection(f: DelegateFilter, order: str = "site") -> list[tuple[Delegate, Invitation]]:
    """The delegates of the filter with their live invitations; ``Conflict`` names any not invited."""
    delegates = list_delegates(f, order=order)
    if not delegates:
        raise NotFound("no delegate matches this selection")
    invitations = active_invitations(f.ceremony_id)
    missing = [d for d in delegates if d.id not in invitations]
    if missing:
        details = [{"delegate_id": d.id, "full_name": d.person.full_name, "reason": "no invitation issued"}
                   for d in missing[:MAX_NAMED]]
        raise Conflict(f"{len(missing)} delegate(s) have no invitation yet: issue invitations first "
                       f"(issueInvitations)", field="delegate_ids", details=details)
    return [(d, invitations[d.id]) for d in delegates]


def _unit(delegate: Delegate) -> str:
    return delegate.person.organisation.name if delegate.person.organisation else ""


def letter_head(ceremony: Ceremony, **signer) -> LetterHead:
    """The shared part of a ceremony's letters; ``signer`` may set signer_name/_title/_authority, place."""
    values = {k: v for k, v in signer.items() if v}
    return LetterHead(host_unit=ceremony.host_unit, title=ceremony.title, starts_at=local(ceremony.starts_at),
                      plan_reference=ceremony.plan_reference, **values)


def letter_for(ceremony: Ceremony, delegate: Delegate, invitation: Invitation, issued_on: date | None = None) -> Letter:
    site = delegate.site
    if site.tier is Tier.province:
        venue, point = ", ".join(p for p in (ceremony.venue, ceremony.venue_address) if p), ""
    else:
        venue, point = ", ".join(p for p in (site.venue, site.address) if p) or site.name, site.name
    contact = ", ".join(p for p in (site.operator_name, site.operator_phone) if p)
    person = delegate.person
    return Letter(serial=invitation.serial, issued_on=issued_on or local(invitation.issued_at).date(),
                  honorific=person.honorific, full_name=person.full_name, title=person.title, unit=_unit(delegate),
                  venue=venue, point=point, zone=delegate.zone, seat=delegate.seat, contact=contact,
                  url=invitation_url(invitation.token))


def badge_for(delegate: Delegate, invitation: Invitation) -> Badge:
    category = delegate.category
    return Badge(delegate_id=delegate.id, full_name=delegate.person.full_name, title=delegate.person.title,
                 unit=_unit(delegate), point=delegate.site.name, zone=delegate.zone, seat=delegate.seat,
                 category=category.name if category else "", colour=category.colour if category else "#1f4e79",
                 url=invitation_url(invitation.token), is_vip=delegate.is_vip)


def api_selection(ceremony: Ceremony, args: dict, user, what: str):
    """Whom an API call prints for: ``(filter, site)`` from ``site``/``delegate_id``/``tier``/
    ``category``/``vip``; an operator must name one of their points (or one delegate)."""
    from ceremony.core.errors import Forbidden
    from ceremony.delegates import queries

    site = queries.site_for(ceremony.id, args.get("site"))
    scope = queries.scope_site_ids(user, ceremony.id)
    delegate_id = args.get("delegate_id")
    if delegate_id is not None:
        queries.get_delegate(delegate_id, ceremony.id)
    if scope is not None and site is None and delegate_id is None:
        raise Forbidden(f"an operator prints the {what} of one of their points: give 'site'")
    return DelegateFilter(ceremony.id, site_id=site.id if site else None, tier=args.get("tier"),
                          category=args.get("category"), is_vip=args.get("vip"),
                          delegate_ids=[delegate_id] if delegate_id else None, site_ids=scope), site
