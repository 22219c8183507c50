"""An office's own XLSX (merged title rows, STT, Vietnamese headers, no point column) imported into
one commune of the 2025 two-tier network, through the page and the API."""
import io

import sqlalchemy as sa
from openpyxl import Workbook

from ceremony.delegates.headers import field_for, is_header
from ceremony.delegates.importing import read_table
from ceremony.delegates.models import Delegate
from tests.two_tier import CAM_THANH, DUC_PHO, site, two_tier_ceremony

HEADER = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Số điện thoại", "Email", "Giới tính", "Thành phần", "Ghi chú"]
PEOPLE = [
    ("Nguyễn Văn Hùng", "Chủ tịch UBND", "UBND phường Đức Phổ", "0905111001", "", "Nam", "Lãnh đạo UBND xã, phường"),
    ("Trần Thị Lan", "Phó Chủ tịch UBND", "UBND phường Đức Phổ", "0905 111 002", "lan@ducpho.gov.vn", "Nữ", "ubnd-xa"),
    ("Phạm Minh Tuấn", "Công chức Văn phòng - Thống kê", "UBND phường Đức Phổ", "905111003", "", "nam", ""),
]


def office_xlsx(people=PEOPLE, header=HEADER, title="DANH SÁCH ĐẠI BIỂU DỰ LỄ PHÁT ĐỘNG TẠI ĐIỂM CẦU PHƯỜNG ĐỨC PHỔ") -> bytes:
    """Two merged title rows, a blank row, the header on row 4, data from row 5."""
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "ỦY BAN NHÂN DÂN PHƯỜNG ĐỨC PHỔ"
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A2"] = title
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    sheet.append([])
    sheet.append(header)
    for number, person in enumerate(people, start=1):
        sheet.append([number, *person])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_headers_fold_accents_case_and_spacing_and_stt_is_skipped():
    assert field_for("  HỌ VÀ  TÊN ") == "full_name" and field_for("Ho va ten") == "full_name"
    assert field_for("Số điện\nthoại liên hệ") == "phone" and field_for("SĐT") == "phone"
    assert field_for("Chức vụ") == "title" and field_for("Đơn vị công tác") == "unit"
    assert field_for("Thành phần") == "category" and field_for("Giới tính") == "gender"
    assert field_for("STT") == "_skip" and field_for("Ghi chú") is None
    assert field_for("Tên đơn vị") == "unit"  # not the name: "ten" alone never takes a longer header
    assert not is_header(["DANH SÁCH ĐẠI BIỂU", None, None])
    assert is_header(["STT", "Họ và tên", "Chức vụ"])


def test_reading_finds_the_header_below_merged_titles_with_real_row_numbers():
    table = read_table("ds.xlsx", office_xlsx())
    assert table.header_row == 4
    assert [number for number, _values in table.rows] == [5, 6, 7]
    taken = {c["field"]: (c["column"], c["header"]) for c in table.columns}
    assert taken == {"full_name": ("B", "Họ và tên"), "title": ("C", "Chức vụ"), "unit": ("D", "Đơn vị"),
                     "phone": ("E", "Số điện thoại"), "email": ("F", "Email"), "gender": ("G", "Giới tính"),
                     "category": ("H", "Thành phần")}
    assert table.skipped_columns == ["STT"] and table.ignored_columns == ["Ghi chú"]


def _post(client, ceremony, data, site_id=""):
    return client.post(f"/ceremonies/{ceremony.id}/delegates/import",
                       data={"file": (io.BytesIO(data), "ds-duc-pho.xlsx"), "site": str(site_id)},
                       content_type="multipart/form-data")


def test_page_imports_an_office_list_into_one_commune_of_the_2025_network(db, client, login):
    ceremony = two_tier_ceremony()
    duc_pho = site(ceremony, DUC_PHO)
    login("organizer")
    page = client.get(f"/ceremonies/{ceremony.id}/delegates/import").get_data(as_text=True)
    assert f'value="{duc_pho.id}"' in page and "Phường Đức Phổ (21439)" in page
    # Without a point the file is refused on its header row (4), naming the point column it lacks.
    response = _post(client, ceremony, office_xlsx())
    assert response.status_code == 422
    assert 'data-row="4" data-field="site_code"' in response.get_data(as_text=True)
    # A bad phone on the third person: the error names spreadsheet row 7; nothing is written.
    bad = [PEOPLE[0], PEOPLE[1], PEOPLE[2][:3] + ("12345",) + PEOPLE[2][4:]]
    response = _post(client, ceremony, office_xlsx(bad), duc_pho.id)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-row="7" data-field="phone"' in html and "Dòng 7" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)) == 0
    # The good file: the preview says which column fed which field and the point of every row.
    response = _post(client, ceremony, office_xlsx(), duc_pho.id)
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:3000]
    assert 'data-field="full_name" data-column="B"' in html and 'data-field="phone" data-column="E"' in html
    assert f'data-site="{DUC_PHO}"' in html and "Ghi chú" in html
    key = html.split('name="key" type="hidden" value="')[1].split('"')[0]
    assert client.post(f"/ceremonies/{ceremony.id}/delegates/import/confirm", data={"key": key}).status_code == 302
    delegates = list(db.session.scalars(sa.select(Delegate).order_by(Delegate.id)))
    assert [(d.person.full_name, d.site.code) for d in delegates] == [(p[0], DUC_PHO) for p in PEOPLE]
    assert [d.category.code if d.category else None for d in delegates] == ["ubnd-xa", "ubnd-xa", None]
    assert [d.person.phone for d in delegates] == ["0905111001", "0905111002", "0905111003"]
    assert [d.person.gender for d in delegates] == ["M", "F", "M"]


