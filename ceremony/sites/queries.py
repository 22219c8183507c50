"""Reads about bridge points: lists, the tree, counts per tier."""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ceremony.core.errors import DomainError, NotFound
from ceremony.extensions import db
from ceremony.sites import reference
from ceremony.sites.models import ReferenceNetwork, Site, Tier


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
    counts = Counter({tier.value: 0 for tier in Tier if tier is not Tier.nation})
    counts.update({tier.value: n for tier, n in rows})  # "nation" only on a nationwide network
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


def network_summary(network: ReferenceNetwork) -> dict:
    """A reference network with its units per tier, and 2 or 3 tiers."""
    counts = Counter({tier.value: 0 for tier in Tier if tier is not Tier.nation})
    counts.update(unit.tier.value for unit in network.units)
    tiers = (3 if counts["district"] else 2) + (1 if counts.get("nation") else 0)
    return {"id": network.id, "key": network.key, "name": network.name, "source": network.source,
            "province_code": network.province_code, "tiers": tiers,
            "counts": dict(counts), "units": len(network.units)}


def reference_networks() -> list[dict]:
    """Every imported reference network, by name."""
    networks = db.session.scalars(sa.select(ReferenceNetwork).options(selectinload(ReferenceNetwork.units))
                                  .order_by(ReferenceNetwork.name, ReferenceNetwork.key))
    return [network_summary(n) for n in networks]


def reference_sets() -> list[dict]:
    """The built-in sets, each with the provinces it can import (a set whose package is missing is
    listed without provinces)."""
    result = []
    for found in reference.DATASETS.values():
        try:
            provinces = reference.provinces(found.key)
        except DomainError:
            provinces = []
        result.append({"key": found.key, "label": found.label, "tiers": found.tiers, "source": found.source,
                       "provinces": provinces})
    return result


def builtin_choices() -> list[tuple[str, str]]:
    """Every province of the built-in sets as ``("<set>:<code>", label)``, the 2025 set first."""
    from flask_babel import gettext as _

    units = _("units")
    sets = sorted(reference_sets(), key=lambda s: s["key"], reverse=True)
    return [(f"{s['key']}:{p['code']}", f"{p['name']} · {s['key']} ({p['units']} {units})")
            for s in sets for p in s["provinces"]] + \
        [(f"{s['key']}:all", f"{_('The whole country')} · {s['key']} "
                             f"({1 + sum(p['units'] for p in s['provinces'])} {units})")
         for s in sets if s["provinces"]]


def network_choices() -> list[tuple[str, str]]:
    """What a ceremony may take its points from: the imported networks (``n:<id>``), then every
    built-in province not imported yet (imported when chosen: ``operations.network_from_choice``)."""
    from flask_babel import gettext as _

    networks = reference_networks()
    keys = {n["key"] for n in networks}
    units = _("units")
    imported = [(f"n:{n['id']}", f"{n['name']} · {n['key']} ({n['units']} {units})") for n in networks]
    return imported + [(value, label) for value, label in builtin_choices()
                       if "vn-{1}-{0}".format(*value.split(":")) not in keys]  # vn-all-<set>: the country


def is_two_tier(ceremony_id: int) -> bool:
    """True when the ceremony's communes hang straight under the province (the 2025 network)."""
    counts = tier_counts(ceremony_id)
    return counts["district"] == 0 and counts["commune"] > 0


def remote_sites(ceremony_id: int) -> list[Site]:
    """Every point but the provincial venue, in network order (a district before its communes; on a
    two-tier network the communes alone): the points that may be given the floor."""
    return list(db.session.scalars(site_query(ceremony_id).where(Site.tier != Tier.province)))


def remote_site_groups(ceremony_id: int) -> list[tuple[Site, list[Site]]]:
    """The points of :func:`remote_sites` grouped for a chooser, in network order: each district with
    its communes (the district first); on a two-tier network the province with its communes."""
    groups: dict[int, tuple[Site, list[Site]]] = {}
    for point in remote_sites(ceremony_id):
        head = point if point.tier is Tier.district or point.parent is None else point.parent
        groups.setdefault(head.id, (head, []))[1].append(point)
    return list(groups.values())
