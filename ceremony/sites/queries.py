"""Reads about bridge points: lists, the tree, counts per tier."""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ceremony.core.errors import NotFound
from ceremony.extensions import db
from ceremony.sites.models import Site, Tier


def site_query(ceremony_id: int, *, tier: Tier | None = None, parent_id: int | None = None):
    """A select of a ceremony's sites in network order, optionally filtered."""
    query = sa.select(Site).where(Site.ceremony_id == ceremony_id)
    if tier is not None:
        query = query.where(Site.tier == tier)
    if parent_id is not None:
        query = query.where(Site.parent_id == parent_id)
    return query.order_by(Site.position, Site.id)


def list_sites(ceremony_id: int, **filters) -> list[Site]:
    return list(db.session.scalars(site_query(ceremony_id, **filters)))


def get_site(site_id: int, ceremony_id: int | None = None) -> Site:
    site = db.session.get(Site, site_id)
    if site is None or (ceremony_id is not None and site.ceremony_id != ceremony_id):
        raise NotFound(f"no site with id {site_id}")
    return site


def get_site_by_code(ceremony_id: int, code: str) -> Site:
    site = db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony_id, Site.code == code))
    if site is None:
        raise NotFound(f"no site with code {code}")
    return site


def tier_counts(ceremony_id: int) -> dict[str, int]:
    """How many points of each tier the ceremony has, e.g. ``{"province": 1, "district": 13, ...}``."""
    rows = db.session.execute(
        sa.select(Site.tier, sa.func.count()).where(Site.ceremony_id == ceremony_id).group_by(Site.tier)
    )
    counts = Counter({tier.value: 0 for tier in Tier})
    counts.update({tier.value: n for tier, n in rows})
    return dict(counts)


def site_tree(ceremony_id: int) -> list[Site]:
    """The roots of the network (normally the one provincial point) with children loaded."""
    sites = list(db.session.scalars(
        site_query(ceremony_id).options(selectinload(Site.children))
    ))
    return [s for s in sites if s.parent_id is None]


def descendant_ids(site: Site) -> set[int]:
    """The ids of a site and every point below it."""
    ids, frontier = {site.id}, [site.id]
    while frontier:
        frontier = list(db.session.scalars(sa.select(Site.id).where(Site.parent_id.in_(frontier))))
        ids.update(frontier)
    return ids