def test_api_imports_the_same_office_list_with_a_site_and_reports_the_columns(db, client, api_headers):
    ceremony = two_tier_ceremony()
    headers = api_headers()
    url = f"/api/v1/ceremonies/{ceremony.id}/delegates/import"

    def post(data, query):
        return client.post(url + query, data={"file": (io.BytesIO(data), "ds.xlsx")}, headers=headers,
                           content_type="multipart/form-data")

    response = post(office_xlsx(), "?dry_run=1")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["row"] == 4 and response.get_json()["errors"][0]["field"] == "site_code"
    bad = [PEOPLE[0], ("", "Phó Chủ tịch", "UBND", "", "", "", ""), PEOPLE[2]]
    response = post(office_xlsx(bad), f"?site={DUC_PHO}")
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"row": 6, "field": "full_name", "reason": "required",
                                              "code": "required", "params": {}}]
    response = post(office_xlsx(), f"?site={DUC_PHO}&dry_run=1")
    body = response.get_json()
    assert response.status_code == 200 and body["rows"] == 3 and body["created"] == 0
    assert body["header_row"] == 4 and body["site"]["code"] == DUC_PHO and body["skipped_columns"] == ["STT"]
    assert {c["field"]: c["column"] for c in body["columns"]}["full_name"] == "B"
    response = post(office_xlsx(), f"?site={DUC_PHO}")
    assert response.status_code == 201 and response.get_json()["created"] == 3
    assert {d.site.code for d in db.session.scalars(sa.select(Delegate))} == {DUC_PHO}
    assert post(office_xlsx(), "?site=99999").status_code == 404


def test_a_point_named_in_a_column_by_its_name_or_code(db, client, api_headers):
    ceremony = two_tier_ceremony()
    header = ["STT", "Họ và tên", "Chức vụ", "Điểm cầu"]
    people = [("Võ Văn An", "Chủ tịch UBND", "Phường Đức Phổ"), ("Lê Thị Bình", "Bí thư", "cẩm thành"),
              ("Hồ Văn Cường", "Chủ tịch UBND", DUC_PHO), ("Đỗ Thị Dung", "Phó Chủ tịch", "Phường Không Có")]
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import?dry_run=1",
                           data={"file": (io.BytesIO(office_xlsx(people, header)), "ds.xlsx")},
                           headers=api_headers(), content_type="multipart/form-data")
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert [(e["row"], e["field"], e["code"]) for e in errors] == [(8, "site_name", "unknown_site")]
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import",
                           data={"file": (io.BytesIO(office_xlsx(people[:3], header)), "ds.xlsx")},
                           headers=api_headers(), content_type="multipart/form-data")
    assert response.status_code == 201
    codes = [d.site.code for d in db.session.scalars(sa.select(Delegate).order_by(Delegate.id))]
    assert codes == [DUC_PHO, CAM_THANH, DUC_PHO]


def test_a_point_column_must_agree_with_the_point_chosen_for_the_file(db, client, api_headers):
    ceremony = two_tier_ceremony()
    header = ["STT", "Họ và tên", "Điểm cầu"]
    people = [("Võ Văn An", "Phường Đức Phổ"), ("Lê Thị Bình", "Phường Cẩm Thành"), ("Hồ Văn Cường", "")]
    url = f"/api/v1/ceremonies/{ceremony.id}/delegates/import?site={DUC_PHO}"
    response = client.post(url, data={"file": (io.BytesIO(office_xlsx(people, header)), "ds.xlsx")},
                           headers=api_headers(), content_type="multipart/form-data")
    assert response.status_code == 422
    assert [(e["row"], e["code"]) for e in response.get_json()["errors"]] == [(6, "other_site")]
    assert "phường Đức Phổ" in response.get_json()["errors"][0]["reason"]


def test_json_rows_take_the_point_of_the_body(db, client, api_headers):
    ceremony = two_tier_ceremony()
    rows = [{"Họ và tên": "Võ Văn An", "Chức vụ": "Chủ tịch UBND", "STT": 1}]
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import",
                           json={"rows": rows, "site": DUC_PHO}, headers=api_headers())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["site"]["code"] == DUC_PHO and response.get_json()["ignored_columns"] == []
    assert db.session.scalar(sa.select(Delegate)).site.code == DUC_PHO
