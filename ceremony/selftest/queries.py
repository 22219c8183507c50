"""Reads of the self-test: thresholds, bridge details, the figures on the board, a point's trend."""
from __future__ import annotations

import sqlalchemy as sa

from ceremony.extensions import db
from ceremony.readiness.models import ReadinessCheckIn, ReadinessPhase
from ceremony.readiness.queries import state_hook
from ceremony.selftest import thresholds as rules
from ceremony.selftest.models import BridgeDetails, Measurement, Thresholds

# What a board tile shows, in this order.
TILE_FIGURES = ("download_mbps", "upload_mbps", "rtt_ms", "jitter_ms", "clock_offset_ms", "media_path",
                "media_mos", "media_loss_pct")


def thresholds(ceremony_id: int) -> dict:
    """The ceremony's thresholds (the defaults where none were set)."""
    row = db.session.get(Thresholds, ceremony_id)
    limits = rules.Limits.of(row)
    return {"ceremony_id": ceremony_id, **{k: getattr(limits, k) for k in rules.DEFAULTS},
            "updated_at": row.updated_at if row else None}


def bridge(site_id: int) -> BridgeDetails | None:
    return db.session.get(BridgeDetails, site_id)


def bridge_dict(site) -> dict:
    row = bridge(site.id)
    return {"site_id": site.id, "code": site.code, "name": site.name,
            **{k: (getattr(row, k) if row else "") for k in ("endpoint", "backup_link", "tech_contact", "tech_phone")},
            "updated_at": row.updated_at if row else None}


def bridges(ceremony_id: int) -> dict[int, BridgeDetails]:
    from ceremony.sites.models import Site

    rows = db.session.scalars(sa.select(BridgeDetails).join(Site, Site.id == BridgeDetails.site_id)
                              .where(Site.ceremony_id == ceremony_id))
    return {row.site_id: row for row in rows}


def figures(row: Measurement | None) -> dict | None:
    if row is None:
        return None
    out = {k: getattr(row, k) for k in TILE_FIGURES}
    out["media_path"] = row.media_path.value if row.media_path else None
    out["measured_at"] = row.measured_at.isoformat()
    return out


def _below(fig: dict | None, limits: rules.Limits) -> list[str]:
    """Which figures of a tile miss their threshold (names of the figures)."""
    if not fig:
        return []
    out = []
    checks = (("download_mbps", lambda v: v < limits.min_download_mbps),
              ("upload_mbps", lambda v: v < limits.min_upload_mbps),
              ("rtt_ms", lambda v: v > limits.max_rtt_ms), ("jitter_ms", lambda v: v > limits.max_jitter_ms),
              ("clock_offset_ms", lambda v: abs(v) > limits.max_clock_offset_ms),
              ("media_loss_pct", lambda v: v > limits.max_loss_pct),
              ("media_path", lambda v: v != "udp"))
    for name, fails in checks:
        if fig.get(name) is not None and fails(fig[name]):
            out.append(name)
    return out


@state_hook
def add_figures(ceremony_id: int, phase, states: dict[int, dict]) -> None:
    """Give each point's state the figures measured with its latest check-in, and which miss a limit."""
    ids = [s["checkin"].id for s in states.values() if s.get("checkin") is not None]
    rows = {m.checkin_id: m for m in db.session.scalars(sa.select(Measurement)
                                                        .where(Measurement.checkin_id.in_(ids)))} if ids else {}
    limits = rules.Limits.of(db.session.get(Thresholds, ceremony_id))
    for state in states.values():
        checkin = state.get("checkin")
        state["figures"] = figures(rows.get(checkin.id)) if checkin is not None else None
        state["below"] = _below(state["figures"], limits)


def trend(site) -> list[dict]:
    """The point's measured figures window by window (rehearsal, T-120, T-30, live): every measured
    check-in, oldest first, with the window it belongs to."""
    rows = db.session.execute(
        sa.select(Measurement, ReadinessCheckIn, ReadinessPhase)
        .join(ReadinessCheckIn, ReadinessCheckIn.id == Measurement.checkin_id)
        .join(ReadinessPhase, ReadinessPhase.id == ReadinessCheckIn.phase_id)
        .where(Measurement.site_id == site.id)
        .order_by(ReadinessPhase.opens_offset_minutes, Measurement.measured_at, Measurement.checkin_id))
    return [{"phase": phase.key, "phase_name": phase.name, "status": checkin.status.value,
             "checkin_id": checkin.id, **figures(m)} for m, checkin, phase in rows]


def sparkline(values: list[float | None], width: int = 160, height: int = 32) -> str:
    """An inline SVG polyline of ``values`` (gaps skipped), for the trend page."""
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return ""
    low, high = min(v for _, v in points), max(v for _, v in points)
    span = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    coords = " ".join(f"{i * step:.1f},{height - 2 - (v - low) / span * (height - 4):.1f}" for i, v in points)
    return (f'<svg class="sparkline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-hidden="true"><polyline fill="none" stroke="currentColor" stroke-width="2" '
            f'points="{coords}"/></svg>')
