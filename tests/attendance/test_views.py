"""Attendance pages: the scanner, the live board, the roll call of remote points, the reports."""
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ceremony.attendance.operations import redeem_checkin


def test_scanner_page_is_for_gate_staff(client, invited, login):
    login("viewer")
    assert client.get(f"/ceremonies/{invited.ceremony.id}/attendance/scan").status_code == 403
    client.post("/logout")
    login("checker")
    page = client.get(f"/ceremonies/{invited.ceremony.id}/attendance/scan")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Quét mã tại cổng" in html and 'id="video"' in html and "vendor/jsQR.js" in html
    assert f"/api/v1/ceremonies/{invited.ceremony.id}/checkins" in html


def test_board_shows_counts_and_conflicts(db, client, invited, login):
    redeem_checkin(invited.ceremony, invited.token(0), "Cổng A", "d1", "n1")
    redeem_checkin(invited.ceremony, invited.token(1), "Cổng B", "d2", "n2", offline=True, local_result="not_invited")
    db.session.commit()
    login("organizer")
    html = client.get(f"/ceremonies/{invited.ceremony.id}/attendance").get_data(as_text=True)
    assert '<span data-count="present">2</span> / <span data-count="invited">7</span>' in html
    assert '<dd data-count="conflicts">1</dd>' in html
    assert "Trần Đức Thắng" in html  # the conflict is listed by name
    assert "tham dự <strong>0</strong>" in html and "chưa trả lời <strong>7</strong>" in html


def test_operator_rolls_call_for_own_point_only(db, client, invited, login):
    login("operator", site_codes=["534"])
    ceremony_id, duc_pho = invited.ceremony.id, invited.sites["534"].id
    points = client.get(f"/ceremonies/{ceremony_id}/attendance/points").get_data(as_text=True)
    assert "Thị xã Đức Phổ" in points and "Xã Phổ An" in points and "Huyện Lý Sơn" not in points
    roster = client.get(f"/ceremonies/{ceremony_id}/attendance/points/{duc_pho}").get_data(as_text=True)
    assert "Võ Minh Quân" in roster and "Nguyễn Thị Ánh Tuyết" not in roster
    response = client.post(f"/ceremonies/{ceremony_id}/attendance/points/{duc_pho}/present",
                           data={"delegate_id": invited.remote[0].id})
    assert response.status_code == 302
    roster = client.get(f"/ceremonies/{ceremony_id}/attendance/points/{duc_pho}").get_data(as_text=True)
    assert '<strong data-count="present">1</strong> / 2' in roster
    client.post(f"/ceremonies/{ceremony_id}/attendance/points/{duc_pho}/headcount", data={"count": "57"})
    assert "57" in client.get(f"/ceremonies/{ceremony_id}/attendance/points/{duc_pho}").get_data(as_text=True)
    ly_son = invited.sites["536"].id
    assert client.get(f"/ceremonies/{ceremony_id}/attendance/points/{ly_son}").status_code == 403
    assert client.post(f"/ceremonies/{ceremony_id}/attendance/points/{ly_son}/headcount",
                       data={"count": "5"}).status_code == 403
    # A delegate of another point, posted through one's own point, is refused too.
    assert client.post(f"/ceremonies/{ceremony_id}/attendance/points/{duc_pho}/present",
                       data={"delegate_id": invited.delegates[0].id}).status_code == 403


@pytest.mark.parametrize("scope", ["all", "venue"])
def test_reports_read_back_with_vietnamese_names(db, client, invited, login, clock, scope):
    clock.set(invited.ceremony.starts_at.replace(hour=0, minute=50))
    redeem_checkin(invited.ceremony, invited.token(0), "Cổng A", "d1", "n1")
    clock.set(invited.ceremony.starts_at.replace(minute=20))
    redeem_checkin(invited.ceremony, invited.token(1), "Cổng B", "d1", "n2")
    db.session.commit()
    login("organizer")
    query = "" if scope == "all" else f"?site={invited.sites['51'].id}"
    pdf = client.get(f"/ceremonies/{invited.ceremony.id}/attendance/report.pdf{query}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "BÁO CÁO ĐIỂM DANH ĐẠI BIỂU" in text
    assert "Nguyễn Thị Ánh Tuyết" in text and "Phạm Thị Ngọc Hà" in text
    assert "Đến muộn (Phát biểu khai mạc)" in text
    xlsx = client.get(f"/ceremonies/{invited.ceremony.id}/attendance/report.xlsx{query}")
    book = load_workbook(io.BytesIO(xlsx.data))
    rows = list(book["Đại biểu"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == (7 if scope == "all" else 4)
    present = {r[0]: r[7] for r in rows}
    assert present["Nguyễn Thị Ánh Tuyết"] == "Có" and present["Lê Văn Hải"] == "Vắng"
    late = next(r for r in rows if r[0] == "Trần Đức Thắng")
    assert late[9] == "Cổng B" and late[10] == "Có" and late[11] == "Phát biểu khai mạc"
    assert late[8].hour == 8 and late[8].minute == 20  # Vietnam time
