import io

import sqlalchemy as sa

from ceremony.delegates.models import Delegate, Person
from tests.delegates.conftest import make_rows, to_csv, to_xlsx


def _upload(client, ceremony, headers, data: bytes, filename: str, query: str = ""):
    return client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import{query}", headers=headers,
                       data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def _count(db):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Delegate))


def test_one_bad_row_out_of_500_writes_nothing_and_names_that_row(db, client, ceremony, api_headers):
    headers = api_headers()
    rows = make_rows(500)
    rows[136]["ma_diem_cau"] = "99999"
    for data, filename in ((to_csv(rows), "danh-sach.csv"), (to_xlsx(rows), "danh-sach.xlsx")):
        response = _upload(client, ceremony, headers, data, filename)
        assert response.status_code == 422, response.get_json()
        body = response.get_json()
        assert body["errors"] == [{"row": 138, "field": "site_code", "code": "unknown_site",
                                   "params": {"value": "99999"},
                                   "reason": "no bridge point '99999' (code or name) in this ceremony"}]
        assert "nothing imported" in body["message"]
        assert _count(db) == 0
    rows[136]["ma_diem_cau"] = "51"
    rows[136]["thanh_phan"] = "lanh-dao"
    response = _upload(client, ceremony, headers, to_xlsx(rows), "danh-sach.xlsx")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["created"] == 500 and _count(db) == 500


def test_every_bad_row_is_reported_at_once(db, client, ceremony, api_headers):
    headers = api_headers()
    client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", headers=headers,
                json={"rows": make_rows(1, start=900)})
    rows = make_rows(12)
    rows[0]["ho_ten"] = ""                      # row 2: name missing
    rows[1]["dien_thoai"] = "12345"             # row 3: not a phone
    rows[2]["email"] = "not-an-email"           # row 4
    rows[3]["thanh_phan"] = "khong-co"          # row 5: unknown category
    rows[4]["thanh_phan"] = "lanh-dao"          # row 6: a province category at a commune point
    rows[5]["vip"] = "maybe"                    # row 7
    rows[7]["dien_thoai"] = rows[6]["dien_thoai"]  # row 9: same phone as row 8
    rows[8]["ho_ten"], rows[8]["don_vi"] = rows[6]["ho_ten"], rows[6]["don_vi"]  # row 10: same name+unit as row 8
    rows[9]["dien_thoai"] = "0900000900"        # row 11: same phone as the delegate already imported
    rows[10]["email"] = rows[11]["email"] = "trung@quangngai.gov.vn"  # row 13: same e-mail as row 12
    response = _upload(client, ceremony, headers, to_csv(rows), "ds.csv")
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    found = {(e["row"], e["field"]) for e in errors}
    assert found == {(2, "full_name"), (3, "phone"), (4, "email"), (5, "category"), (6, "category"), (7, "vip"),
                     (9, "phone"), (10, "full_name"), (11, "phone"), (13, "email")}
    reasons = {(e["row"], e["field"]): e["reason"] for e in errors}
    assert reasons[(9, "phone")] == "same phone as row 8 of this file"
    assert reasons[(10, "full_name")] == "same name and unit as row 8 of this file"
    assert "already a delegate" in reasons[(11, "phone")]
    assert "commune" in reasons[(6, "category")]
    assert _count(db) == 1


def test_names_are_nfc_never_recased_and_headers_vietnamese_or_english(db, client, ceremony, api_headers):
    decomposed = "Nguye\u0302\u0303n thị HOA"
    csv_text = ("Họ và tên;Chức vụ;Đơn vị;Mã điểm cầu;Thành phần;Số điện thoại;E-mail;Khu vực;Ghế;VIP;Ghi chú\n"
                f"{decomposed};Phó Giám đốc;Sở Nội vụ;51;lanh-dao;+84 905 123 456;;A;12;có;x\n")
    response = _upload(client, ceremony, api_headers(), csv_text.encode(), "ds.csv")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["ignored_columns"] == ["Ghi chú"]
    person = db.session.scalar(sa.select(Person))
    assert person.full_name == "Nguyễn thị HOA" and person.full_name == "Nguy\u1ec5n thị HOA"
    assert person.phone == "0905123456" and person.organisation.name == "Sở Nội vụ"
    delegate = db.session.scalar(sa.select(Delegate))
    assert delegate.is_vip and delegate.zone == "A" and delegate.seat == "12" and delegate.category.code == "lanh-dao"

    english = to_xlsx([{"full_name": "Đinh Văn Bé", "title": "Chủ tịch", "unit": "UBND xã Phổ An",
                        "site_code": "21553", "category": "ubnd-xa", "phone": 912345678}],
                      headers=["full_name", "title", "unit", "site_code", "category", "phone"])
    response = _upload(client, ceremony, api_headers(), english, "list.xlsx")
    assert response.status_code == 201, response.get_json()
    assert db.session.scalar(sa.select(Person.phone).where(Person.full_name == "Đinh Văn Bé")) == "0912345678"


