"""The final attendance report as PDF (Vietnamese, with the shipped fonts): a pure function."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ceremony.attendance.report import TIER_NAMES, ReportData
from ceremony.core.pdf import register_fonts
from ceremony.core.time import local
from ceremony.core.wording import in_sentence

TITLE = ParagraphStyle("title", fontName="Serif-Bold", fontSize=14, leading=18, alignment=1, spaceAfter=4)
SUB = ParagraphStyle("sub", fontName="Serif", fontSize=11, leading=14, alignment=1)
H2 = ParagraphStyle("h2", fontName="Serif-Bold", fontSize=12, leading=15, spaceBefore=8, spaceAfter=4)
CELL = ParagraphStyle("cell", fontName="Serif", fontSize=9, leading=11)
GRID = TableStyle([("FONTNAME", (0, 0), (-1, -1), "Serif"), ("FONTSIZE", (0, 0), (-1, -1), 9),
                   ("FONTNAME", (0, 0), (-1, 0), "Serif-Bold"), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")), ("VALIGN", (0, 0), (-1, -1), "TOP")])


def _time(value) -> str:
    return local(value).strftime("%H:%M %d/%m/%Y") if value else ""


def _rate(present: int, invited: int) -> str:
    return f"{100 * present / invited:.0f}%" if invited else "–"


def _p(text: str) -> Paragraph:
    return Paragraph((text or "").replace("&", "&amp;").replace("<", "&lt;"), CELL)


def attendance_pdf(data: ReportData) -> bytes:
    """The report of one point (``data.site``) or of the whole ceremony, as PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title="Báo cáo điểm danh đại biểu")
    scope = data.scope
    story = [Paragraph("BÁO CÁO ĐIỂM DANH ĐẠI BIỂU", TITLE), Paragraph(data.ceremony.title, SUB),
             Paragraph(f"Điểm cầu: {in_sentence(data.site.name)}" if data.site else "Toàn bộ các điểm cầu", SUB),
             Paragraph(f"Lập lúc {_time(data.generated_at)}", SUB), Spacer(1, 6 * mm)]
    totals = [["Đại biểu mời", "Có mặt", "Tỉ lệ", "Đến muộn", "Đại biểu VIP có mặt", "Số người báo cáo"],
              [scope["invited"], scope["present"], _rate(scope["present"], scope["invited"]), scope["late"],
               f"{scope['vip_present']}/{scope['vip_invited']}",
               "" if scope["headcount"] is None else scope["headcount"]]]
    story += [Paragraph("Tổng hợp", H2), Table(totals, style=GRID, hAlign="LEFT")]
    if data.site is None:
        tiers = [["Cấp", "Mời", "Có mặt", "Tỉ lệ"]] + [
            [TIER_NAMES.get(t["tier"], t["tier"]), t["invited"], t["present"], _rate(t["present"], t["invited"])]
            for t in data.counts["by_tier"]]
        story += [Paragraph("Theo cấp điểm cầu", H2), Table(tiers, style=GRID, hAlign="LEFT")]
        categories = [["Thành phần", "Mời", "Có mặt"]] + [
            [_p(c["name"] or "(chưa phân loại)"), c["invited"], c["present"]] for c in data.counts["by_category"]]
        story += [Paragraph("Theo thành phần", H2),
                  Table(categories, colWidths=[110 * mm, 25 * mm, 25 * mm], style=GRID, hAlign="LEFT")]
        points = [["Mã", "Điểm cầu", "Mời", "Có mặt", "Báo cáo số người"]] + [
            [s["code"], _p(s["name"]), s["invited"], s["present"], "" if s["headcount"] is None else s["headcount"]]
            for s in data.sites]
        story += [Paragraph("Theo điểm cầu", H2),
                  Table(points, colWidths=[18 * mm, 90 * mm, 20 * mm, 20 * mm, 32 * mm], style=GRID, hAlign="LEFT",
                        repeatRows=1)]
    if data.delegates:
        rows = [["TT", "Họ và tên", "Chức vụ", "Khu vực", "Có mặt", "Giờ đến", "Cổng", "Ghi chú"]]
        for i, d in enumerate(data.delegates, 1):
            note = f"Đến muộn ({d.late_segment})" if d.is_late else ""
            rows.append([i, _p(d.name + (" (VIP)" if d.is_vip else "")), _p(d.title), d.zone,
                         "Có" if d.present else "Vắng", _time(d.checked_in_at)[:5], _p(d.gate), _p(note)])
        story += [Paragraph("Danh sách đại biểu", H2),
                  Table(rows, colWidths=[9 * mm, 38 * mm, 45 * mm, 14 * mm, 13 * mm, 14 * mm, 18 * mm, 29 * mm],
                        style=GRID, repeatRows=1, hAlign="LEFT")]
    doc.build(story)
    return buffer.getvalue()
