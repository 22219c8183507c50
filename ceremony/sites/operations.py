"""Writes about sites: import reference networks, copy one into a ceremony, edit a point."""
from __future__ import annotations

import csv
import io
import unicodedata

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.core.errors import Conflict, InvalidInput, NotFound, RowError
from ceremony.core.wording import in_sentence
from ceremony.core.uploads import guarded_rows
from ceremony.extensions import db
from ceremony.sites import reference
from ceremony.sites.models import TIER_ORDER, ReferenceNetwork, ReferenceUnit, Site, Tier

CSV_COLUMNS = ("code", "name", "tier", "parent_code")
# Which tier a unit's parent may have: a province under the nation (a nationwide network), a commune
# under a district, or straight under the province in the two-tier networks left by the 2025
# reorganisation.
ALLOWED_PARENT = {Tier.province: {Tier.nation}, Tier.district: {Tier.province},
                  Tier.commune: {Tier.district, Tier.province}}
ROOT_TIERS = (Tier.nation, Tier.province)
NATION_CODE = "0"
NATION_NAME = "Việt Nam"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _replace_network(key: str, name: str, source: str, province_code: str,
                     units: list[dict]) -> ReferenceNetwork:
    existing = db.session.scalar(sa.select(ReferenceNetwork).where(ReferenceNetwork.key == key))
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
    network = ReferenceNetwork(key=key, name=name, source=source, province_code=province_code)
    db.session.add(network)
    db.session.flush()
    # In bulk: the whole country is 11,367 units.
    db.session.execute(sa.insert(ReferenceUnit), [dict(network_id=network.id, position=i, **unit)
                                                  for i, unit in enumerate(units)])
    return network


def import_reference_network(dataset: str, province_code: int | str, *, key: str | None = None) -> ReferenceNetwork:
    """Import one province of a built-in set (``2023``: three tiers; ``2025``: two tiers) as a network.

    Importing again under the same key replaces the earlier copy (ceremonies keep their own points).
    """
    found = reference.get_dataset(dataset)
    units = reference.province_units(found.key, province_code)
    code = units[0]["code"]
    name = f"{reference.province_name(units[0]['name'])} ({found.key})"
    return _replace_network(key or f"vn-{code}-{found.key}", name, found.source, code, units)


def national_units(dataset: str) -> list[dict]:
    """The whole country of a built-in set: the nation, then each province with its units.

    Official codes repeat across tiers (province 51, district 51 of Cao Bằng, commune 1 of Hà Nội…),
    so a nationwide network writes them at their official widths, which never collide: the nation
    ``0``, provinces ``01``–``96``, districts ``001``–``999``, communes ``00001``–``32248``.
    """
    found = reference.get_dataset(dataset)
    width = {Tier.province: 2, Tier.district: 3, Tier.commune: 5}
    units = [dict(code=NATION_CODE, name=NATION_NAME, tier=Tier.nation, parent_code=None)]
    for province in reference.provinces(found.key):
        block = reference.province_units(found.key, province["code"])
        tiers = {u["code"]: u["tier"] for u in block if u["tier"] is not Tier.commune}
        for unit in block:
            tier = unit["tier"]
            if tier is Tier.province:
                unit.update(code=unit["code"].zfill(2), parent_code=NATION_CODE)
            else:
                parent_tier = Tier.province if tier is Tier.district else tiers.get(unit["parent_code"], Tier.province)
                if tier is Tier.commune and found.key == "2025":
                    parent_tier = Tier.province
                unit.update(code=unit["code"].zfill(width[tier]),
                            parent_code=unit["parent_code"].zfill(width[parent_tier]))
            units.append(unit)
    return units


def import_national_network(dataset: str, *, key: str | None = None) -> ReferenceNetwork:
    """Import a built-in set for the whole country (nation → province → district → commune for 2023,
    nation → province → commune for 2025) as one network; again under the same key replaces it."""
    found = reference.get_dataset(dataset)
    units = national_units(found.key)
    return _replace_network(key or f"vn-all-{found.key}", f"{NATION_NAME} ({found.key})", found.source,
                            NATION_CODE, units)


