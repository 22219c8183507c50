"""Reads about delegates: filtered lists in Vietnamese name order, categories, print items."""
from __future__ import annotations

import base64
import binascii
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ceremony.core.auth import user_covers_site
from ceremony.core.db import LIKE_ESCAPE, escape_like
from ceremony.core.errors import InvalidInput, NotFound
from ceremony.core.paging import MAX_ID
from ceremony.delegates.models import CompositionCategory, Delegate, Organisation, Person
from ceremony.delegates.sorting import SORT_KEY_LENGTH, fold
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


def _filtered(query: sa.Select, f: DelegateFilter, *, joined: bool = False) -> sa.Select:
    """``query`` (over delegates) limited by ``f``; ``joined``: person, unit, site and category are
    already joined, else only the tables a filter needs are."""
    query = query.where(Delegate.ceremony_id == f.ceremony_id)
    if f.site_id is not None:
        query = query.where(Delegate.site_id == f.site_id)
    if f.site_ids is not None:
        query = query.where(Delegate.site_id.in_(f.site_ids))
    if f.tier is not None:
        if not joined:
            query = query.join(Site, Site.id == Delegate.site_id)
        query = query.where(Site.tier == f.tier)
    if f.category:
        if not joined:
            query = query.join(CompositionCategory, CompositionCategory.id == Delegate.category_id)
        query = query.where(CompositionCategory.code == f.category)
    if f.is_vip is not None:
        query = query.where(Delegate.is_vip.is_(f.is_vip))
    if f.delegate_ids is not None:
        query = query.where(Delegate.id.in_(f.delegate_ids))
    if f.search:
        query = _searched(query, f.search, joined, f.ceremony_id)
    return query


# A text found in more unit names than this names no unit (a nationwide network has 11,000 units).
UNIT_MATCHES = 100


def _searched(query: sa.Select, search: str, joined: bool, ceremony_id: int) -> sa.Select:
    """``query`` limited to the delegates whose name, title, phone or unit holds ``search``.

    Names are stored composed (NFC); a phone keyboard may send decomposed letters (NFD). Typed without
    tones ("dang"), name and title are matched on the stored folded key (tones and case ignored);
    typed with tones ("Đặng"), as written, so "Phổ" does not find "Phó" — the folded key still narrows
    the rows first, so both are served by the key's trigram index on PostgreSQL (``trigram``). A phone
    is looked at when the text has a digit; a unit, when a few units' names hold the text (found
    first; ``UNIT_MATCHES``). Those two read the people, so they are gathered apart and joined to the
    name matches by id (one OR across two tables would make the database read every delegate)."""
    text = unicodedata.normalize("NFC", search)
    like = f"%{escape_like(text)}%"
    folded = fold(text).strip()
    on_key = Delegate.search_key.like(f"%{escape_like(folded)}%", escape=LIKE_ESCAPE)
    toned = folded != text.strip().casefold()
    on_person = []
    if any(ch.isdigit() for ch in text):
        on_person.append(Person.phone.like(like, escape=LIKE_ESCAPE))  # digits: no case to ignore
    units = list(db.session.scalars(sa.select(Organisation.id).where(
        Organisation.name.ilike(like, escape=LIKE_ESCAPE)).limit(UNIT_MATCHES + 1)))
    if 0 < len(units) <= UNIT_MATCHES:  # more: a syllable ("thi") found in unit names, not a unit
        on_person.append(Person.organisation_id.in_(units))
    if toned:
        # The folded key's matches first (kept apart, or the database would rather read every person
        # with the slower case-insensitive match), then those whose name or title holds the text as written.
        narrowed = (sa.select(Delegate.id).where(Delegate.ceremony_id == ceremony_id, on_key)
                    .cte("narrowed").prefix_with("MATERIALIZED", dialect="postgresql"))
        as_written = sa.or_(*(column.ilike(like, escape=LIKE_ESCAPE) for column in (Person.full_name, Person.title)))
        if not on_person:
            if not joined:
                query = query.join(Person, Person.id == Delegate.person_id)
            return query.where(Delegate.id.in_(sa.select(narrowed.c.id)), as_written)
        by_name = sa.select(Delegate.id).join(Person, Person.id == Delegate.person_id).where(
            Delegate.id.in_(sa.select(narrowed.c.id)), as_written)
    else:
        if not on_person:
            return query.where(on_key)
        by_name = sa.select(Delegate.id).where(Delegate.ceremony_id == ceremony_id, on_key)
    by_person = sa.select(Delegate.id).join(Person, Person.id == Delegate.person_id).where(
        Delegate.ceremony_id == ceremony_id, sa.or_(*on_person))
    return query.where(Delegate.id.in_(sa.union(by_name, by_person)))


