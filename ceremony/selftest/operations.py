"""Writes of the self-test: measurements of a check-in, thresholds, bridge details. Flush, never commit."""
from __future__ import annotations

import math

from ceremony.core.errors import InvalidInput
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.readiness.models import ItemKind, ItemState
from ceremony.selftest import thresholds as rules
from ceremony.selftest.models import BridgeDetails, MediaPath, Measurement, Thresholds

# field: (low, high) of a believable value; None: no bound
FIGURES = {
    "download_mbps": (0, 100000), "upload_mbps": (0, 100000), "server_upload_mbps": (0, 100000),
    "rtt_ms": (0, 600000), "rtt_p95_ms": (0, 600000), "jitter_ms": (0, 600000), "loss_pct": (0, 100),
    "clock_offset_ms": (-86400000 * 366, 86400000 * 366), "media_rtt_ms": (0, 600000),
    "media_jitter_ms": (0, 600000), "media_loss_pct": (0, 100), "media_mos": (1, 5),
    "camera_brightness": (0, 255), "mic_level_db": (-200, 10),
}
INTEGERS = {"camera_width": (1, 100000), "camera_height": (1, 100000)}
FLAGS = ("camera_frozen", "mic_silent", "speakers_heard", "speakers_confirmed")


def clean_measurements(raw: dict) -> dict:
    """Check the self-test's figures (ranges, types); raise naming the field at fault."""
    out: dict = {}
    for field, (low, high) in FIGURES.items():
        value = raw.get(field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not low <= value <= high:
            raise InvalidInput(f"measurements.{field} is out of range ({low}…{high})", field=f"measurements.{field}")
        out[field] = float(value)
    for field, (low, high) in INTEGERS.items():
        value = raw.get(field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(f"measurements.{field} must be a whole number ({low}…{high})",
                               field=f"measurements.{field}")
        out[field] = value
    for field in FLAGS:
        if raw.get(field) is not None:
            if not isinstance(raw[field], bool):
                raise InvalidInput(f"measurements.{field} must be true or false", field=f"measurements.{field}")
            out[field] = raw[field]
    path = raw.get("media_path")
    if path is not None:
        try:
            out["media_path"] = MediaPath(path).value
        except ValueError:
            raise InvalidInput("measurements.media_path must be one of "
                               + ", ".join(p.value for p in MediaPath), field="measurements.media_path") from None
    if raw.get("user_agent"):
        out["user_agent"] = str(raw["user_agent"])[:300]
    if out.get("media_mos") is None and all(out.get(k) is not None for k in
                                            ("media_rtt_ms", "media_jitter_ms", "media_loss_pct")):
        out["media_mos"] = rules.mos(out["media_rtt_ms"], out["media_jitter_ms"], out["media_loss_pct"])
    return out


def limits_for(ceremony_id: int) -> rules.Limits:
    return rules.Limits.of(db.session.get(Thresholds, ceremony_id))


def apply_thresholds(ceremony_id: int, items, answers: dict, measurements: dict) -> None:
    """Mark the items whose measured figures miss the ceremony's thresholds as problems, with the
    figure and the limit in the note (the operator's own note is kept before it)."""
    limits = limits_for(ceremony_id)
    m = clean_measurements(measurements)
    by_key = {item.key: item for item in items}
    network = next((i for i in items if i.kind is ItemKind.bandwidth), by_key.get("network"))
    found = [(network, rules.network_problems(m, limits)),
             (by_key.get("clock") or network, rules.clock_problems(m, limits)),
             (by_key.get("camera"), rules.camera_problems(m)),
             (by_key.get("microphone"), rules.microphone_problems(m)),
             (by_key.get("speakers"), rules.speaker_problems(m))]
    for item, problems in found:
        if item is None or not problems or item.id not in answers:
            continue
        answer = answers[item.id]
        text = "; ".join(problems)
        if text not in (answer.note or ""):
            answer.note = (f"{answer.note}; {text}" if answer.note else text)[:2000]
        answer.state = ItemState.problem


def attach_measurement(checkin, measurements: dict) -> Measurement:
    """Store the self-test's figures with ``checkin`` (once: a check-in has one measurement)."""
    m = clean_measurements(measurements)
    row = Measurement(checkin_id=checkin.id, ceremony_id=checkin.ceremony_id, site_id=checkin.site_id,
                      measured_at=checkin.reported_at, **{k: v for k, v in m.items() if k != "media_path"})
    if m.get("media_path"):
        row.media_path = MediaPath(m["media_path"])
    db.session.add(row)
    db.session.flush()
    return row


def save_thresholds(ceremony, values: dict) -> Thresholds:
    """Change a ceremony's thresholds; fields left out keep their value."""
    row = db.session.get(Thresholds, ceremony.id)
    if row is None:
        row = Thresholds(ceremony_id=ceremony.id, **rules.DEFAULTS)
        db.session.add(row)
    for field in rules.DEFAULTS:
        if field not in values or values[field] is None:
            continue
        value = values[field]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise InvalidInput(f"{field} must be a number ≥ 0", field=field)
        if field.endswith("_pct") and value > 100:
            raise InvalidInput(f"{field} is a percentage (0…100)", field=field)
        setattr(row, field, float(value))
    row.updated_at = now()
    db.session.flush()
    from ceremony.readiness.snapshot import bump_version

    bump_version(ceremony.id)  # the boards' "below a threshold" marks change: their snapshot is rebuilt
    return row


BRIDGE_FIELDS = {"endpoint": 500, "backup_link": 500, "tech_contact": 120, "tech_phone": 30}


def save_bridge(site, values: dict) -> BridgeDetails:
    """Set how a point joins the bridge and its technical contact; fields left out keep their value."""
    row = db.session.get(BridgeDetails, site.id)
    if row is None:
        row = BridgeDetails(site_id=site.id, **{k: "" for k in BRIDGE_FIELDS})
        db.session.add(row)
    for field, limit in BRIDGE_FIELDS.items():
        if values.get(field) is None:
            continue
        text = str(values[field]).strip()
        if len(text) > limit:
            raise InvalidInput(f"{field} takes at most {limit} characters", field=field)
        if field == "tech_phone" and text and not all(c.isdigit() or c in "+ .-()" for c in text):
            raise InvalidInput("tech_phone takes digits, spaces and + . - ( )", field=field)
        setattr(row, field, text)
    row.updated_at = now()
    db.session.flush()
    return row
