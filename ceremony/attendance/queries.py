"""Reads about attendance: live counts, the gate's offline list, rosters, name search, conflicts."""
from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from ceremony.attendance.models import DelegateCheckIn, PointHeadcount, GateScan
from ceremony.delegates.models import CompositionCategory, Delegate, Organisation, Person
from ceremony.delegates.sorting import fold
from ceremony.core.db import LIKE_ESCAPE, escape_like
from ceremony.extensions import db
from ceremony.invitations.models import Invitation
from ceremony.sites.models import Site, Tier


def code_hash(text: str) -> str:
    """What the offline gate list holds instead of a token or a short code: the first 72 bits of its
    SHA-256 in base64url (12 characters); the gate hashes what it reads the same way
    (static/attendance/scanner.js) and looks that up, so the list carries no usable code."""
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()[:9]).decode()


GATE_FIELDS = ["token_hash", "code_hash", "delegate_id", "name", "title", "unit", "zone", "seat", "is_vip",
               "revoked", "replaced_by", "checked_in_at", "gate", "site"]
# How far back a delta reaches before the version it is asked from: a transaction that started
# before the last list was read may commit after it.
DELTA_OVERLAP = timedelta(minutes=2)


def expected_condition():
    """Delegates still expected: not those whose every invitation was revoked (a substitute came)."""
    revoked = aliased(Invitation)
    active = aliased(Invitation)
    return sa.or_(
        ~sa.exists().where(revoked.delegate_id == Delegate.id, revoked.revoked_at.is_not(None)),
        sa.exists().where(active.delegate_id == Delegate.id, active.revoked_at.is_(None)),
    )


def _rows(ceremony_id: int, site_id: int | None = None, site_ids: set[int] | None = None):
    query = (sa.select(Delegate.id, Delegate.site_id, Site.tier, Delegate.category_id, Delegate.is_vip,
                       DelegateCheckIn.id.is_not(None), sa.func.coalesce(DelegateCheckIn.is_late, False))
             .join(Site, Site.id == Delegate.site_id)
             .outerjoin(DelegateCheckIn, sa.and_(DelegateCheckIn.delegate_id == Delegate.id, DelegateCheckIn.ceremony_id == ceremony_id))
             .where(Delegate.ceremony_id == ceremony_id, expected_condition()))
    if site_id is not None:
        query = query.where(Delegate.site_id == site_id)
    if site_ids is not None:
        query = query.where(Delegate.site_id.in_(site_ids))
    return db.session.execute(query)


def attendance_counts(ceremony_id: int, site_ids: set[int] | None = None) -> dict:
    """Invited and present, in total and per point, tier, category, and of VIPs; ``site_ids``: only
    those points (an operator's scope), None: every point."""
    total = {"invited": 0, "present": 0, "late": 0}
    vip = {"invited": 0, "present": 0}
    by_site: dict[int, dict] = defaultdict(lambda: {"invited": 0, "present": 0})
    by_tier: dict[str, dict] = {t.value: {"invited": 0, "present": 0} for t in Tier if t is not Tier.nation}
    by_category: dict[int | None, dict] = defaultdict(lambda: {"invited": 0, "present": 0})
    for _id, site_id, tier, category_id, is_vip, present, late in _rows(ceremony_id, site_ids=site_ids):
        buckets = [total, by_site[site_id], by_tier.setdefault(tier.value, {"invited": 0, "present": 0}),
                   by_category[category_id]]
        if is_vip:
            buckets.append(vip)
        for bucket in buckets:
            bucket["invited"] += 1
            bucket["present"] += int(bool(present))
        total["late"] += int(bool(present and late))
    headcounts = {h.site_id: h for h in db.session.scalars(sa.select(PointHeadcount).where(
        PointHeadcount.ceremony_id == ceremony_id)) if site_ids is None or h.site_id in site_ids}
    sites, tiers = [], set()
    for site in db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony_id)
                                   .order_by(Site.position, Site.id)):
        tiers.add(site.tier.value)
        if site_ids is not None and site.id not in site_ids:
            continue
        counts = by_site.get(site.id, {"invited": 0, "present": 0})
        headcount = headcounts.get(site.id)
        sites.append({"site_id": site.id, "code": site.code, "name": site.name, "tier": site.tier.value,
                      "invited": counts["invited"], "present": counts["present"],
                      "headcount": headcount.count if headcount else None,
                      "headcount_at": headcount.reported_at if headcount else None})
    categories = []
    for category in db.session.scalars(sa.select(CompositionCategory).where(
            CompositionCategory.ceremony_id == ceremony_id).order_by(CompositionCategory.position)):
        if category.id in by_category:
            categories.append({"category_id": category.id, "code": category.code, "name": category.name,
                               "tier": category.tier.value, **by_category[category.id]})
    if None in by_category:
        categories.append({"category_id": None, "code": "", "name": "", "tier": "", **by_category[None]})
    scan_query = sa.select(sa.func.count()).select_from(GateScan).where(GateScan.ceremony_id == ceremony_id)
    if site_ids is not None:  # an operator sees the scans of their own delegates only
        scan_query = scan_query.join(Delegate, Delegate.id == GateScan.delegate_id).where(Delegate.site_id.in_(site_ids))
    conflicts = db.session.scalar(scan_query.where(GateScan.is_conflict.is_(True)))
    scans = db.session.scalar(scan_query)
    from ceremony.invitations.rsvp import rsvp_counts

    return {"ceremony_id": ceremony_id, **total, "vip": vip, "rsvp": rsvp_counts(ceremony_id, site_ids),
            # only the tiers the network has: a two-tier (2025) ceremony has no district line
            "by_tier": [{"tier": t, **c} for t, c in by_tier.items() if t in tiers],
            "by_category": categories, "by_site": sites,
            "headcount_total": sum(h.count for h in headcounts.values()),
            "scans": scans, "conflicts": conflicts}