def delegate_query(f: DelegateFilter) -> sa.Select:
    """A select of delegates with their person, unit, site and category loaded."""
    query = (sa.select(Delegate)
             .join(Delegate.person).join(Delegate.site)
             .outerjoin(Person.organisation).outerjoin(Delegate.category)
             .options(contains_eager(Delegate.person).contains_eager(Person.organisation),
                      contains_eager(Delegate.site), contains_eager(Delegate.category),
                      # who replaced whom, shown on the list: two queries for the page, not one per row
                      selectinload(Delegate.replaced_by).joinedload(Delegate.person),
                      selectinload(Delegate.substitute_for).joinedload(Delegate.person)))
    return _filtered(query, f, joined=True)


def _tier_rank():
    return sa.case({tier: rank for tier, rank in TIER_ORDER.items()}, value=Site.tier, else_=len(TIER_ORDER))


def ordering(order: str = "name") -> list:
    """ORDER BY of a delegate list: the stored Vietnamese name key (then id, so paging is stable);
    ``"site"``: by point in network order first."""
    by_name = [Delegate.sort_key, Delegate.id]
    if order == "site":
        return [_tier_rank(), Site.position, Site.id, *by_name]
    return by_name


def list_delegates(f: DelegateFilter, order: str = "name") -> list[Delegate]:
    """Delegates in Vietnamese name order (``order="name"``) or by point, then name (``"site"``),
    ordered by the database on the stored key."""
    return list(db.session.scalars(delegate_query(f).order_by(*ordering(order))).unique())


def iter_delegates(f: DelegateFilter, order: str = "name", batch: int = 500):
    """``list_delegates`` read in batches of ``batch`` (keyset on the order), for long prints."""
    ids_query = _filtered(sa.select(Delegate.id), f)
    if order == "site":
        ids_query = ids_query.join(Site, Site.id == Delegate.site_id) if f.tier is None else ids_query
    ids = list(db.session.scalars(ids_query.order_by(*ordering(order))))
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        rows = {d.id: d for d in db.session.scalars(delegate_query(
            DelegateFilter(f.ceremony_id, delegate_ids=chunk))).unique()}
        yield from (rows[i] for i in chunk if i in rows)


def delegate_ids(f: DelegateFilter) -> list[int]:
    """The ids of the delegates ``f`` selects, in name order, without loading the delegates."""
    return list(db.session.scalars(_filtered(sa.select(Delegate.id), f).order_by(*ordering("name"))))


def count_delegates(f: DelegateFilter) -> int:
    """How many delegates ``f`` selects, counted by the database: ``count(*)``, which the small index
    on ``ceremony_id`` answers alone (``count(id)`` would read the wide sort-key index for the ids)."""
    return db.session.scalar(_filtered(sa.select(sa.func.count()).select_from(Delegate), f)) or 0


def _page_by_site(f: DelegateFilter, offset: int, limit: int) -> tuple[list[int], int]:
    """(ids of one page by point then name, total): the delegates of each point counted by one
    GROUP BY, the points walked in network order to the page, and only the one or few points the
    page falls on read, each on its (site_id, sort_key, id) index, instead of sorting the whole list."""
    counts = dict(db.session.execute(_filtered(sa.select(Delegate.site_id, sa.func.count(Delegate.id)), f)
                                     .group_by(Delegate.site_id)).all())
    total = sum(counts.values())
    ids: list[int] = []
    if offset >= total:
        return ids, total
    order = db.session.scalars(sa.select(Site.id).where(Site.ceremony_id == f.ceremony_id)
                               .order_by(_tier_rank(), Site.position, Site.id))
    for site_id in order:
        count = counts.get(site_id, 0)
        if offset >= count:
            offset -= count
            continue
        query = _filtered(sa.select(Delegate.id), f).where(Delegate.site_id == site_id)
        ids += db.session.scalars(query.order_by(*ordering("name")).offset(offset).limit(limit - len(ids)))
        offset = 0
        if len(ids) >= limit:
            break
    return ids, total


# A search matching at most this many delegates is read whole and then sorted (``_search_page``).
SORTED_AFTER_SEARCH = 20_000


