"""Uploads cannot exhaust a worker: body size, rows read, XLSX inflation, cell size, NUL, time budget.
Each refusal says why in Vietnamese and keeps nothing."""
import io
import zipfile

import pytest
from openpyxl import Workbook

from ceremony.core import uploads
from ceremony.delegates.models import Delegate
from tests.delegates.conftest import HEADERS, make_rows, to_csv, to_xlsx


def _import(client, ceremony, headers, data: bytes, name: str):
    return client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", headers=headers,
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _refused(response, db, status=422, words=()):
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    message = response.get_json()["message"]
    for word in words:
        assert word in message, message
    assert db.session.query(Delegate).count() == 0
    return message


def test_the_default_request_limit_is_set(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 10 * 1024 * 1024


def test_a_body_over_the_limit_is_413_in_vietnamese(app, client, db, ceremony, api_headers, login):
    # a delegate list has a limit of its own (national lists: MAX_LIST_LENGTH, 100 MiB by default)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_LIST_LENGTH"] = 64 * 1024
    big = to_csv(make_rows(1500))
    assert len(big) > 64 * 1024
    _refused(_import(client, ceremony, api_headers(), big, "list.csv"), db, 413, ["quá lớn", "0.1 MB"])
    login("organizer")
    page = client.post(f"/ceremonies/{ceremony.id}/delegates/import",
                       data={"file": (io.BytesIO(big), "list.csv")}, content_type="multipart/form-data")
    assert page.status_code == 413 and "quá lớn" in page.get_data(as_text=True)


def test_program_media_may_be_larger(app, client, db, ceremony, login):
    from ceremony.program.operations import create_segment

    segment = create_segment(ceremony, title="Phim giới thiệu")
    db.session.commit()
    app.config["MAX_CONTENT_LENGTH"] = 1024
    login("organizer")
    response = client.post(f"/ceremonies/{ceremony.id}/program/segments/{segment.id}/media",
                           data={"media": (io.BytesIO(b"x" * 5000), "clip.mp4")}, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.refresh(segment)
    assert segment.media_file


def _refused_by_job(response, db, words=()):
    """A list too big for a request goes to a job (202), whose check refuses it whole."""
    assert response.status_code == 202, response.get_data(as_text=True)[:400]
    job = response.get_json()
    assert job["status"] == "refused" and job["created"] == 0, job
    for word in words:
        assert word in job["message"], job["message"]
    assert db.session.query(Delegate).count() == 0


def test_blank_csv_lines_count(app, client, db, ceremony, api_headers):
    app.config["DELEGATE_JOB_MAX_ROWS"] = 5_000  # a job reads at most 15,000 lines then, blank ones included
    data = ("ho_ten,ma_diem_cau\n" + "\n" * 30_000 + "Lê Ỷ,534\n").encode()
    _refused_by_job(_import(client, ceremony, api_headers(), data, "blank.csv"), db, ["15000", "dòng trống"])


def test_blank_xlsx_rows_count(app, client, db, ceremony, api_headers):
    app.config["DELEGATE_JOB_MAX_ROWS"] = 5_000
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["ho_ten", "ma_diem_cau"])
    for _ in range(30_000):
        sheet.append([" "])
    out = io.BytesIO()
    book.save(out)
    _refused_by_job(_import(client, ceremony, api_headers(), out.getvalue(), "blank.xlsx"), db, ["15000"])


def test_an_xlsx_that_inflates_hugely_is_refused_before_reading(client, db, ceremony, api_headers, monkeypatch):
    # openpyxl caps what it writes, so the hostile sheet is written by hand: one 30 MB cell.
    source = io.BytesIO(to_xlsx(make_rows(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="3"><c r="A3" t="inlineStr"><is><t>'
                                    + b"A" * 30_000_000 + b"</t></is></c></row></sheetData>")
            bomb.writestr(item, data)
    assert len(out.getvalue()) < 100_000
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("openpyxl must not be reached"))
    _refused(_import(client, ceremony, api_headers(), out.getvalue(), "bomb.xlsx"), db, 422, ["XLSX", "MB"])


def test_a_huge_cell_is_refused_naming_row_and_column(client, db, ceremony, api_headers):
    rows = make_rows(3)
    rows[1]["chuc_vu"] = "B" * 5000
    message = _refused(_import(client, ceremony, api_headers(), to_xlsx(rows), "long.xlsx"), db, 422)
    assert "Dòng 3, cột B" in message and "5000" in message
    rows[1]["chuc_vu"] = "C" * 140_000  # past the csv module's own field limit: was a 500
    _refused(_import(client, ceremony, api_headers(), to_csv(rows), "long.csv"), db, 422, ["dòng 3"])


def test_a_nul_in_an_imported_cell_names_row_and_column(client, db, ceremony, api_headers):
    rows = make_rows(3)
    rows[2]["don_vi"] = "UBND\x00xã"
    message = _refused(_import(client, ceremony, api_headers(), to_csv(rows), "nul.csv"), db, 422, ["NUL"])
    assert f"cột {chr(ord('A') + HEADERS.index('don_vi'))}" in message and "Dòng 4" in message


def test_an_import_has_a_time_budget(client, db, ceremony, api_headers, monkeypatch):
    ticks = iter(range(0, 10**6, 100))
    monkeypatch.setattr(uploads, "clock", lambda: next(ticks))  # every look at the clock: 100 s later
    _refused(_import(client, ceremony, api_headers(), to_csv(make_rows(600)), "slow.csv"), db, 422, ["30 giây"])


def test_limits_are_configurable(app, client, db, ceremony, api_headers):
    app.config["IMPORT_MAX_LINES"] = 10
    _refused(_import(client, ceremony, api_headers(), to_csv(make_rows(20)), "list.csv"), db, 422, ["10"])
    app.config["IMPORT_MAX_LINES"] = 25_000
    assert _import(client, ceremony, api_headers(), to_csv(make_rows(20)), "list.csv").status_code == 201
