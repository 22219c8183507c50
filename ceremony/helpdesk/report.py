"""The help desk's part of the readiness report: every ticket of the window, time to take and resolve."""
from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from ceremony.core.spreadsheet import safe_cell
from ceremony.core.time import local

STATUS_VI = {"open": "Đang chờ", "acknowledged": "Đang xử lý", "resolved": "Đã xử lý xong"}


def _minutes(seconds: float | None) -> float | None:
    return round(seconds / 60, 1) if seconds is not None else None


def _when(value) -> str:
    return local(value).strftime("%H:%M %d/%m") if value else "—"


def _num(value) -> str:
    return f"{value:.1f}".replace(".", ",") if value is not None else "—"


def summary_line(report: dict) -> str:
    return (f"Yêu cầu hỗ trợ: {report['count']}, chưa xử lý xong: {report['unresolved']}, báo lên cấp trên: "
            f"{report['escalated']}. Thời gian nhận xử lý (trung vị): {_num(report['acknowledge_median_minutes'])} "
            f"phút; xử lý xong (trung vị): {_num(report['resolve_median_minutes'])} phút.")


def pdf_story(report: dict, table) -> list:
    """Flowables for the PDF report; ``table(rows, widths)`` is the report's own table style."""
    body = ParagraphStyle("hd-body", fontName="Sans", fontSize=9, leading=11)
    head = ParagraphStyle("hd-head", fontName="Sans-Bold", fontSize=11, leading=14, spaceBefore=6)
    story = [Paragraph(f"Hỗ trợ kỹ thuật ({report['count']})", head), Paragraph(summary_line(report), body)]
    if report["tickets"]:
        rows = [["Mã", "Điểm cầu", "Vấn đề", "Gửi lúc", "Nhận sau (phút)", "Xong sau (phút)", "Người xử lý",
                 "Báo lên"]]
        for t in report["tickets"]:
            rows.append([t.site.code, Paragraph(t.site.name, body), Paragraph(t.problem[:300], body), _when(t.opened_at),
                         _num(_minutes(t.acknowledge_seconds)), _num(_minutes(t.resolve_seconds)),
                         Paragraph(t.resolved_by or t.acknowledged_by or "—", body),
                         Paragraph(t.escalated_to or ("—" if t.escalated_at is None else "(không có cấp trên)"), body)])
        story.append(table(rows, [16 * mm, 45 * mm, 70 * mm, 24 * mm, 22 * mm, 22 * mm, 35 * mm, 39 * mm]))
    return story


def add_sheet(book, report: dict) -> None:
    """A "Hỗ trợ" sheet: one row per ticket, the minutes as numbers."""
    sheet = book.create_sheet("Hỗ trợ")
    sheet.append([summary_line(report)])
    sheet.append(["Mã", "Điểm cầu", "Vấn đề", "Trạng thái", "Gửi lúc", "Nhận xử lý lúc", "Xong lúc",
                  "Nhận sau (phút)", "Xong sau (phút)", "Người nhận", "Người xử lý xong", "Báo lên"])
    for t in report["tickets"]:
        sheet.append([t.site.code, safe_cell(t.site.name), safe_cell(t.problem), STATUS_VI[t.status.value],
                      _naive(t.opened_at), _naive(t.acknowledged_at), _naive(t.resolved_at),
                      _minutes(t.acknowledge_seconds), _minutes(t.resolve_seconds), safe_cell(t.acknowledged_by),
                      safe_cell(t.resolved_by), safe_cell(t.escalated_to)])
    for row in sheet.iter_rows(min_row=3):
        for cell in row[4:7]:
            cell.number_format = "hh:mm dd/mm/yyyy"


def _naive(value):
    return local(value).replace(tzinfo=None) if value else None
