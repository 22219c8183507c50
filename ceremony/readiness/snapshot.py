"""The readiness board at any size: one shared snapshot per ceremony and window, aggregated in SQL,
kept current by deltas, and drawn one level at a time.

* **Build** (``_build``): every point's status in one SQL query (the latest check-in of the window by a
  window function, the heartbeat for the live phase), and the counts of every unit's subtree by
  ``GROUP BY`` over the ancestor closure (a recursive CTE: a point counts for itself and each unit
  above it). The other domains' state hooks (figures, open help-desk tickets) then run once over
  the result; a status a hook changes is moved in the counts of the point's ancestors.
* **Shared**: the snapshot lives in the app (one per process), keyed by ceremony and window, and is
  reused while its ``version`` is the ceremony's current ``ReadinessBoardVersion`` (one indexed
  read per request). Two stream connections or a page and the API share one build.
* **Deltas**: every change publishes a ``point`` event carrying the version it brings; a stream
  applies it to the shared snapshot once (idempotent: a version already seen is skipped, a gap
  marks the snapshot stale) and sends the point with its ancestors' new counts.
* **Levels** (``view``): the board of a unit (``parent``: a code; default the root) draws every tile
  of its subtree when it has at most ``READINESS_BOARD_TILE_LIMIT`` points (a province, as the
  provincial board always did), otherwise the unit's own tile and one summary per child unit with
  its counts, to drill into.
"""
from __future__ import annotations

import threading
import time
from datetime import datetime
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app

from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.readiness.models import (PhaseKind, PointStatus, ReadinessBoardVersion, ReadinessCheckIn, ReadinessFlag,
                                       ReadinessHeartbeat, ReadinessPhase)
from ceremony.sites.models import Site, Tier

STATUSES = [s.value for s in PointStatus]
TIERS = [t.value for t in Tier]
TILE_FIELDS = ("status", "last_report_at", "last_seen_at", "figures", "below", "open_tickets")


def tile_limit() -> int:
    """The most points a board draws as tiles; a bigger unit is drawn as its child units' counts."""
    return int(current_app.config.get("READINESS_BOARD_TILE_LIMIT", 1500))


def live_ttl() -> float:
    """Seconds a snapshot of an open live phase is trusted (offline follows the clock there)."""
    return float(current_app.config.get("READINESS_SNAPSHOT_LIVE_TTL", 5))


# --- the version counter -------------------------------------------------------------------------

def current_version(ceremony_id: int) -> int:
    return db.session.scalar(sa.select(ReadinessBoardVersion.version)
                             .where(ReadinessBoardVersion.ceremony_id == ceremony_id)) or 0


def _stamp(ceremony_id: int) -> tuple:
    """The version, and the ceremony's points (how many, the newest id: a network replaced), in one read."""
    version = sa.select(ReadinessBoardVersion.version).where(ReadinessBoardVersion.ceremony_id == ceremony_id) \
        .scalar_subquery()
    row = db.session.execute(sa.select(version, sa.func.count(Site.id), sa.func.max(Site.id))
                             .where(Site.ceremony_id == ceremony_id)).one()
    return int(row[0] or 0), row[1], row[2]


def _phase_signature(phase: ReadinessPhase | None) -> tuple | None:
    if phase is None:
        return None
    return (phase.id, phase.kind, phase.opens_offset_minutes, phase.closes_offset_minutes, phase.closed_at)


def bump_version(ceremony_id: int) -> int:
    """Raise the ceremony's board version in the caller's transaction; returns the new version."""
    from ceremony.notifications.operations import insert_ignore

    statement = (sa.update(ReadinessBoardVersion).where(ReadinessBoardVersion.ceremony_id == ceremony_id)
                 .values(version=ReadinessBoardVersion.version + 1).returning(ReadinessBoardVersion.version)
                 .execution_options(synchronize_session=False))
    version = db.session.execute(statement).scalar()
    if version is None:
        insert_ignore(ReadinessBoardVersion, dict(ceremony_id=ceremony_id, version=0))
        version = db.session.execute(statement).scalar()
    return int(version)


# --- building ------------------------------------------------------------------------------------

def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _blank() -> dict:
    return {"total": {s: 0 for s in STATUSES}}


