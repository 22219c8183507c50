"""Reads about delegates: filtered lists in Vietnamese name order, categories, print items."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ceremony.core.auth import user_covers_site
from ceremony.core.db import LIKE_ESCAPE, escape_like
from ceremony.core.errors import NotFound
from ceremony.delegates.models import CompositionCategory, Delegate, Organisation, Person
from ceremony.delegates.sorting import name_key
from ceremony.extensions import db
from ceremony.sites.models import TIER_ORDER, Site, Tier


@dataclass
class DelegateFilter:
    """Which delegates of a ceremony: every field optional; ``site_ids`` limits to a user's scope."""

    ceremony_id: int
    site_id: int | None = None
    tier: Tier | None = None
    category: str | None = None  # code
    is_vip: bool | None = None
    search: str = ""
    delegate_ids: list[int] | None = None
    site_ids: set[int] | None = None


def delegate_query(f: DelegateFilter) -> sa.Select:
    """A select of delegates with their person, unit, site and category loaded."""
    query = (sa.select(Delegate)
             .join(Delegate.person).join(Delegate.site)
             .outerjoin(Person.organisation).outerjoin(Delegate.category)
             .options(contains_eager(Delegate.person).contains_eager(Person.organisation),
                      contains_eager(Delegate.site), contains_eager(Delegate.category),
                      # who replaced whom, shown on the list: two queries for the page, not one per row
                      selectinload(Delegate.replaced_by).joinedload(Delegate.person),
                      selectinload(Delegate.substitute_for).joinedload(Delegate.person))
             .where(Delegate.ceremony_id == f.ceremony_id))
    if f.site_id is not None:
        query = query.where(Delegate.site_id == f.site_id)
    if f.site_ids is not None:
        query = query.where(Delegate.site_id.in_(f.site_ids))
    if f.tier is not None:
        query = query.where(Site.tier == f.tier)
    if f.category:
        query = query.where(CompositionCategory.code == f.category)
    if f.is_vip is not None:
        query = query.where(Delegate.is_vip.is_(f.is_vip))
    if f.delegate_ids is not None:
        query = query.where(Delegate.id.in_(f.delegate_ids))
    if f.search:
        # Names are stored composed (NFC); a phone keyboard may send decomposed letters (NFD).
        like = f"%{escape_like(unicodedata.normalize('NFC', f.search))}%"
        query = query.where(sa.or_(*(column.ilike(like, escape=LIKE_ESCAPE) for column in
                                     (Person.full_name, Person.phone, Organisation.name, Person.title))))
    return query


def site_order_key(delegate: Delegate) -> tuple:
    return TIER_ORDER[delegate.site.tier], delegate.site.position, delegate.site.id


def list_delegates(f: DelegateFilter, order: str = "name") -> list[Delegate]:
    """Delegates in Vietnamese name order (``order="name"``) or by point, then name (``"site"``)."""
    delegates = list(db.session.scalars(delegate_query(f)).unique())
    if order == "site":
        delegates.sort(key=lambda d: (site_order_key(d), name_key(d.person.full_name)))
    else:
        delegates.sort(key=lambda d: name_key(d.person.full_name))
    return delegates


def page_of(items: list, page: int, per_page: int) -> dict:
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "total": len(items), "page": page, "per_page": per_page}


def get_delegate(delegate_id: int, ceremony_id: int | None = None) -> Delegate:
    delegate = db.session.get(Delegate, delegate_id, options=[joinedload(Delegate.person), joinedload(Delegate.site)])
    if delegate is None or (ceremony_id is not None and delegate.ceremony_id != ceremony_id):
        raise NotFound(_("There is no delegate %(id)d in this ceremony.", id=delegate_id), field="delegate_id")
    return delegate


def categories(ceremony_id: int) -> list[CompositionCategory]:
    return list(db.session.scalars(
        sa.select(CompositionCategory).where(CompositionCategory.ceremony_id == ceremony_id)
        .order_by(CompositionCategory.tier, CompositionCategory.position)))


def scope_site_ids(user, ceremony_id: int) -> set[int] | None:
    """The sites a user may see in a ceremony; None when they see every point."""
    from ceremony.users.models import Role

    if user.role is not Role.operator:
        return None
    sites = db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony_id))
    return {s.id for s in sites if user_covers_site(user, s)}


def site_for(ceremony_id: int, value: str | int | None) -> Site | None:
    """A site named by id or by code (as filters accept both); NotFound when it is not there."""
    if value in (None, ""):
        return None
    text = str(value)
    query = sa.select(Site).where(Site.ceremony_id == ceremony_id)
    site = db.session.scalar(query.where(Site.code == text))
    if site is None and text.isdigit() and int(text) < 2**31:
        site = db.session.scalar(query.where(Site.id == int(text)))
    if site is None:
        raise NotFound(_("There is no bridge point %(code)s in this ceremony: choose one from the list.",
                         code=repr(text)), field="site")
    return site