def _search_page(f: DelegateFilter, offset: int, limit: int,
                 after: tuple[str, int] | None = None) -> tuple[list[int], int] | None:
    """(ids of one page in name order, total) of a search with few matches, in one pass; None when it
    matches more than ``SORTED_AFTER_SEARCH`` (then the order's index is walked: ``_ids_in_name_order``).

    A search's matches may all sit at the far end of the name order (a given name in T…): walking the
    order's index would read the whole ceremony to find them. They are found first instead (the key's
    trigram index on PostgreSQL), kept apart (MATERIALIZED), counted and sorted, the page and the count
    in one statement."""
    found = (_filtered(sa.select(Delegate.id, Delegate.sort_key), f).limit(SORTED_AFTER_SEARCH + 1)
             .cte("found").prefix_with("MATERIALIZED", dialect="postgresql"))
    query = sa.select(found.c.id, sa.select(sa.func.count()).select_from(found).scalar_subquery())
    if after is not None:
        query = query.where(sa.tuple_(found.c.sort_key, found.c.id) > sa.tuple_(*after))
    rows = db.session.execute(query.order_by(found.c.sort_key, found.c.id).offset(offset).limit(limit)).all()
    total = rows[0][1] if rows else count_delegates(f)  # past the end: no row carries the count
    if total > SORTED_AFTER_SEARCH:
        return None
    return [row[0] for row in rows], total


def _ids_in_name_order(f: DelegateFilter, total: int, offset: int, limit: int,
                       after: tuple[str, int] | None = None) -> list[int]:
    """Ids of ``limit`` delegates of ``f`` in name order from ``offset`` (after the (key, id) ``after``),
    read on the index of the stored key, in order; past the middle of the list from its end, so the
    last page costs what the first does."""
    query = _filtered(sa.select(Delegate.id, Delegate.sort_key), f)
    if after is not None:
        query = query.where(sa.tuple_(Delegate.sort_key, Delegate.id) > sa.tuple_(*after))
    elif offset > total // 2:
        rows = min(limit, total - offset)
        if rows <= 0:
            return []
        backwards = query.order_by(Delegate.sort_key.desc(), Delegate.id.desc())
        return [row[0] for row in reversed(list(db.session.execute(
            backwards.offset(max(total - offset - limit, 0)).limit(rows))))]
    return [row[0] for row in db.session.execute(query.order_by(*ordering("name")).offset(offset).limit(limit))]


def cursor_of(delegate: Delegate) -> str:
    """The keyset cursor just after ``delegate`` in name order: its stored key and id (``after=``)."""
    raw = f"{delegate.id}:{delegate.sort_key}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def read_cursor(text: str) -> tuple[str, int]:
    """(sort key, id) of a cursor ``cursor_of`` gave; InvalidInput (field ``after``) for anything else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        number, key = raw.split(":", 1)
        delegate_id = int(number)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        delegate_id, key = 0, ""
    if not 1 <= delegate_id <= MAX_ID or len(key) > SORT_KEY_LENGTH or not key.isprintable():
        raise InvalidInput(_("The cursor 'after' is not one this list gave: start again from the first page."),
                           field="after")
    return key, delegate_id


def page_delegates(f: DelegateFilter, order: str = "name", page: int = 1, per_page: int = 100,
                   after: str | None = None) -> dict:
    """One page of ``list_delegates`` and the count of the whole list: the page's ids are read from
    the index on the stored key, then only those delegates are loaded.

    Offset paging (``page``) or keyset paging (``after``: the cursor ``next`` of the page before, in
    name order): a keyset page starts on the index right after the cursor's (key, id), so the
    hundredth thousand row costs what the first does. ``next`` is the cursor of the following page
    (None on the last page, and when ordered by point)."""
    offset = (page - 1) * per_page
    more = False
    if after is not None:
        if order != "name":
            raise InvalidInput(_("A cursor ('after') pages the list in name order only: leave out order=site."),
                               field="after")
        cursor = read_cursor(after)
        found = _search_page(f, 0, per_page + 1, cursor) if f.search else None
        if found is None:
            total = count_delegates(f)
            ids = _ids_in_name_order(f, total, 0, per_page + 1, cursor)
        else:
            ids, total = found
        more, ids = len(ids) > per_page, ids[:per_page]
    elif order == "site":
        ids, total = _page_by_site(f, offset, per_page)
    else:
        found = _search_page(f, offset, per_page) if f.search else None
        if found is None:
            total = count_delegates(f)
            ids = _ids_in_name_order(f, total, offset, per_page)
        else:
            ids, total = found
        more = offset + len(ids) < total
    items = []
    if ids:
        rows = {d.id: d for d in db.session.scalars(delegate_query(
            DelegateFilter(f.ceremony_id, delegate_ids=ids))).unique()}
        items = [rows[i] for i in ids if i in rows]
    return {"items": items, "total": total, "page": None if after is not None else page, "per_page": per_page,
            "pages": (total + per_page - 1) // per_page,
            "next": cursor_of(items[-1]) if more and items and order == "name" else None}


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