def network_for(network_id: int | None = None, dataset: str | None = None,
                province_code: int | str | None = None) -> ReferenceNetwork:
    """An imported network by id, or a built-in set's province (imported now if not yet there)."""
    if network_id is not None:
        network = db.session.get(ReferenceNetwork, network_id)
        if network is None:
            raise NotFound(_("No reference network with id %(id)s.", id=network_id))
        return network
    found = reference.get_dataset(dataset or "")
    national = str(province_code) == "all"
    key = f"vn-all-{found.key}" if national else f"vn-{int(province_code)}-{found.key}"
    existing = db.session.scalar(sa.select(ReferenceNetwork).where(ReferenceNetwork.key == key))
    if existing is not None:
        return existing
    if national:
        return import_national_network(found.key, key=key)
    return import_reference_network(found.key, province_code, key=key)


def network_from_choice(value: str) -> ReferenceNetwork:
    """The network a page's choice names: ``n:<id>`` (or a bare id: imported), ``<set>:<province code>``
    (a built-in province, imported now if it is not yet) or ``<set>:all`` (the whole country)."""
    kind, _sep, code = (value or "").partition(":")
    if kind.isdigit() and not code:  # a bare id
        kind, code = "n", kind
    if kind != "n" and code == "all":
        return network_for(None, kind, "all")
    if not code.isdigit():
        raise InvalidInput(_("Choose a network."), field="network")
    if kind == "n":
        return network_for(int(code))
    return network_for(None, kind, code)


def import_vietnam_provinces(province_code: int, *, key: str | None = None, dataset: str = "2023") -> ReferenceNetwork:
    """Import a province's network from the built-in sets (the 2023 units unless ``dataset`` says)."""
    return import_reference_network(dataset, province_code, key=key)


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
            errors.append({"row": line_no, "field": "tier",
                           "reason": f"{tier!r} is not nation, province, district or commune"})
            tier_value = None
        seen.setdefault(code, line_no)
        units.append(dict(code=code, name=name, tier=tier_value, parent_code=parent or None, _line=line_no))
    by_code = {u["code"]: u for u in units}
    # One root: the province of a provincial network, or the nation above every province of a
    # nationwide one (then each province hangs under it).
    nations = [u for u in units if u["tier"] is Tier.nation]
    provinces = [u for u in units if u["tier"] is Tier.province]
    if not errors:
        if len(nations) > 1:
            errors.append({"row": nations[1]["_line"], "field": "tier",
                           "reason": f"a network has at most one nation, found {len(nations)}"})
        elif not nations and len(provinces) != 1:
            errors.append({"row": provinces[1]["_line"] if provinces else 2, "field": "tier",
                           "reason": f"a network without a nation has exactly one province, found {len(provinces)}"})
    for unit in units:
        if unit["tier"] is None:
            continue
        if unit["tier"] is Tier.nation or (unit["tier"] is Tier.province and not nations):
            if unit["parent_code"]:
                errors.append({"row": unit["_line"], "field": "parent_code",
                               "reason": f"a {unit['tier'].value} has no parent"})
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
    root = next(u for u in units if u["parent_code"] is None)
    return _replace_network(key, name or root["name"], "csv", root["code"], units)


AUDITED_COPY_LIMIT = 2000  # points written one by one (each in the audit trail); above, in bulk