def test_missing_columns_and_unreadable_files_are_refused_with_the_field(client, ceremony, api_headers):
    headers = api_headers()
    response = _upload(client, ceremony, headers, "chuc_vu,don_vi\nA,B\n".encode(), "ds.csv")
    assert response.status_code == 422
    assert {(e["row"], e["field"]) for e in response.get_json()["errors"]} == {(1, "full_name"), (1, "site_code")}
    response = _upload(client, ceremony, headers, b"PK\x03\x04 not really a zip", "ds.xlsx")
    assert response.status_code == 422 and response.get_json()["field"] == "file"
    response = _upload(client, ceremony, headers, "ho_ten\n".encode("utf-16"), "ds.csv")
    assert response.status_code == 422 and response.get_json()["field"] == "file"
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", headers=headers, json={"row": []})
    assert response.status_code == 422 and response.get_json()["field"] == "rows"
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", headers=headers,
                           json={"rows": ["x"]})
    assert response.status_code == 422 and response.get_json()["field"] == "rows"
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import?dry_run=maybe", headers=headers,
                           json={"rows": []})
    assert response.status_code == 422 and "dry_run" in response.get_json()["message"]


def test_dry_run_checks_and_writes_nothing(db, client, ceremony, api_headers):
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import?dry_run=true", headers=api_headers(),
                           json={"rows": make_rows(20)})
    assert response.status_code == 200
    assert response.get_json()["rows"] == 20 and response.get_json()["created"] == 0
    assert _count(db) == 0


def test_only_organizers_import(client, ceremony, api_headers):
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", headers=api_headers("viewer"),
                           json={"rows": make_rows(1)})
    assert response.status_code == 403


def test_list_is_in_vietnamese_order_with_filters_and_paging(client, ceremony, api_headers):
    rows = [{"ho_ten": n, "ma_diem_cau": s, "don_vi": "UBND", "vip": v} for n, s, v in [
        ("Trần Văn Đức", "51", "x"), ("Lê Thị Dung", "51", ""), ("Phạm Em", "534", ""), ("Võ Ánh", "21550", "x"),
        ("Hồ An", "21550", ""), ("Bùi Ân", "534", ""), ("Lê Ăn", "522", "")]]
    assert client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", headers=api_headers(),
                       json={"rows": rows}).status_code == 201
    headers = api_headers("viewer")
    url = f"/api/v1/ceremonies/{ceremony.id}/delegates"
    body = client.get(url, headers=headers).get_json()
    assert [d["full_name"] for d in body["items"]] == ["Hồ An", "Võ Ánh", "Lê Ăn", "Bùi Ân", "Lê Thị Dung",
                                                       "Trần Văn Đức", "Phạm Em"]
    assert body["total"] == 7
    assert [d["full_name"] for d in client.get(f"{url}?site=534", headers=headers).get_json()["items"]] == \
        ["Bùi Ân", "Phạm Em"]
    assert [d["full_name"] for d in client.get(f"{url}?tier=commune", headers=headers).get_json()["items"]] == \
        ["Hồ An", "Võ Ánh"]
    assert [d["full_name"] for d in client.get(f"{url}?vip=true", headers=headers).get_json()["items"]] == \
        ["Võ Ánh", "Trần Văn Đức"]
    page = client.get(f"{url}?per_page=3&page=2", headers=headers).get_json()
    assert [d["full_name"] for d in page["items"]] == ["Bùi Ân", "Lê Thị Dung", "Trần Văn Đức"]
    item = page["items"][0]
    assert item["site"]["code"] == "534" and item["unit"] == "UBND" and item["category"] is None
    operator = api_headers("operator", site_codes=("534",))
    names = [d["full_name"] for d in client.get(url, headers=operator).get_json()["items"]]
    assert names == ["Hồ An", "Võ Ánh", "Bùi Ân", "Phạm Em"]  # Đức Phổ and its communes only
    for query, field in [("site=zzz", "site"), ("tier=village", "tier"), ("order=random", "order"),
                         ("per_page=0", "per_page")]:
        response = client.get(f"{url}?{query}", headers=headers)
        assert response.status_code in (404, 422) and field in response.get_json()["message"] + \
            response.get_json().get("field", "")


def test_a_title_above_the_header_line_is_skipped_and_rows_keep_their_numbers(db, client, ceremony, api_headers):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"])
    sheet.append(["DANH SÁCH ĐẠI BIỂU DỰ LỄ KHAI TRƯƠNG"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Mã điểm cầu", "Điện thoại"])
    sheet.append([1, "Phan Thị Ý Nhi", "Bí thư", "Huyện đoàn Lý Sơn", "536", "0912 345 678"])
    sheet.append([2, "Trương Văn Lực", "Phó Bí thư", "Huyện đoàn Lý Sơn", "537", "0912 345 679"])
    out = io.BytesIO()
    book.save(out)
    response = _upload(client, ceremony, api_headers(), out.getvalue(), "ds.xlsx")
    assert response.status_code == 422
    assert [(e["row"], e["field"]) for e in response.get_json()["errors"]] == [(6, "site_code")]
    assert _count(db) == 0