def _status_query(ceremony_id: int, phase: ReadinessPhase | None, at: datetime):
    """(site_id, status, reported_at, checkin_id, last_seen_at) of every point of the ceremony."""
    status = sa.literal(PointStatus.not_reported.value)
    columns = [Site.id.label("site_id")]
    query_from = Site
    joins = []
    if phase is not None:
        live = phase.kind is PhaseKind.live
        if live:
            phase_ids = sa.select(ReadinessPhase.id).where(ReadinessPhase.ceremony_id == ceremony_id,
                                                           ReadinessPhase.opens_offset_minutes <=
                                                           phase.opens_offset_minutes)
            order = [sa.case((ReadinessCheckIn.phase_id == phase.id, 0), else_=1),
                     ReadinessCheckIn.reported_at.desc(), ReadinessCheckIn.id.desc()]
        else:
            phase_ids = [phase.id]
            order = [ReadinessCheckIn.reported_at.desc(), ReadinessCheckIn.id.desc()]
        ranked = (sa.select(ReadinessCheckIn.site_id, sa.cast(ReadinessCheckIn.status, sa.String).label("status"),
                            ReadinessCheckIn.reported_at, ReadinessCheckIn.id.label("checkin_id"),
                            sa.func.row_number().over(partition_by=ReadinessCheckIn.site_id,
                                                      order_by=order).label("rn"))
                  .where(ReadinessCheckIn.ceremony_id == ceremony_id, ReadinessCheckIn.phase_id.in_(phase_ids))
                  .subquery())
        joins.append((ranked, sa.and_(ranked.c.site_id == Site.id, ranked.c.rn == 1)))
        status = sa.func.coalesce(ranked.c.status, PointStatus.not_reported.value)
        columns += [ranked.c.reported_at, ranked.c.checkin_id]
        if live:
            joins.append((ReadinessHeartbeat, ReadinessHeartbeat.site_id == Site.id))
            columns.append(ReadinessHeartbeat.last_seen_at)
            if phase.is_open(at):
                from datetime import timedelta

                from ceremony.readiness.queries import heartbeat_timeout

                cutoff = at - timedelta(seconds=heartbeat_timeout())
                status = sa.case((sa.or_(ReadinessHeartbeat.last_seen_at.is_(None),
                                         ReadinessHeartbeat.last_seen_at < cutoff), PointStatus.offline.value),
                                 else_=status)
        else:
            columns.append(sa.null().label("last_seen_at"))
    else:
        columns += [sa.null().label("reported_at"), sa.null().label("checkin_id"), sa.null().label("last_seen_at")]
    query = sa.select(*columns, status.label("status")).select_from(query_from)
    for target, on in joins:
        query = query.outerjoin(target, on)
    return query.where(Site.ceremony_id == ceremony_id)


def _ancestor_counts(ceremony_id: int, statuses) -> dict[int, dict]:
    """``{unit id: {tier: {status: n}, "total": {status: n}}}`` over each unit's subtree, by GROUP BY
    over the ancestor closure (each point with itself and every unit above it)."""
    closure = sa.select(Site.id.label("point_id"), Site.id.label("unit_id")) \
        .where(Site.ceremony_id == ceremony_id).cte("closure", recursive=True)
    up = sa.orm.aliased(Site)
    closure = closure.union_all(sa.select(closure.c.point_id, up.parent_id)
                                .join(up, up.id == closure.c.unit_id).where(up.parent_id.is_not(None)))
    point = sa.orm.aliased(Site)
    states = statuses.subquery()
    rows = db.session.execute(
        sa.select(closure.c.unit_id, sa.cast(point.tier, sa.String), states.c.status, sa.func.count())
        .join(point, point.id == closure.c.point_id)
        .join(states, states.c.site_id == closure.c.point_id)
        .group_by(closure.c.unit_id, point.tier, states.c.status))
    counts: dict[int, dict] = {}
    for unit_id, tier, status, n in rows:
        unit = counts.setdefault(unit_id, _blank())
        unit.setdefault(tier, {s: 0 for s in STATUSES})[status] += n
        unit["total"][status] += n
    return counts


