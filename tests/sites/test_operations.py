import pytest
import sqlalchemy as sa

from ceremony.core.errors import Conflict, RowError
from ceremony.sites.models import ReferenceNetwork, ReferenceUnit, Site, Tier
from ceremony.sites.operations import import_network_csv, import_vietnam_provinces, parse_network_csv
from ceremony.sites.queries import descendant_ids, get_site_by_code, tier_counts
from tests.factories import SMALL_NETWORK_CSV


def test_package_network_of_quang_ngai_2023_has_1_13_173(db):
    network = import_vietnam_provinces(51)
    db.session.commit()
    tiers = [u.tier for u in network.units]
    assert tiers.count(Tier.province) == 1
    assert tiers.count(Tier.district) == 13
    assert tiers.count(Tier.commune) == 173
    codes = {u.code: u for u in network.units}
    assert codes["51"].name == "Tỉnh Quảng Ngãi"
    assert codes["534"].name == "Thị xã Đức Phổ"
    assert codes["534"].parent_code == "51"
    assert codes["21010"].name == "Phường Lê Hồng Phong" and codes["21010"].parent_code == "522"
    # Lý Sơn is a district-level unit with no commune points since 2020.
    assert not [u for u in network.units if u.parent_code == "536"]


def test_two_tier_network_after_2025_is_accepted(db):
    text = "code,name,tier,parent_code\n51,Tỉnh Quảng Ngãi,province,\n21010,Phường Cẩm Thành,commune,51\n21550,Phường Đức Phổ,commune,51\n"
    network = import_network_csv(text, key="qn-2025")
    db.session.commit()
    assert [(u.code, u.tier) for u in network.units] == [
        ("51", Tier.province), ("21010", Tier.commune), ("21550", Tier.commune)]


def test_bad_csv_names_the_line_and_field_and_writes_nothing(db):
    bad = SMALL_NETWORK_CSV + "99999,Xã Ma,commune,777\n"  # parent 777 does not exist (line 10)
    with pytest.raises(RowError) as caught:
        import_network_csv(bad, key="bad")
    assert caught.value.details == [{"row": 10, "field": "parent_code", "reason": "parent 777 is not in the file"}]
    assert "line 10" in caught.value.message and "parent_code" in caught.value.message
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReferenceNetwork)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReferenceUnit)) == 0


@pytest.mark.parametrize("line, field", [
    ("abc,Xã Lạ,commune,522", "code"),
    ("21010,Trùng mã,commune,522", "code"),
    ("21999,,commune,522", "name"),
    ("21999,Xã Lạ,village,522", "tier"),
    ("21999,Xã Lạ,district,534", "parent_code"),
])
def test_every_kind_of_bad_line_is_named(db, line, field):
    with pytest.raises(RowError) as caught:
        parse_network_csv(SMALL_NETWORK_CSV + line + "\n")
    assert {"row": 10, "field": field} == {k: caught.value.details[0][k] for k in ("row", "field")}


def test_all_bad_lines_are_reported_at_once(db):
    text = SMALL_NETWORK_CSV.replace("534,Thị xã Đức Phổ,district,51", "534,Thị xã Đức Phổ,town,51") + "x,Xã,commune,522\n"
    with pytest.raises(RowError) as caught:
        parse_network_csv(text)
    assert [d["row"] for d in caught.value.details][:2] == [6, 10]


def test_wrong_header_is_refused(db):
    with pytest.raises(RowError) as caught:
        parse_network_csv("ma,ten\n51,Tỉnh,province,\n")
    assert caught.value.details[0]["row"] == 1


def test_copy_network_gives_the_ceremony_its_own_points(db, make_ceremony):
    ceremony = make_ceremony()
    assert tier_counts(ceremony.id) == {"province": 1, "district": 3, "commune": 4}
    district = get_site_by_code(ceremony.id, "534")
    assert district.parent.code == "51" and district.parent.venue == "Trung tâm IOC"
    assert {s.code for s in district.children} == {"21550", "21553"}
    assert len(descendant_ids(district)) == 3
    other = make_ceremony()
    # Editing one ceremony's point leaves the other's alone.
    get_site_by_code(other.id, "534").venue = "Nhà văn hóa"
    db.session.commit()
    assert get_site_by_code(ceremony.id, "534").venue != "Nhà văn hóa"


def test_a_network_is_copied_once(db, make_ceremony):
    from ceremony.sites.operations import copy_network

    ceremony = make_ceremony()
    network = db.session.scalar(sa.select(ReferenceNetwork))
    with pytest.raises(Conflict):
        copy_network(ceremony, network)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Site).where(Site.ceremony_id == ceremony.id)) == 8
