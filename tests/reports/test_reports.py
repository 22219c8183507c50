"""Unit reports: files checked by their bytes, stored behind the storage interface, reviewed by the
province; the API (multipart) and the unit's own link."""
import io
import zipfile
from datetime import datetime, timezone

import pytest

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.storage import LocalStorage, get_storage
from ceremony.reports import files
from ceremony.reports.access import unit_token
from ceremony.reports.operations import (create_request, create_unit, ensure_site_units, review_report,
                                         submit_report)
from ceremony.reports.queries import expected_units, standings

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ooxml(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return out.getvalue()


DOCX, XLSX = _ooxml("word/document.xml"), _ooxml("xl/workbook.xml")


@pytest.fixture
def request_2024(db, movement):
    ensure_site_units(movement)
    create_unit(movement, kind="sector", name="Tỉnh đoàn Quảng Ngãi", email="tinhdoan@quangngai.gov.vn")
    req = create_request(movement, code="bao-cao-truyen-thong", title="Báo cáo kết quả công tác truyền thông",
                         unit_kinds=["district", "commune", "sector"], due_offset_minutes=14 * 24 * 60)
    db.session.commit()
    return req


def test_files_are_recognised_by_their_bytes():
    assert files.sniff(PDF) == "pdf" and files.sniff(DOCX) == "docx" and files.sniff(XLSX) == "xlsx"
    assert files.sniff(b"MZ\x90\x00 an exe renamed .pdf") is None
    assert files.sniff(b"PK\x03\x04 broken zip") is None
    assert files.sniff(_ooxml("ppt/presentation.xml")) is None
    with pytest.raises(InvalidInput) as caught:
        files.check("bao-cao.pdf", b"MZ not a pdf")
    assert "bao-cao.pdf" in caught.value.message and "PDF, DOCX" in caught.value.message
    with pytest.raises(InvalidInput):
        files.check("big.pdf", b"%PDF-" + b"0" * files.MAX_BYTES)
    assert files.safe_filename("C:\\Users\\x\\Báo cáo \"cuối\".PDF", "pdf") == "Báo cáo cuối.pdf"


def test_storage_refuses_keys_outside_its_root(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.put("reports/1/a.pdf", b"x")
    assert storage.get("reports/1/a.pdf") == b"x"
    for key in ("../etc/passwd", "/abs", "a/../../b", ""):
        with pytest.raises(ValueError):
            storage.put(key, b"x")


def test_submit_review_resubmit(app, db, movement, request_2024, clock):
    clock.set(datetime(2023, 7, 30, 2, 0, tzinfo=timezone.utc))
    unit = next(u for u in expected_units(request_2024) if u.name == "Tỉnh đoàn Quảng Ngãi")
    report = submit_report(request_2024, unit, text="Ra quân 120 đoàn viên.", uploads=[("kq.pdf", PDF), ("so-lieu.xlsx", XLSX)],
                           submitted_by="tinhdoan")
    db.session.commit()
    assert [(f.filename, f.kind, f.size) for f in report.files] == [("kq.pdf", "pdf", len(PDF)),
                                                                    ("so-lieu.xlsx", "xlsx", len(XLSX))]
    assert get_storage().get(report.files[0].storage_key) == PDF
    assert app.instance_path in str(get_storage().root)
    with pytest.raises(InvalidInput) as caught:
        review_report(report, decision="return", comment=" ")
    assert caught.value.field == "comment"
    review_report(report, decision="return", comment="Bổ sung số liệu theo xã.", reviewed_by="org")
    db.session.commit()
    assert standings(request_2024, {unit.id})[0].state == "returned"
    # A bad file in a resubmission changes nothing.
    with pytest.raises(InvalidInput):
        submit_report(request_2024, unit, text="v2", uploads=[("bs.docx", DOCX), ("virus.pdf", b"MZ")])
    db.session.rollback()
    assert len(report.files) == 2 and report.text == "Ra quân 120 đoàn viên."
    submit_report(request_2024, unit, text="v2", uploads=[("bs.docx", DOCX)])
    review_report(report, decision="accept", reviewed_by="org")
    db.session.commit()
    assert standings(request_2024, {unit.id})[0].state == "accepted" and len(report.files) == 3
    with pytest.raises(Conflict):
        submit_report(request_2024, unit, text="v3")
    commune = next(u for u in expected_units(request_2024) if u.kind.value == "commune")
    with pytest.raises(InvalidInput):
        submit_report(request_2024, commune, text="")


def test_department_not_asked_is_refused(db, movement, request_2024):
    department = create_unit(movement, kind="department", name="Sở Nội vụ")
    with pytest.raises(InvalidInput) as caught:
        submit_report(request_2024, department, text="x")
    assert caught.value.field == "unit"


def test_api_multipart_submit_review_download(client, db, movement, request_2024, api_headers, clock):
    clock.set(datetime(2023, 8, 20, 2, 0, tzinfo=timezone.utc))  # after the due date: late
    district = next(u for u in expected_units(request_2024) if u.name == "UBND thị xã Đức Phổ")
    operator = api_headers("operator", site_codes=("534",))
    other = api_headers("operator", site_codes=("522",))
    url = f"/api/v1/ceremonies/{movement.id}/unit-reports/{request_2024.id}/units/{district.id}"
    data = {"text": "Đức Phổ đã triển khai.", "files": [(io.BytesIO(PDF), "bc.pdf"), (io.BytesIO(b"GIF89a"), "anh.pdf")]}
    response = client.post(url, data=data, headers=other, content_type="multipart/form-data")
    assert response.status_code == 403
    response = client.post(url, data={"text": "x", "files": [(io.BytesIO(b"GIF89a"), "anh.pdf")]}, headers=operator,
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "anh.pdf" in response.get_json()["message"]
    response = client.post(url, data={"text": "Đức Phổ đã triển khai.", "files": [(io.BytesIO(PDF), "bc.pdf")]},
                           headers=operator, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["is_late"] is True and body["status"] == "submitted" and body["files"][0]["kind"] == "pdf"
    organizer = api_headers("organizer")
    review = client.post(f"/api/v1/ceremonies/{movement.id}/unit-reports/reports/{body['id']}/review",
                         json={"decision": "return", "comment": "Thiếu số liệu"}, headers=organizer)
    assert review.status_code == 200 and review.get_json()["status"] == "returned"
    again = client.post(f"/api/v1/ceremonies/{movement.id}/unit-reports/reports/{body['id']}/review",
                        json={"decision": "accept"}, headers=organizer)
    assert again.status_code == 409
    download = client.get(f"/api/v1/ceremonies/{movement.id}/unit-reports/files/{body['files'][0]['id']}",
                          headers=organizer)
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
    listing = client.get(f"/api/v1/ceremonies/{movement.id}/unit-reports", headers=organizer).get_json()
    states = {s["unit"]["name"]: s["state"] for s in listing[0]["standings"]}
    assert states["UBND thị xã Đức Phổ"] == "returned" and states["Tỉnh đoàn Quảng Ngãi"] == "overdue"


def test_the_unit_link_files_a_report_without_an_account(client, db, movement, request_2024, clock):
    clock.set(datetime(2023, 7, 30, 2, 0, tzinfo=timezone.utc))
    unit = next(u for u in expected_units(request_2024) if u.name == "Tỉnh đoàn Quảng Ngãi")
    token = unit_token(unit)
    db.session.commit()
    home = client.get(f"/u/{token}").get_data(as_text=True)
    assert "Báo cáo kết quả công tác truyền thông" in home
    client.get(f"/u/{token}/{request_2024.id}")
    import re
    page = client.get(f"/u/{token}/{request_2024.id}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/u/{token}/{request_2024.id}", data={"csrf_token": csrf, "text": "Đã ra quân.",
                                                                  "files": [(io.BytesIO(DOCX), "kq.docx")]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert standings(request_2024, {unit.id})[0].report.files[0].kind == "docx"
    assert client.get(f"/u/{token}x").status_code == 401