class Snapshot:
    """One ceremony's board in one window: every point's tile and every unit's subtree counts."""

    def __init__(self, ceremony_id: int, phase: ReadinessPhase | None, version: int, at: datetime):
        self.ceremony_id, self.version, self.at = ceremony_id, version, at
        self.phase_id = phase.id if phase else None
        self.phase_key = phase.key if phase else None
        self.live_open = bool(phase and phase.kind is PhaseKind.live and phase.is_open(at))
        self.live = bool(phase and phase.kind is PhaseKind.live)
        self.built_monotonic = time.monotonic()
        self.points: tuple = ()  # (count, newest id) of the ceremony's points when built
        self.signature = _phase_signature(phase)
        self.stale = False
        self.lock = threading.Lock()
        self.tiles: dict[int, dict] = {}
        self.children: dict[int | None, list[int]] = {}
        self.by_code: dict[str, int] = {}
        self.counts: dict[int, dict] = {}
        self.tiers: list[str] = []

    # -- reading
    def roots(self) -> list[int]:
        return self.children.get(None, [])

    def ancestors(self, site_id: int) -> list[int]:
        """The point and every unit above it, the point first."""
        chain, node = [], self.tiles.get(site_id)
        while node is not None:
            chain.append(node["site_id"])
            node = self.tiles.get(node["parent_id"]) if node["parent_id"] is not None else None
        return chain

    def subtree(self, site_id: int) -> list[int]:
        """The unit and every point below it, in network order."""
        out, stack = [], [site_id]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(self.children.get(node, [])))
        return out

    def unit_counts(self, site_id: int) -> dict:
        counts = self.counts.get(site_id) or _blank()
        return {key: dict(value) for key, value in counts.items()}

    # -- deltas
    def _move(self, site_id: int, before: str, after: str) -> None:
        if before == after:
            return
        tier = self.tiles[site_id]["tier"]
        for unit in self.ancestors(site_id):
            counts = self.counts.setdefault(unit, _blank())
            row = counts.setdefault(tier, {s: 0 for s in STATUSES})
            row[before] -= 1
            row[after] += 1
            counts["total"][before] -= 1
            counts["total"][after] += 1

    def apply(self, event: str, data: dict) -> bool:
        """Bring a live message into the snapshot once; True when it changed a tile of this window."""
        version = data.get("version")
        with self.lock:
            if version is None or self.stale:
                return False
            if version <= self.version:
                return False
            if version > self.version + 1:  # a message missed: rebuild on the next read
                self.stale = True
                return False
            self.version = version
            if event != "point":
                self.stale = True  # a window opened or closed: flags and the current window change
                return False
            if data.get("phase") != self.phase_key:
                if self.live:  # an earlier window's report shows on the live board until one comes in
                    self.stale = True
                return False
            tile = self.tiles.get(data.get("site_id"))
            if tile is None:
                self.stale = True
                return False
            before = tile["status"]
            for field in TILE_FIELDS:
                if field in data:
                    tile[field] = data[field]
            self._move(tile["site_id"], before, tile["status"])
            return True

    def delta(self, site_id: int) -> list[dict]:
        """The counts of the point and each unit above it (the point first), after a change."""
        with self.lock:
            return [{"site_id": unit, "counts": self.unit_counts(unit)} for unit in self.ancestors(site_id)]

    def fresh_for(self, stamp: tuple, phase: ReadinessPhase | None, at: datetime) -> bool:
        version, *points = stamp
        if self.stale or version != self.version or tuple(points) != self.points:
            return False
        if _phase_signature(phase) != self.signature:  # the window was moved or closed
            return False
        if self.live_open and abs((at - self.at).total_seconds()) > live_ttl():
            return False
        return True


def _build(ceremony_id: int, phase: ReadinessPhase | None, version: int, at: datetime) -> Snapshot:
    from ceremony.readiness.queries import STATE_HOOKS

    snap = Snapshot(ceremony_id, phase, version, at)
    sites = db.session.execute(sa.select(Site.id, Site.parent_id, sa.cast(Site.tier, sa.String), Site.code,
                                         Site.name).where(Site.ceremony_id == ceremony_id)
                               .order_by(Site.position, Site.id)).all()
    statuses = _status_query(ceremony_id, phase, at)
    rows = {row.site_id: row for row in db.session.execute(statuses)}
    flagged = set()
    if phase is not None:
        flagged = set(db.session.scalars(sa.select(ReadinessFlag.site_id).where(ReadinessFlag.phase_id == phase.id)))
    states: dict[int, dict] = {}
    present = set()
    for site_id, parent_id, tier, code, name in sites:
        row = rows[site_id]
        present.add(tier)
        snap.children.setdefault(parent_id, []).append(site_id)
        snap.by_code[code] = site_id
        states[site_id] = {"status": row.status, "last_report_at": row.reported_at,
                           "checkin": SimpleNamespace(id=row.checkin_id) if row.checkin_id else None,
                           "last_seen_at": row.last_seen_at}
        snap.tiles[site_id] = {"site_id": site_id, "code": code, "name": name, "tier": tier, "parent_id": parent_id,
                               "flagged": site_id in flagged}
    snap.tiers = [t for t in TIERS if t in present]
    snap.counts = _ancestor_counts(ceremony_id, statuses)
    before = {site_id: state["status"] for site_id, state in states.items()}
    for hook in STATE_HOOKS:
        hook(ceremony_id, phase, states)
    for site_id, state in states.items():
        snap.tiles[site_id].update(status=state["status"], last_report_at=_iso(state["last_report_at"]),
                                   last_seen_at=_iso(state["last_seen_at"]), figures=state.get("figures"),
                                   below=state.get("below", []), open_tickets=state.get("open_tickets", 0))
        snap._move(site_id, before[site_id], state["status"])  # a hook's verdict (an open ticket)
    return snap


