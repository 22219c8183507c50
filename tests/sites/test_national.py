"""Networks of any depth: the whole country from the built-in sets (nation → province → district →
commune in 2023, nation → province → commune in 2025), by CLI, API and CSV, and a ceremony from it."""
from collections import Counter

import pytest
import sqlalchemy as sa

from ceremony.core.errors import RowError
from ceremony.sites import reference
from ceremony.sites.models import ReferenceNetwork, ReferenceUnit, Site, Tier
from ceremony.sites.operations import import_network_csv, national_units, parse_network_csv
from ceremony.sites.queries import tier_counts


def _check_tree(units, tiers):
    codes = [u["code"] for u in units]
    assert len(codes) == len(set(codes))  # official widths: no code repeats across tiers
    by_code = {u["code"]: u for u in units}
    assert [u for u in units if u["parent_code"] is None] == [units[0]] and units[0]["tier"] is Tier.nation
    for unit in units[1:]:
        assert by_code[unit["parent_code"]]["tier"] is tiers[unit["tier"]], unit
    seen = set()
    for unit in units:  # parents before children
        assert unit["parent_code"] is None or unit["parent_code"] in seen
        seen.add(unit["code"])


def test_the_whole_country_2023_has_every_province_district_and_commune():
    units = national_units("2023")
    counts = Counter(u["tier"] for u in units)
    assert counts == {Tier.nation: 1, Tier.province: 63, Tier.district: 705, Tier.commune: 10598}
    _check_tree(units, {Tier.province: Tier.nation, Tier.district: Tier.province, Tier.commune: Tier.district})
    # each province carries the same units as its provincial network
    for province in reference.provinces("2023"):
        code = str(province["code"]).zfill(2)
        below = [u for u in units if u["parent_code"] == code]
        below += [u for u in units if u["parent_code"] in {b["code"] for b in below}]
        assert 1 + len(below) == province["units"], code
    quang_ngai = [u for u in units if u["parent_code"] == "51"]
    assert len(quang_ngai) == 13 and {u["code"] for u in quang_ngai} >= {"522"}


def test_the_whole_country_2025_has_two_tiers_under_the_nation():
    units = national_units("2025")
    counts = Counter(u["tier"] for u in units)
    assert counts == {Tier.nation: 1, Tier.province: 34, Tier.commune: 3321}
    _check_tree(units, {Tier.province: Tier.nation, Tier.commune: Tier.province})


@pytest.mark.sqlite_only  # the CLI's work is the same on both backends (the API test runs on both)
def test_import_package_all_imports_the_country(runner, db):
    result = runner.invoke(args=["sites", "import-package", "--all", "--set", "2023"])
    assert result.exit_code == 0, result.output
    assert "imported vn-all-2023: 11367 units" in result.output
    network = db.session.scalar(sa.select(ReferenceNetwork).where(ReferenceNetwork.key == "vn-all-2023"))
    tiers = dict(db.session.execute(sa.select(ReferenceUnit.tier, sa.func.count())
                                    .where(ReferenceUnit.network_id == network.id).group_by(ReferenceUnit.tier)).all())
    assert tiers == {Tier.nation: 1, Tier.province: 63, Tier.district: 705, Tier.commune: 10598}


def test_a_ceremony_takes_the_country_through_the_api(client, db, api_headers, make_ceremony):
    headers = api_headers("organizer")
    imported = client.post("/api/v1/reference-networks", json={"dataset": "2025", "whole_country": True},
                           headers=headers)
    assert imported.status_code == 201, imported.get_json()
    body = imported.get_json()
    assert body["key"] == "vn-all-2025" and body["tiers"] == 3 and body["units"] == 3356
    assert body["counts"] == {"nation": 1, "province": 34, "district": 0, "commune": 3321}
    both = client.post("/api/v1/reference-networks", json={"dataset": "2025", "whole_country": True,
                                                           "province_code": 51}, headers=headers)
    assert both.status_code == 422
    created = client.post("/api/v1/ceremonies", headers=headers, json={
        "title": "Lễ khai trương toàn quốc", "starts_at": "2026-12-11T08:00:00", "ends_at": "2026-12-11T09:30:00",
        "venue": "Hội trường Bộ", "host_unit": "Bộ Thông tin và Truyền thông", "network_id": body["id"]})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["site_counts"] == {"nation": 1, "province": 34, "district": 0, "commune": 3321}
    cid = created.get_json()["id"]
    root = db.session.scalar(sa.select(Site).where(Site.ceremony_id == cid, Site.parent_id.is_(None)))
    assert root.tier is Tier.nation and root.code == "0"
    children = db.session.scalars(sa.select(Site).where(Site.parent_id == root.id)).all()
    assert len(children) == 34 and all(c.tier is Tier.province for c in children)
    other = make_ceremony()
    applied = client.put(f"/api/v1/ceremonies/{other.id}/network", headers=headers,
                         json={"dataset": "2025", "whole_country": True})
    assert applied.status_code == 200, applied.get_json()
    assert tier_counts(other.id) == {"nation": 1, "province": 34, "district": 0, "commune": 3321}


def test_a_csv_network_of_any_depth(db):
    text = ("code,name,tier,parent_code\n0,Việt Nam,nation,\n01,Thành phố Hà Nội,province,0\n"
            "001,Quận Ba Đình,district,01\n00001,Phường Phúc Xá,commune,001\n51,Tỉnh Quảng Ngãi,province,0\n"
            "21010,Phường Trương Quang Trọng,commune,51\n")
    network = import_network_csv(text, key="vn-mini")
    assert network.province_code == "0" and len(network.units) == 6
    assert [u.tier for u in network.units][:3] == [Tier.nation, Tier.province, Tier.province]


@pytest.mark.parametrize("body,line,reason", [
    ("0,Việt Nam,nation,\n1,Hai,nation,\n", 3, "at most one nation"),
    ("0,Việt Nam,nation,\n21010,Xã,commune,0\n", 3, "a commune cannot hang under a nation"),
    ("0,Việt Nam,nation,\n01,Hà Nội,province,\n", 3, "parent (empty) is not in the file"),
    ("01,Hà Nội,province,\n51,Quảng Ngãi,province,\n", 3, "exactly one province"),
    ("0,Việt Nam,nation,7\n", 2, "a nation has no parent"),
])
def test_a_bad_deep_network_is_refused_with_its_line(body, line, reason):
    with pytest.raises(RowError) as raised:
        parse_network_csv("code,name,tier,parent_code\n" + body)
    assert any(d["row"] == line and reason in d["reason"] for d in raised.value.details), raised.value.details
