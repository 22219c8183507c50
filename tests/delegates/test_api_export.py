"""exportDelegates: the page's XLSX export through the API, filtered, no cell a formula."""
import io

import openpyxl

from tests.delegates.helpers import load_people


def test_export_filters_like_the_list_and_writes_no_formula(client, db, ceremony, api_headers):
    load_people(ceremony.id, [("=HYPERLINK(\"http://x\")", "Giám đốc", "Sở", "51", "lanh-dao", "", "", False),
                              ("Lê Ỷ", "Chủ tịch UBND", "UBND thị xã Đức Phổ", "534", "ubnd-huyen", "", "", True)])
    db.session.commit()
    headers = api_headers("viewer")
    whole = client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates/export.xlsx", headers=headers)
    assert whole.status_code == 200 and whole.mimetype.endswith("spreadsheetml.sheet")
    sheet = openpyxl.load_workbook(io.BytesIO(whole.data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Lê Ỷ" in [c.value for c in cells]
    (trap,) = [c for c in cells if "HYPERLINK" in str(c.value)]
    # text, never a formula: the spreadsheet's own "this is text" apostrophe (core/spreadsheet.py)
    assert trap.data_type == "s" and trap.value == '\'=HYPERLINK("http://x")'
    only_vip = client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates/export.xlsx?vip=true&site=534",
                          headers=headers)
    names = [c.value for row in openpyxl.load_workbook(io.BytesIO(only_vip.data)).active.iter_rows() for c in row]
    assert "Lê Ỷ" in names and not any(isinstance(n, str) and "HYPERLINK" in n for n in names)
    assert client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates/export.xlsx?tier=moon",
                      headers=headers).status_code == 422
    assert client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates/export.xlsx",
                      headers=api_headers("checker")).status_code == 403