def _cache() -> dict:
    return current_app.extensions.setdefault("readiness_board", {"snapshots": {}, "locks": {}, "builds": {},
                                                                 "lock": threading.Lock()})


def builds(ceremony_id: int) -> int:
    """How many snapshots this process built for the ceremony (for tests and the benchmark)."""
    return _cache()["builds"].get(ceremony_id, 0)


def shared(ceremony_id: int, phase_key: str | None) -> Snapshot | None:
    """The snapshot held for a ceremony's window, if any (the streams apply their deltas to it)."""
    return _cache()["snapshots"].get((ceremony_id, phase_key))


def get(ceremony_id: int, phase: ReadinessPhase | None, at: datetime | None = None) -> Snapshot:
    """The shared snapshot of the window, built when there is none or the ceremony's version moved."""
    at = at or now()
    cache = _cache()
    key = (ceremony_id, phase.key if phase else None)
    stamp = _stamp(ceremony_id)
    snap = cache["snapshots"].get(key)
    if snap is not None and snap.fresh_for(stamp, phase, at):
        return snap
    with cache["lock"]:
        lock = cache["locks"].setdefault(key, threading.Lock())
    with lock:  # one build at a time per board: concurrent readers wait for it and share it
        snap = cache["snapshots"].get(key)
        if snap is not None and snap.fresh_for(stamp, phase, at):
            return snap
        snap = _build(ceremony_id, phase, stamp[0], at)
        snap.points = tuple(stamp[1:])
        cache["snapshots"][key] = snap
        cache["builds"][ceremony_id] = cache["builds"].get(ceremony_id, 0) + 1
        return snap


# --- the level on screen -------------------------------------------------------------------------

def _unit(snap: Snapshot, site_id: int) -> dict:
    tile = snap.tiles[site_id]
    counts = snap.counts.get(site_id) or _blank()
    return {"site_id": site_id, "code": tile["code"], "name": tile["name"], "tier": tile["tier"],
            "status": tile["status"], "points": sum(counts["total"].values()),
            "units": len(snap.children.get(site_id, [])), "counts": dict(counts["total"])}


def _groups(snap: Snapshot, ids: list[int], top: list[int], leaf_parents: list[int], keep) -> list[dict]:
    """Tiles in groups, as the provincial board always showed them: the top point first; then each
    unit with points under it (and each district) with those points; the points hanging straight
    under a top unit (the communes of a two-tier network) under its name; the rest."""
    tiles = snap.tiles
    members = set(ids)
    groups = []
    if top:
        groups.append({"site_id": None, "code": "", "name": "", "tiles": [tiles[i] for i in top if keep(tiles[i])]})
    grouped = set(top)

    def leaves(unit):
        return [c for c in snap.children.get(unit, [])
                if c in members and c not in grouped and not snap.children.get(c)]

    for head in ids:
        if head in grouped or tiles[head]["tier"] == Tier.commune.value or \
                not (snap.children.get(head) or tiles[head]["tier"] == Tier.district.value):
            continue
        rows = [head] + leaves(head)
        grouped.update(rows)
        groups.append({"site_id": head, "code": tiles[head]["code"], "name": tiles[head]["name"],
                       "tiles": [tiles[i] for i in rows if keep(tiles[i])]})
    for unit in leaf_parents:  # communes straight under the province (a two-tier network)
        rows = leaves(unit)
        if rows:
            grouped.update(rows)
            groups.append({"site_id": unit, "code": tiles[unit]["code"], "name": tiles[unit]["name"],
                           "tiles": [tiles[i] for i in rows if keep(tiles[i])]})
    rest = [i for i in ids if i not in grouped]
    if rest:
        groups.append({"site_id": None, "code": "", "name": "", "tiles": [tiles[i] for i in rest if keep(tiles[i])]})
    return groups