def gate_sites(ceremony_id: int, site: Site | None) -> list[Site]:
    """The points a gate serves: its own point (the venue's, by default) and every point meeting in
    the same hall (the same venue written on the point)."""
    site = site or venue_site(ceremony_id)
    if site is None:
        return []
    sites = [site]
    if site.venue.strip():
        sites += db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony_id, Site.id != site.id,
                                                         Site.venue == site.venue).order_by(Site.position, Site.id))
    return sites


def gate_list(ceremony_id: int, sites: list[Site], since: datetime | None = None) -> list[list]:
    """What a gate keeps to go on scanning offline: for each invitation of the delegates of ``sites``,
    the hashes of its token and short code with the name, title, unit, zone, seat, VIP flag, revoked
    flag (with the substitute's name), check-in and the index of the point in ``sites``; rows ordered
    as ``GATE_FIELDS``. ``since``: only invitations issued or revoked, and delegates checked in, from
    then on (a delta to merge into the list the gate holds)."""
    if not sites:
        return []
    substitute = aliased(Person)
    replacement = aliased(Delegate)
    index = {s.id: i for i, s in enumerate(sites)}
    query = (sa.select(Invitation.token, Invitation.short_code, Invitation.revoked_at, Delegate.id, Person.full_name,
                       Person.title, Delegate.zone, Delegate.seat, Delegate.is_vip, DelegateCheckIn.checked_in_at,
                       DelegateCheckIn.gate, Delegate.site_id, substitute.full_name, Organisation.name)
             .join(Delegate, Delegate.id == Invitation.delegate_id)
             .join(Person, Person.id == Delegate.person_id)
             .outerjoin(Organisation, Organisation.id == Person.organisation_id)
             .outerjoin(replacement, replacement.id == Delegate.replaced_by_id)
             .outerjoin(substitute, substitute.id == replacement.person_id)
             .outerjoin(DelegateCheckIn, sa.and_(DelegateCheckIn.delegate_id == Delegate.id,
                                                 DelegateCheckIn.ceremony_id == ceremony_id))
             .where(Invitation.ceremony_id == ceremony_id, Delegate.ceremony_id == ceremony_id,
                    Delegate.site_id.in_(list(index)))
             .order_by(Invitation.id))
    if since is not None:
        since = since - DELTA_OVERLAP
        query = query.where(sa.or_(Invitation.issued_at >= since, Invitation.revoked_at >= since,
                                   DelegateCheckIn.recorded_at >= since))
    return [[code_hash(token), code_hash(short_code) if short_code else "", delegate_id, name, title, unit or "",
             zone, seat, int(is_vip), int(revoked_at is not None), replaced_by,
             checked_in_at.isoformat() if checked_in_at else None, gate, index[site_id]]
            for (token, short_code, revoked_at, delegate_id, name, title, zone, seat, is_vip, checked_in_at, gate,
                 site_id, replaced_by, unit) in db.session.execute(query)]