def copy_network(ceremony, network: ReferenceNetwork, *, provincial_venue: str = "",
                 provincial_address: str = "") -> list[Site]:
    """Give a ceremony its own bridge points, one per unit of the reference network.

    The root unit (the province, or the nation of a nationwide network) becomes the in-person venue.
    Written tier by tier, parents first: a province's network point by point (each one in the audit
    trail), a nationwide one (11,000 points) in bulk.
    """
    if db.session.scalar(sa.select(sa.func.count()).select_from(Site).where(Site.ceremony_id == ceremony.id)):
        raise Conflict("this ceremony already has its bridge points")
    units = list(db.session.execute(
        sa.select(ReferenceUnit.code, ReferenceUnit.name, ReferenceUnit.tier, ReferenceUnit.parent_code)
        .where(ReferenceUnit.network_id == network.id).order_by(ReferenceUnit.position, ReferenceUnit.id)))
    ids: dict[str, int] = {}
    depth: dict[str, int] = {}
    levels: dict[int, list[dict]] = {}
    for position, (code, name, tier, parent_code) in enumerate(units):
        level = depth[code] = depth[parent_code] + 1 if parent_code in depth else 0
        root = not parent_code
        levels.setdefault(level, []).append(dict(
            ceremony_id=ceremony.id, tier=tier, code=code, name=name, position=position, _parent=parent_code,
            venue=provincial_venue if root else f"Hội trường UBND {in_sentence(name)}",
            address=provincial_address if root else "", operator_name="", operator_phone="", operator_email=""))
    for level in sorted(levels):
        rows = levels[level]
        for row in rows:
            parent_code = row.pop("_parent")
            row["parent_id"] = ids[parent_code] if parent_code else None
        if len(units) <= AUDITED_COPY_LIMIT:  # a province's network: each point in the audit trail
            sites = [Site(**row) for row in rows]
            db.session.add_all(sites)
            db.session.flush()
            ids.update((site.code, site.id) for site in sites)
            continue
        db.session.execute(sa.insert(Site), rows)  # nationwide: one statement a tier (no per-point trail)
        ids.update(db.session.execute(sa.select(Site.code, Site.id).where(Site.ceremony_id == ceremony.id)).all())
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony.id)
                                   .order_by(Site.position, Site.id)))


def _sites_in_use(ceremony_id: int) -> list[str]:
    """Tables whose rows hang on this ceremony's points (delegates, check-ins, …): found through the
    foreign keys to ``sites``, so this domain need not know the others."""
    site_ids = sa.select(Site.id).where(Site.ceremony_id == ceremony_id)
    used = []
    for table in db.metadata.sorted_tables:
        if table.name == Site.__tablename__:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == Site.__tablename__:
                if db.session.scalar(sa.select(sa.func.count()).select_from(table)
                                     .where(fk.parent.in_(site_ids))):
                    used.append(table.name)
                break
    return used


def apply_network(ceremony, network: ReferenceNetwork) -> list[Site]:
    """Give a ceremony the points of ``network``, replacing the points it has while nothing
    (a delegate, a check-in, a task…) hangs on them yet. The provincial venue keeps its address."""
    existing = list(db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony.id)))
    venue, address = ceremony.venue, getattr(ceremony, "venue_address", "") or ""
    if existing:
        used = _sites_in_use(ceremony.id)
        if used:
            raise Conflict(_("The bridge points of this ceremony are in use (%(tables)s); "
                             "the network can no longer be changed.", tables=", ".join(used)))
        province = next((s for s in existing if s.tier is Tier.province), None)
        if province is not None:
            venue, address = province.venue or venue, province.address or address
        db.session.execute(sa.delete(Site).where(Site.ceremony_id == ceremony.id))
        db.session.expire_all()
    return copy_network(ceremony, network, provincial_venue=venue, provincial_address=address)


def update_site(site: Site, **fields) -> Site:
    """Change a point's venue, address or operator contacts."""
    allowed = {"venue", "address", "operator_name", "operator_phone", "operator_email", "name"}
    for key, value in fields.items():
        if key not in allowed:
            raise InvalidInput(f"{key} cannot be changed here", field=key)
        setattr(site, key, _nfc(value or ""))
    db.session.flush()
    return site