def _counts_of(snap: Snapshot, ids) -> dict:
    counts = {"total": {s: 0 for s in STATUSES}, **{t: {s: 0 for s in STATUSES} for t in TIERS}}
    for site_id in ids:
        tile = snap.tiles[site_id]
        counts["total"][tile["status"]] += 1
        counts[tile["tier"]][tile["status"]] += 1
    return counts


def view(snap: Snapshot, *, parent: str | None = None, visible: set[int] | None = None,
         status: str | None = None) -> dict:
    """The board of one unit (``parent``: its code; default the whole network), as the API returns it."""
    from ceremony.core.errors import NotFound
    from flask_babel import gettext

    with snap.lock:
        scope = None
        if parent:
            scope = snap.by_code.get(str(parent))
            if scope is None:
                raise NotFound(gettext("No point with code %(code)s in this ceremony.", code=parent), field="parent")
        elif len(snap.roots()) == 1:
            scope = snap.roots()[0]
        ids = snap.subtree(scope) if scope is not None else \
            [i for root in snap.roots() for i in snap.subtree(root)]
        keep = (lambda t: t["status"] == status) if status else (lambda t: True)
        units: list[dict] = []
        mode = "tiles"
        if visible is not None:  # an operator: their own points only, always as tiles
            ids = [i for i in ids if i in visible]
            counts = _counts_of(snap, ids)
            tops = (Tier.nation.value, Tier.province.value)
            groups = _groups(snap, ids, [i for i in ids if snap.tiles[i]["tier"] in tops],
                             [i for i in snap.tiles if snap.tiles[i]["tier"] in tops], keep)
        elif scope is None:  # no single root (points entered by hand): everything, as tiles
            counts = _counts_of(snap, ids)
            groups = _groups(snap, ids, list(snap.roots()), list(snap.roots()), keep)
        else:
            counts = _counts_of(snap, [])
            for key, value in (snap.counts.get(scope) or {}).items():
                counts[key] = dict(value)
            if len(ids) <= tile_limit():
                groups = _groups(snap, ids, [scope], [scope], keep)
            else:
                mode = "units"
                groups = [{"site_id": None, "code": "", "name": "",
                           "tiles": [snap.tiles[scope]] if keep(snap.tiles[scope]) else []}]
                units = [_unit(snap, child) for child in snap.children.get(scope, [])]
        if Tier.nation.value not in snap.tiers:
            counts.pop(Tier.nation.value, None)
        path = []
        if scope is not None:
            for unit in reversed(snap.ancestors(scope)):
                tile = snap.tiles[unit]
                path.append({"site_id": unit, "code": tile["code"], "name": tile["name"], "tier": tile["tier"]})
        tiers = snap.tiers
        if scope is not None and visible is None:
            tiers = [t for t in snap.tiers if t in counts and sum(counts[t].values())]
        return {"ceremony_id": snap.ceremony_id, "counts": counts, "groups": groups, "tiers": tiers,
                "mode": mode, "units": units, "scope": _unit(snap, scope) if scope is not None else None,
                "path": path, "version": snap.version}


# --- publishing ----------------------------------------------------------------------------------

def publish_point(site: Site, phase: ReadinessPhase, at: datetime | None = None) -> dict:
    """Announce a point's new state to the boards (after commit), raising the board version with it."""
    from ceremony.live import publish_after_commit
    from ceremony.readiness.queries import point_event, topic

    data = {**point_event(site, phase, at), "version": bump_version(site.ceremony_id)}
    publish_after_commit(topic(site.ceremony_id), "point", data)
    return data


def publish_phase(phase: ReadinessPhase, data: dict) -> None:
    """Announce a window opened or closed (boards take a fresh snapshot), raising the board version."""
    from ceremony.live import publish_after_commit
    from ceremony.readiness.queries import topic

    publish_after_commit(topic(phase.ceremony_id), "phase", {**data, "version": bump_version(phase.ceremony_id)})


def held(ceremony_id: int) -> list[Snapshot]:
    """Every snapshot this process holds for the ceremony (each window's)."""
    return [snap for (cid, _key), snap in list(_cache()["snapshots"].items()) if cid == ceremony_id]
