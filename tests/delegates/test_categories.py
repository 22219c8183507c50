"""Composition categories: create, rename, order, merge, remove — operations, pages and API."""
import pytest
import sqlalchemy as sa

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.delegates import categories as ops
from ceremony.delegates.importing import table_from_json
from ceremony.delegates.models import CompositionCategory, Delegate
from ceremony.delegates.operations import import_delegates
from tests.delegates.helpers import load_people


def _by_code(db, ceremony_id, code):
    return db.session.scalar(sa.select(CompositionCategory).where(CompositionCategory.ceremony_id == ceremony_id,
                                                                  CompositionCategory.code == code))


def test_a_new_category_is_used_by_the_import_at_once(db, make_ceremony):
    ceremony = make_ceremony()
    row = {"ho_ten": "Nguyễn Văn An", "chuc_vu": "Chủ tịch", "don_vi": "UBND xã Phổ An", "ma_diem_cau": "21553",
           "thanh_phan": "ubnd-xa"}
    with pytest.raises(InvalidInput):
        import_delegates(ceremony.id, table_from_json([row]))
    db.session.rollback()
    ops.create_category(ceremony, tier="commune", name="Lãnh đạo UBND xã", code="ubnd-xa")
    assert len(import_delegates(ceremony.id, table_from_json([row])).created) == 1


def test_create_rename_order_and_refusals(db, make_ceremony):
    ceremony = make_ceremony()
    a = ops.create_category(ceremony, tier="district", name="Lãnh đạo UBND huyện")
    b = ops.create_category(ceremony, tier="district", name="Lãnh đạo UBND huyện")  # same name: a fresh code
    assert (a.code, b.code, a.position, b.position) == ("lanh-dao-ubnd-huyen", "lanh-dao-ubnd-huyen-2", 0, 1)
    ops.update_category(a, name="Lãnh đạo UBND cấp huyện", colour="#A4161A", protocol_rank=110)
    assert (a.name, a.colour, a.protocol_rank, a.code) == ("Lãnh đạo UBND cấp huyện", "#a4161a", 110,
                                                           "lanh-dao-ubnd-huyen")
    ops.reorder_categories(ceremony, "district", [b.id, a.id])
    assert (a.position, b.position) == (1, 0)
    for call, field in [(lambda: ops.create_category(ceremony, tier="ward", name="X"), "tier"),
                        (lambda: ops.create_category(ceremony, tier="commune", name=" "), "name"),
                        (lambda: ops.update_category(a, colour="red"), "colour"),
                        (lambda: ops.reorder_categories(ceremony, "district", [a.id]), "category_ids")]:
        with pytest.raises(InvalidInput) as caught:
            call()
        assert caught.value.field == field
    with pytest.raises(Conflict) as caught:
        ops.create_category(ceremony, tier="commune", name="X", code="lanh-dao-ubnd-huyen")
    assert "đã có thành phần mời" in caught.value.message


def test_merge_moves_the_delegates_then_deletes_the_category(db, make_ceremony):
    ceremony = make_ceremony()
    keep = ops.create_category(ceremony, tier="commune", name="Lãnh đạo UBND xã", code="ubnd-xa")
    old = ops.create_category(ceremony, tier="commune", name="Cán bộ xã", code="can-bo-xa")
    other_tier = ops.create_category(ceremony, tier="district", name="Huyện", code="huyen")
    load_people(ceremony.id, [("Lê Thị Hoa", "Công chức", "UBND xã Phổ An", "21553", "can-bo-xa", "", "", False),
                              ("Võ Văn Ba", "Chủ tịch", "UBND xã Phổ An", "21553", "ubnd-xa", "", "", False)])
    with pytest.raises(InvalidInput):
        ops.merge_categories(old, other_tier)
    with pytest.raises(Conflict):
        ops.delete_category(old)
    assert ops.merge_categories(old, keep) == 1
    db.session.commit()
    assert _by_code(db, ceremony.id, "can-bo-xa") is None
    assert set(db.session.scalars(sa.select(Delegate.category_id).where(Delegate.ceremony_id == ceremony.id))) == {keep.id}


def test_the_categories_page(db, client, make_ceremony, login):
    ceremony = make_ceremony()
    login("organizer")
    url = f"/ceremonies/{ceremony.id}/categories"
    assert "Chưa có thành phần mời" in client.get(url).get_data(as_text=True)
    client.post(url, data={"tier": "commune", "name": "Lãnh đạo UBND xã", "code": "ubnd-xa", "colour": "#a4161a"})
    client.post(url, data={"tier": "commune", "name": "Cán bộ xã"})
    keep, old = _by_code(db, ceremony.id, "ubnd-xa"), _by_code(db, ceremony.id, "can-bo-xa")
    response = client.post(f"{url}/{keep.id}", data={"name": "Lãnh đạo UBND cấp xã", "colour": "#2a9d8f",
                                                     "protocol_rank": "210"}, follow_redirects=True)
    assert "Đã lưu thành phần mời." in response.get_data(as_text=True)
    client.post(f"{url}/{old.id}/move", data={"step": "up"})
    db.session.expire_all()
    assert (old.position, keep.position) == (0, 1)
    page = client.post(f"{url}/{old.id}/merge", data={"into_id": keep.id}, follow_redirects=True).get_data(as_text=True)
    assert "Đã gộp “Cán bộ xã” vào “Lãnh đạo UBND cấp xã”: chuyển 0 đại biểu." in page
    bad = client.post(url, data={"tier": "commune", "name": "X", "colour": "blue"}, follow_redirects=True)
    assert "Màu viết dạng #rrggbb" in bad.get_data(as_text=True)
    assert client.get(url, headers={}).status_code == 200
    login("viewer")
    assert client.get(url).status_code == 403


def test_the_categories_api(db, client, make_ceremony, api_headers):
    ceremony = make_ceremony()
    headers = api_headers("organizer")
    base = f"/api/v1/ceremonies/{ceremony.id}/categories"
    a = client.post(base, headers=headers, json={"tier": "district", "name": "Lãnh đạo huyện", "code": "ubnd-huyen"}).get_json()
    b = client.post(base, headers=headers, json={"tier": "district", "name": "Phòng ban"}).get_json()
    renamed = client.patch(f"{base}/{a['id']}", headers=headers, json={"name": "Lãnh đạo UBND huyện"})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Lãnh đạo UBND huyện"
    order = client.put(f"{base}/order", headers=headers, json={"tier": "district", "category_ids": [b["id"], a["id"]]})
    assert [c["id"] for c in order.get_json()["items"]] == [b["id"], a["id"]]
    merged = client.post(f"{base}/{b['id']}/merge", headers=headers, json={"into_id": a["id"]})
    assert merged.status_code == 200 and merged.get_json()["moved"] == 0
    assert [c["code"] for c in client.get(base, headers=headers).get_json()["items"]] == ["ubnd-huyen"]
    bad = client.patch(f"{base}/{a['id']}", headers=headers, json={"colour": "zzz"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "colour"
    assert "#rrggbb" in bad.get_json()["message"]
    assert client.delete(f"{base}/{a['id']}", headers=headers).status_code == 204
    assert client.delete(f"{base}/{a['id']}", headers=headers).status_code == 404
    assert client.post(base, headers=api_headers("viewer"), json={"tier": "commune", "name": "X"}).status_code == 403
