"""The built-in sets: the shipped 2023 file equals vietnam-provinces 0.5.0, and the counts are right."""
import gzip
import importlib.util
import json
import os
from pathlib import Path

import pytest

from ceremony.sites import reference
from ceremony.sites.models import Tier

ROOT = Path(__file__).resolve().parents[2]


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_units_2023", ROOT / "scripts" / "build_units_2023.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _package_050_json() -> Path | None:
    """nested-divisions.json of vietnam-provinces 0.5.0: installed here, or in the folder
    ``CEREMONY_VP050_DIR`` names (e.g. /tmp/vp05/lib/python3.11/site-packages/vietnam_provinces)."""
    folder = os.environ.get("CEREMONY_VP050_DIR")
    if folder:
        return Path(folder) / "data" / "nested-divisions.json"
    if reference.installed_version() == "0.5.0":
        import vietnam_provinces
        return vietnam_provinces.NESTED_DIVISIONS_JSON_PATH
    return None


def test_shipped_2023_file_equals_the_package_050():
    path = _package_050_json()
    if path is None:
        reason = (f"vietnam-provinces 0.5.0 is not installed here (found {reference.installed_version() or 'none'}); "
                  "set CEREMONY_VP050_DIR to its vietnam_provinces folder to compare")
        print(reason)
        pytest.skip(reason)
    expected = _load_build_script().rows_from_nested(json.loads(path.read_text(encoding="utf-8")))
    with gzip.open(reference.DATA_2023, "rt", encoding="utf-8") as handle:
        shipped = [tuple(line.rstrip("\n").split(",", 3)) for line in handle][1:]
    # (no name carries a comma, so a plain split reads the file)
    assert shipped == expected


def test_2025_set_comes_from_the_installed_package():
    found = reference.installed_version()
    if not found.startswith("2025."):
        reason = f"vietnam-provinces 2025.10.1 is not installed (found {found or 'none'})"
        print(reason)
        pytest.skip(reason)
    import vietnam_provinces

    data = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    for province in data:
        units = reference.province_units("2025", province["code"])
        codes = sorted(w["code"] for w in province["wards"])
        assert [u["code"] for u in units] == [str(province["code"])] + [str(c) for c in codes]
        assert units[0]["name"] in (province["name"], f"Tỉnh {province['name']}")


def test_counts_2023_quang_ngai_13_districts_173_communes_and_63_provinces():
    units = reference.province_units("2023", 51)
    tiers = [u["tier"] for u in units]
    assert (tiers.count(Tier.province), tiers.count(Tier.district), tiers.count(Tier.commune)) == (1, 13, 173)
    assert units[0]["name"] == "Tỉnh Quảng Ngãi"
    assert len(reference.provinces("2023")) == 63
    assert sum(p["units"] for p in reference.provinces("2023")) == 63 + 705 + 10_598
    # District 051 of Cao Bằng shares its number with the province of Quảng Ngãi: blocks keep them apart.
    cao_bang = reference.province_units("2023", 4)
    assert any(u["code"] == "51" and u["tier"] is Tier.district for u in cao_bang)


def test_counts_2025_quang_ngai_96_communes_and_34_provinces():
    units = reference.province_units("2025", 51)
    assert units[0] == {"code": "51", "name": "Tỉnh Quảng Ngãi", "tier": Tier.province, "parent_code": None}
    assert len(units) == 97 and all(u["tier"] is Tier.commune and u["parent_code"] == "51" for u in units[1:])
    assert len(reference.provinces("2025")) == 34
    assert sum(p["units"] - 1 for p in reference.provinces("2025")) == 3321
    names = {u["name"] for u in units}
    assert "Đặc khu Lý Sơn" in names and "Phường Đức Phổ" in names


def test_unknown_set_and_province_are_clear_errors(app):
    from ceremony.core.errors import InvalidInput, NotFound

    with pytest.raises(InvalidInput) as caught:
        reference.province_units("2030", 51)
    assert caught.value.field == "dataset"
    with pytest.raises(NotFound) as caught:
        reference.province_units("2025", 2)  # Hà Giang merged into Tuyên Quang
    assert caught.value.field == "province_code"
