"""The built-in reference networks: Vietnam's admin units of 2023 and of 2025, for every province.

* ``2023``: province → district → commune (63 provinces), as before the 2025 reorganisation; read
  from ``data/vn-units-2023.csv.gz``, generated once from vietnam-provinces 0.5.0
  (``scripts/build_units_2023.py``; provenance and licence in ``data/README.md``).
* ``2025``: province → commune/ward (34 provinces, 3,321 units), in force since 1 July 2025; read
  from the installed vietnam-provinces 2025.10.1.

Both give units as ``dict(code, name, tier, parent_code)``, parents first, ready for a network.
"""
from __future__ import annotations

import csv
import gzip
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from flask_babel import gettext as _

from ceremony.core.errors import InvalidInput, NotFound
from ceremony.sites.models import Tier

DATA_2023 = Path(__file__).parent / "data" / "vn-units-2023.csv.gz"


@dataclass(frozen=True)
class Dataset:
    key: str            # "2023" | "2025"
    label: str
    tiers: int          # 3: province → district → commune; 2: province → commune
    source: str


DATASETS = {
    "2023": Dataset("2023", "Đơn vị hành chính 2023 (tỉnh → huyện → xã)", 3,
                    "vietnam-provinces 0.5.0 (data 2023-05-07), shipped file vn-units-2023.csv.gz"),
    "2025": Dataset("2025", "Đơn vị hành chính từ 01/7/2025 (tỉnh → xã, phường)", 2,
                    "vietnam-provinces 2025.10.1 (data 2025-10-18)"),
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def get_dataset(key: str) -> Dataset:
    try:
        return DATASETS[str(key)]
    except KeyError:
        raise InvalidInput(_("'%(key)s' is not a built-in network set (2023 or 2025).", key=key), field="dataset") from None


@lru_cache(maxsize=1)
def _load_2023() -> dict[int, list[dict]]:
    """Units per province code. Codes repeat across tiers (district 51 of Cao Bằng, province 51),
    so the file is read in order: a province line starts the next province's block."""
    provinces: dict[int, list[dict]] = {}
    with gzip.open(DATA_2023, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        current: list[dict] = []
        for row in reader:
            tier = Tier(row["tier"])
            if tier is Tier.province:
                current = provinces.setdefault(int(row["code"]), [])
            current.append(dict(code=row["code"], name=row["name"], tier=tier,
                                parent_code=row["parent_code"] or None))
    return provinces


def installed_version() -> str:
    try:
        return version("vietnam-provinces")
    except PackageNotFoundError:
        return ""


@lru_cache(maxsize=1)
def _load_2025() -> dict[int, list[dict]]:
    found = installed_version()
    if not found.startswith("2025."):
        raise NotFound(_("The 2025 units need vietnam-provinces 2025.10.1 installed (found %(found)s).",
                         found=found or "-"))
    import vietnam_provinces

    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    provinces: dict[int, list[dict]] = {}
    for province in data:
        code = str(province["code"])
        units = [dict(code=code, name=province_name(_nfc(province["name"])), tier=Tier.province, parent_code=None)]
        # In the order of their official codes (the package lists them in another order).
        units += [dict(code=str(ward["code"]), name=_nfc(ward["name"]), tier=Tier.commune, parent_code=code)
                  for ward in sorted(province["wards"], key=lambda w: int(w["code"]))]
        provinces[int(province["code"])] = units
    return provinces


def _load(dataset: str) -> dict[int, list[dict]]:
    return _load_2023() if get_dataset(dataset).key == "2023" else _load_2025()


def provinces(dataset: str) -> list[dict]:
    """The provinces of a set: ``[{code, name, units}]`` in the official order."""
    return [{"code": code, "name": units[0]["name"], "units": len(units)} for code, units in _load(dataset).items()]


def province_units(dataset: str, province_code: int | str) -> list[dict]:
    """A fresh copy of one province's units (province first, then each parent before its children)."""
    try:
        units = _load(dataset)[int(province_code)]
    except (KeyError, ValueError):
        raise NotFound(_("The %(dataset)s set has no province with code %(code)s.", dataset=dataset,
                         code=province_code), field="province_code") from None
    return [dict(unit) for unit in units]


def province_name(name: str) -> str:
    """The province as a ceremony names it: 2025's bare "Quảng Ngãi" becomes "Tỉnh Quảng Ngãi"."""
    if name.lower().startswith(("tỉnh ", "thành phố ")):
        return name
    return f"Tỉnh {name}"
