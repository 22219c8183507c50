"""Attendance of a two-tier ceremony (2025 network): counts and reports have no district level."""
import io
from datetime import timedelta

from openpyxl import load_workbook
from pypdf import PdfReader

from ceremony.attendance.operations import redeem_checkin
from tests.two_tier import DUC_PHO, PEOPLE, invite, site, two_tier_ceremony


def test_counts_and_reports_go_province_then_communes(db, client, clock, api_headers, login):
    ceremony = two_tier_ceremony()
    invited = invite(ceremony, PEOPLE)
    clock.set(ceremony.starts_at - timedelta(minutes=10))
    redeem_checkin(ceremony, invited[0][1].token, "Cổng A", "d1", "n1")
    redeem_checkin(ceremony, invited[1][1].token, "Điểm cầu Đức Phổ", "d2", "n2")
    db.session.commit()
    counts = client.get(f"/api/v1/ceremonies/{ceremony.id}/attendance", headers=api_headers("viewer")).get_json()
    assert counts["by_tier"] == [{"tier": "province", "invited": 1, "present": 1},
                                 {"tier": "commune", "invited": 2, "present": 1}]
    login("organizer")
    html = client.get(f"/ceremonies/{ceremony.id}/attendance?lang=en").get_data(as_text=True)
    assert 'data-tier-present="district"' not in html and 'data-tier-present="commune">1<' in html
    pdf = client.get(f"/ceremonies/{ceremony.id}/attendance/report.pdf")
    assert pdf.status_code == 200
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Cấp xã 2 1" in text and "Cấp huyện" not in text
    assert "Phường Đức Phổ" in text and "Đặc khu Lý Sơn" in text
    book = load_workbook(io.BytesIO(client.get(f"/ceremonies/{ceremony.id}/attendance/report.xlsx").data))
    rows = {r[0]: r for r in book["Tổng hợp"].iter_rows(min_row=6, values_only=True) if r[0]}
    assert rows[DUC_PHO][1:5] == ("Phường Đức Phổ", "Cấp xã", 1, 1)
    assert rows["51"][2] == "Cấp tỉnh"
    # One commune's own report.
    query = f"?site={site(ceremony, DUC_PHO).id}"
    book = load_workbook(io.BytesIO(client.get(f"/ceremonies/{ceremony.id}/attendance/report.xlsx{query}").data))
    assert [r[0] for r in book["Đại biểu"].iter_rows(min_row=2, values_only=True)] == ["Võ Minh Quân"]
