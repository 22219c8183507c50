"""From delegates to print items: the invitation letters and badges of a selection of delegates.

Each delegate printed needs a live invitation (its token is the QR code, its short code is printed
under it); a selection with delegates not yet invited is refused, naming them, so nobody prints a
badge that opens nothing. Delegates replaced by a substitute (or withdrawn) drop out of batches.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.badges.pdf import Badge
from ceremony.ceremonies.models import Ceremony
from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import local
from ceremony.delegates.models import Delegate
from ceremony.delegates.queries import DelegateFilter, list_delegates
from ceremony.extensions import db
from ceremony.invitations.letter import Letter, LetterHead, glyph_problems
from ceremony.invitations.models import Invitation, LetterSettings
from ceremony.invitations.queries import letter_settings, letter_warnings, no_longer_invited
from ceremony.invitations.tokens import invitation_url
from ceremony.sites.models import Tier

MAX_NAMED = 50


def active_invitations(ceremony_id: int, delegate_ids: list[int] | None = None) -> dict[int, Invitation]:
    """Delegate id → live invitation, of ``delegate_ids`` (a page, a batch) or the whole ceremony."""
    query = sa.select(Invitation).where(Invitation.ceremony_id == ceremony_id, Invitation.revoked_at.is_(None))
    if delegate_ids is not None:
        query = query.where(Invitation.delegate_id.in_(delegate_ids))
    return {invitation.delegate_id: invitation for invitation in db.session.scalars(query)}


def count_active_invitations(ceremony_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(Invitation.id)).where(
        Invitation.ceremony_id == ceremony_id, Invitation.revoked_at.is_(None))) or 0


def _refuse_struck(delegates: list[Delegate], struck: set[int]) -> None:
    """A delegate named on purpose who is no longer invited: say who replaced them, or why not."""
    for d in delegates:
        if d.id not in struck:
            continue
        if d.replaced_by is not None:
            raise Conflict(_("%(name)s was replaced by %(substitute)s (a substitute): print the substitute's "
                             "letter and badge instead.", name=d.person.full_name,
                             substitute=d.replaced_by.person.full_name), field="delegate_id")
        raise Conflict(_("The invitation of %(name)s was revoked: reissue it on the delegate list before "
                         "printing.", name=d.person.full_name), field="delegate_id")


def invited_selection(f: DelegateFilter, order: str = "site") -> list[tuple[Delegate, Invitation]]:
    """The delegates of the filter with their live invitations.

    Delegates no longer invited (replaced by a substitute, withdrawn) are left out of a point's or
    the ceremony's batch; named alone they are refused, naming the substitute. Delegates never
    invited make the batch a ``Conflict`` naming them, so nobody prints a badge that opens nothing.
    """
    delegates = list_delegates(f, order=order)
    if not delegates:
        raise NotFound(_("No delegate matches this selection."))
    struck = no_longer_invited(f.ceremony_id, [d.id for d in delegates])
    if f.delegate_ids is not None and len(f.delegate_ids) == 1:
        _refuse_struck(delegates, struck)
    delegates = [d for d in delegates if d.id not in struck]
    if not delegates:
        raise NotFound(_("Every delegate of this selection was replaced or withdrawn: nothing to print."))
    # A point's or a few delegates' batch reads only their invitations, the whole ceremony all of them.
    ids = [d.id for d in delegates]
    if len(ids) > 50_000:
        invitations = active_invitations(f.ceremony_id)
    else:
        invitations = {}
        for start in range(0, len(ids), 5000):
            invitations.update(active_invitations(f.ceremony_id, ids[start:start + 5000]))
    missing = [d for d in delegates if d.id not in invitations]
    if missing:
        details = [{"delegate_id": d.id, "full_name": d.person.full_name, "reason": _("no invitation issued")}
                   for d in missing[:MAX_NAMED]]
        raise Conflict(_("%(n)d delegate(s) have no invitation yet, e.g. %(name)s: press \"Issue missing "
                         "invitations\" on the delegate list (API: issueInvitations), then print again.",
                         n=len(missing), name=missing[0].person.full_name), field="delegate_ids", details=details)
    return [(d, invitations[d.id]) for d in delegates]


def _unit(delegate: Delegate) -> str:
    return delegate.person.organisation.name if delegate.person.organisation else ""


def letter_head(ceremony: Ceremony, settings: LetterSettings) -> LetterHead:
    """The shared part of a ceremony's letters: one number, one date, one signer for every letter."""
    return LetterHead(host_unit=ceremony.host_unit, title=ceremony.title, starts_at=local(ceremony.starts_at),
                      plan_reference=ceremony.plan_reference, number=settings.number,
                      number_suffix=settings.symbol or "GM-UBND", letter_date=settings.letter_date,
                      signer_authority=settings.signer_authority, signer_title=settings.signer_title,
                      signer_name=settings.signer_name)


def letter_for(ceremony: Ceremony, delegate: Delegate, invitation: Invitation) -> Letter:
    site = delegate.site
    if site.tier is Tier.province:
        venue, point = ", ".join(p for p in (ceremony.venue, ceremony.venue_address) if p), ""
    else:
        venue, point = ", ".join(p for p in (site.venue, site.address) if p) or site.name, site.name
    contact = ", ".join(p for p in (site.operator_name, site.operator_phone) if p)
    person = delegate.person
    return Letter(honorific=person.honorific, full_name=person.full_name, title=person.title, unit=_unit(delegate),
                  venue=venue, point=point, zone=delegate.zone, seat=delegate.seat, contact=contact,
                  url=invitation_url(invitation.token), short_code=invitation.short_code)


@dataclass
class LetterBatch:
    """Letters ready to stream, with the warnings the organizer must see before they print."""

    head: LetterHead
    letters: list[Letter]
    warnings: list[dict]


def letter_batch(ceremony: Ceremony, f: DelegateFilter) -> LetterBatch:
    """The letters of ``f`` with the ceremony's letter settings; refused (422, naming the person and
    the character) when the font cannot draw a name."""
    settings = letter_settings(ceremony.id)
    letters = [letter_for(ceremony, d, i) for d, i in invited_selection(f)]
    problems = glyph_problems(letters)
    if problems:
        first = problems[0]
        raise InvalidInput(_("The letter font cannot draw %(char)s in the %(field)s of %(name)s: fix the name "
                             "before printing.", char=repr(first["characters"][0]), field=first["field"],
                             name=first["full_name"]), field=first["field"], details=problems)
    return LetterBatch(letter_head(ceremony, settings), letters, letter_warnings(ceremony, settings))


def badge_for(delegate: Delegate, invitation: Invitation) -> Badge:
    category = delegate.category
    return Badge(delegate_id=delegate.id, full_name=delegate.person.full_name, title=delegate.person.title,
                 unit=_unit(delegate), point=delegate.site.name, zone=delegate.zone, seat=delegate.seat,
                 category=category.name if category else "", colour=category.colour if category else "#1f4e79",
                 url=invitation_url(invitation.token), is_vip=delegate.is_vip, short_code=invitation.short_code)


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
        raise Forbidden(_("An operator prints for one of their own bridge points: choose the point (site)."))
    return DelegateFilter(ceremony.id, site_id=site.id if site else None, tier=args.get("tier"),
                          category=args.get("category"), is_vip=args.get("vip"),
                          delegate_ids=[delegate_id] if delegate_id else None, site_ids=scope), site
