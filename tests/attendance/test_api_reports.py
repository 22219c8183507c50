"""getAttendanceReportPdf / getAttendanceReportXlsx: the page's reports through the API."""
import io

import openpyxl
from pypdf import PdfReader


def test_attendance_reports_download_for_the_ceremony_and_one_point(client, db, invited, api_headers):
    headers = api_headers("organizer")
    base = f"/api/v1/ceremonies/{invited.ceremony.id}/attendance"
    client.post(f"/api/v1/ceremonies/{invited.ceremony.id}/checkins", headers=headers,
                json={"text": invited.token(0), "gate": "A", "device": "g1", "nonce": "1"})
    pdf = client.get(f"{base}/report.pdf", headers=api_headers("viewer"))
    assert pdf.status_code == 200
    assert "Nguyễn Thị Ánh Tuyết" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    site = invited.sites["534"]
    xlsx = client.get(f"{base}/report.xlsx?site={site.id}", headers=headers)
    assert xlsx.status_code == 200 and f"-{site.code}.xlsx" in xlsx.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    names = [c.value for s in book.worksheets for row in s.iter_rows() for c in row]
    assert "Võ Minh Quân" in names and "Nguyễn Thị Ánh Tuyết" not in names
    assert client.get(f"{base}/report.xlsx?site=999999", headers=headers).status_code == 404
    assert client.get(f"{base}/report.pdf", headers=api_headers("checker")).status_code == 403
