"""The final attendance report as XLSX: a summary per point and the list of delegates."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ceremony.attendance.report import TIER_NAMES, ReportData
from ceremony.core import spreadsheet
from ceremony.core.time import local


def _naive_local(value):
    return local(value).replace(tzinfo=None) if value else None


def attendance_xlsx(data: ReportData) -> bytes:
    """Two sheets: "Tổng hợp" (one row per point) and "Đại biểu" (one row per delegate)."""
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    spreadsheet.append(summary, ["Báo cáo điểm danh đại biểu", data.ceremony.title])
    spreadsheet.append(summary, ["Điểm cầu", data.site.name if data.site else "Toàn bộ"])
    spreadsheet.append(summary, ["Lập lúc", _naive_local(data.generated_at)])
    spreadsheet.append(summary, [])
    spreadsheet.append(summary, ["Mã", "Điểm cầu", "Cấp", "Mời", "Có mặt", "Báo cáo số người"])
    header_row = summary.max_row
    for row in data.sites:
        spreadsheet.append(summary, [row["code"], row["name"], TIER_NAMES.get(row["tier"], row["tier"]), row["invited"], row["present"], row["headcount"]])
    scope = data.scope
    spreadsheet.append(summary, ["", "Tổng cộng", "", scope["invited"], scope["present"], scope["headcount"]])
    for cell in summary[header_row] + summary[summary.max_row]:
        cell.font = Font(bold=True)
    summary["A3"].font = Font(bold=True)
    summary.column_dimensions["B"].width = 42

    sheet = book.create_sheet("Đại biểu")
    spreadsheet.append(sheet, ["Họ và tên", "Chức vụ", "Đơn vị", "Điểm cầu", "Thành phần", "Khu vực", "VIP", "Có mặt",
                  "Giờ đến", "Cổng", "Đến muộn", "Phần đang diễn ra khi đến"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for d in data.delegates:
        spreadsheet.append(sheet, [d.name, d.title, d.unit, d.point, d.category, d.zone, "Có" if d.is_vip else "",
                      "Có" if d.present else "Vắng", _naive_local(d.checked_in_at), d.gate,
                      "Có" if d.is_late else "", d.late_segment])
        if d.checked_in_at:
            sheet.cell(sheet.max_row, 9).number_format = "hh:mm dd/mm/yyyy"
    for column, width in zip("ABCDEFGHIJKL", (28, 36, 30, 24, 28, 8, 6, 8, 18, 14, 9, 30)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    spreadsheet.as_text(book)
    book.save(buffer)
    return buffer.getvalue()
