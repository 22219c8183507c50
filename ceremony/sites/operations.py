"""Writes about sites: import reference networks, copy one into a ceremony, edit a point."""
from __future__ import annotations

import csv
import io
import json
import unicodedata

import sqlalchemy as sa

from ceremony.core.errors import Conflict, InvalidInput, NotFound, RowError
from ceremony.core.uploads import guarded_rows
from ceremony.extensions import db
from ceremony.sites.models import TIER_ORDER, ReferenceNetwork, ReferenceUnit, Site, Tier

CSV_COLUMNS = ("code", "name", "tier", "parent_code")
# Which tier a unit's parent may have: a commune hangs under a district, or straight under the
# province in the two-tier networks left by the 2025 reorganisation.
ALLOWED_PARENT = {Tier.district: {Tier.province}, Tier.commune: {Tier.district, Tier.province}}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _replace_network(key: str, name: str, source: str, province_code: str,
                     units: list[dict]) -> ReferenceNetwork:
    existing = db.session.scalar(sa.select(ReferenceNetwork).where(ReferenceNetwork.key == key))
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    network = ReferenceNetwork(key=key, name=name, source=source, province_code=province_code)
    network.units = [ReferenceUnit(position=i, **unit) for i, unit in enumerate(units)]
    db.session.add(network)
    db.session.flush()
    return network


def import_vietnam_provinces(province_code: int, *, key: str | None = None) -> ReferenceNetwork:
    """Import a province's three-tier network from ``vietnam-provinces`` 0.5.0 (units of 2023)."""
    import vietnam_provinces

    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    province = next((p for p in data if p["code"] == province_code), None)
    if province is None:
        raise NotFound(f"vietnam-provinces has no province with code {province_code}")
    units = [dict(code=str(province["code"]), name=_nfc(province["name"]), tier=Tier.province,
                  parent_code=None)]
    for district in province["districts"]:
        units.append(dict(code=str(district["code"]), name=_nfc(district["name"]),
                          tier=Tier.district, parent_code=str(province["code"])))
        for ward in district["wards"]:
            units.append(dict(code=str(ward["code"]), name=_nfc(ward["name"]),
                              tier=Tier.commune, parent_code=str(district["code"])))
    version = getattr(vietnam_provinces, "__data_version__", "")
    return _replace_network(key or f"vn-{province_code}-{version[:4] or 'pkg'}",
                            _nfc(province["name"]), f"vietnam-provinces (data {version})",
                            str(province_code), units)


def parse_network_csv(text: str) -> list[dict]:
    """Parse and check a network CSV (``code,name,tier,parent_code``); refuse it whole if any line is bad.

    Line numbers count the header as line 1, as a spreadsheet shows them.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = guarded_rows(csv.reader(io.StringIO(text)))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header[:4]) != CSV_COLUMNS:
        raise RowError("line 1: the header must be " + ",".join(CSV_COLUMNS),
                       [{"row": 1, "field": "header", "reason": "expected " + ",".join(CSV_COLUMNS)}])
    errors: list[dict] = []
    units: list[dict] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 3:
            errors.append({"row": line_no, "field": "row", "reason": "expected 4 columns"})
            continue
        code, name, tier = (_nfc(c) for c in row[:3])
        parent = _nfc(row[3]) if len(row) > 3 else ""
        if not code.isdigit():
            errors.append({"row": line_no, "field": "code", "reason": f"{code!r} is not a numeric admin-unit code"})
        elif code in seen:
            errors.append({"row": line_no, "field": "code", "reason": f"code {code} already on line {seen[code]}"})
        if not name:
            errors.append({"row": line_no, "field": "name", "reason": "empty"})
        try:
            tier_value = Tier(tier.lower())
        except ValueError:
            errors.append({"row": line_no, "field": "tier", "reason": f"{tier!r} is not province, district or commune"})
            tier_value = None
        seen.setdefault(code, line_no)
        units.append(dict(code=code, name=name, tier=tier_value, parent_code=parent or None, _line=line_no))
    by_code = {u["code"]: u for u in units}
    provinces = [u for u in units if u["tier"] is Tier.province]
    if len(provinces) != 1 and not errors:
        errors.append({"row": provinces[1]["_line"] if provinces else 2, "field": "tier",
                       "reason": f"a network has exactly one province, found {len(provinces)}"})
    for unit in units:
        if unit["tier"] is None:
            continue
        if unit["tier"] is Tier.province:
            if unit["parent_code"]:
                errors.append({"row": unit["_line"], "field": "parent_code", "reason": "a province has no parent"})
            continue
        parent = by_code.get(unit["parent_code"] or "")
        if parent is None:
            errors.append({"row": unit["_line"], "field": "parent_code",
                           "reason": f"parent {unit['parent_code'] or '(empty)'} is not in the file"})
        elif parent["tier"] is not None and parent["tier"] not in ALLOWED_PARENT[unit["tier"]]:
            # (a parent with a bad tier is reported on its own line, not again on its children's)
            errors.append({"row": unit["_line"], "field": "parent_code",
                           "reason": f"a {unit['tier'].value} cannot hang under a {parent['tier'].value}"})
    if errors:
        errors.sort(key=lambda e: e["row"])
        first = errors[0]
        raise RowError(f"line {first['row']}, field {first['field']}: {first['reason']}"
                       + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""), errors)
    for unit in units:
        del unit["_line"]
    # Parents before children, whatever order the file used.
    units.sort(key=lambda u: TIER_ORDER[u["tier"]])
    return units


def import_network_csv(text: str, *, key: str, name: str | None = None) -> ReferenceNetwork:
    """Import a reference network from CSV text; nothing is written if any line is bad."""
    units = parse_network_csv(text)
    province = next(u for u in units if u["tier"] is Tier.province)
    return _replace_network(key, name or province["name"], "csv", province["code"], units)


def copy_network(ceremony, network: ReferenceNetwork, *, provincial_venue: str = "",
                 provincial_address: str = "") -> list[Site]:
    """Give a ceremony its own bridge points, one per unit of the reference network.

    The province unit becomes the provincial venue (the in-person point).
    """
    if db.session.scalar(sa.select(sa.func.count()).select_from(Site).where(Site.ceremony_id == ceremony.id)):
        raise Conflict("this ceremony already has its bridge points")
    by_code: dict[str, Site] = {}
    sites = []
    for position, unit in enumerate(network.units):
        site = Site(ceremony_id=ceremony.id, tier=unit.tier, code=unit.code, name=unit.name,
                    parent=by_code.get(unit.parent_code) if unit.parent_code else None,
                    position=position)
        if unit.tier is Tier.province:
            site.venue, site.address = provincial_venue, provincial_address
        else:
            site.venue = f"Hội trường UBND {unit.name}"
        by_code[unit.code] = site
        sites.append(site)
    db.session.add_all(sites)
    db.session.flush()
    return sites


def update_site(site: Site, **fields) -> Site:
    """Change a point's venue, address or operator contacts."""
    allowed = {"venue", "address", "operator_name", "operator_phone", "operator_email", "name"}
    for key, value in fields.items():
        if key not in allowed:
            raise InvalidInput(f"{key} cannot be changed here", field=key)
        setattr(site, key, _nfc(value or ""))
    db.session.flush()
    return site