def venue_site(ceremony_id: int) -> Site | None:
    """The point whose hall the gates stand at: the root of the network (the province's own point; the
    national point of a nationwide ceremony, above its provinces)."""
    return db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony_id, Site.parent_id.is_(None))
                             .order_by(Site.id).limit(1))


def search_delegates(ceremony_id: int, text: str, limit: int = 20) -> list[Delegate]:
    """Expected delegates whose name or title holds ``text``, tones, case and Unicode form ignored:
    a ``LIKE`` on the stored folded key (``Delegate.search_key``), at most ``limit``, in name order;
    a name that starts with the text comes first."""
    needle = fold(text).strip()
    if len(needle) < 2:
        return []
    pattern = escape_like(needle)
    base = (sa.select(Delegate.id, Delegate.sort_key)
            .where(Delegate.ceremony_id == ceremony_id, expected_condition()))
    found = list(db.session.execute(base.where(Delegate.search_key.like(f"{pattern}%", escape=LIKE_ESCAPE))
                                    .order_by(Delegate.search_key, Delegate.id).limit(limit)))
    if len(found) < limit:
        seen = {i for i, _key in found}
        more = db.session.execute(base.where(Delegate.search_key.like(f"%{pattern}%", escape=LIKE_ESCAPE))
                                  .limit(limit + len(found)))
        found += sorted((row for row in more if row[0] not in seen), key=lambda row: (row[1], row[0]))[
            :limit - len(found)]
    ids = [i for i, _key in found]
    if not ids:
        return []
    delegates = {d.id: d for d in db.session.scalars(
        sa.select(Delegate).where(Delegate.id.in_(ids))
        .options(joinedload(Delegate.person).joinedload(Person.organisation), joinedload(Delegate.site)))}
    return [delegates[i] for i in ids if i in delegates]


def checkins_by_delegate(ceremony_id: int, delegate_ids=None) -> dict[int, DelegateCheckIn]:
    query = sa.select(DelegateCheckIn).where(DelegateCheckIn.ceremony_id == ceremony_id)
    if delegate_ids is not None:
        query = query.where(DelegateCheckIn.delegate_id.in_(list(delegate_ids)))
    return {c.delegate_id: c for c in db.session.scalars(query)}


def roster(ceremony_id: int, site_id: int) -> list[tuple[Delegate, DelegateCheckIn | None]]:
    """The expected delegates of one point with their check-in, in protocol order."""
    delegates = list(db.session.scalars(
        sa.select(Delegate).join(Person, Person.id == Delegate.person_id)
        .outerjoin(CompositionCategory, CompositionCategory.id == Delegate.category_id)
        .where(Delegate.ceremony_id == ceremony_id, Delegate.site_id == site_id, expected_condition())
        .options(joinedload(Delegate.person), joinedload(Delegate.category))
        .order_by(sa.desc(Delegate.is_vip), CompositionCategory.protocol_rank, Delegate.id)))
    checkins = checkins_by_delegate(ceremony_id, [d.id for d in delegates])
    return [(d, checkins.get(d.id)) for d in delegates]


def headcount_of(ceremony_id: int, site_id: int) -> PointHeadcount | None:
    return db.session.scalar(sa.select(PointHeadcount).where(PointHeadcount.ceremony_id == ceremony_id,
                                                       PointHeadcount.site_id == site_id))


def conflicts(ceremony_id: int, limit: int = 200) -> list[GateScan]:
    """Offline scans the server would have answered differently, newest first."""
    return list(db.session.scalars(
        sa.select(GateScan).where(GateScan.ceremony_id == ceremony_id, GateScan.is_conflict.is_(True))
        .options(joinedload(GateScan.delegate).joinedload(Delegate.person))
        .order_by(GateScan.scanned_at.desc(), GateScan.id.desc()).limit(limit)))


def recent_scans(ceremony_id: int, limit: int = 30) -> list[GateScan]:
    return list(db.session.scalars(
        sa.select(GateScan).where(GateScan.ceremony_id == ceremony_id)
        .options(joinedload(GateScan.delegate).joinedload(Delegate.person))
        .order_by(GateScan.received_at.desc(), GateScan.id.desc()).limit(limit)))


def covered_sites(ceremony_id: int, user) -> list[Site]:
    """The points a user may take attendance for, in network order."""
    from ceremony.core.auth import user_covers_site

    sites = db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony_id)
                               .options(joinedload(Site.parent)).order_by(Site.position, Site.id))
    return [s for s in sites if user_covers_site(user, s)]
