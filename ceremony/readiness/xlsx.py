"""The window report as a spreadsheet (Vietnamese headers), one row per point."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ceremony.core import spreadsheet
from ceremony.core.time import local
from ceremony.readiness.pdf import STATUS_VI, TIER_VI


def _when(value):
    return local(value).replace(tzinfo=None) if value else None


def phase_report_xlsx(ceremony, phase, rows, helpdesk: dict | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sẵn sàng"
    spreadsheet.append(sheet, [f"Báo cáo sẵn sàng – {phase.name}"])
    spreadsheet.append(sheet, [ceremony.title])
    spreadsheet.append(sheet, [])
    header = ["Mã", "Điểm cầu", "Cấp", "Thuộc", "Trạng thái", "Sẵn sàng lúc", "Báo cáo cuối", "Số lần báo cáo",
              "Người báo cáo", "Băng thông (Mbit/s)", "Số đại biểu", "Vấn đề", "Bị cảnh báo lúc", "Đã báo cho"]
    spreadsheet.append(sheet, header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for r in rows:
        spreadsheet.append(sheet, [r["code"], r["name"], TIER_VI[r["tier"]], r["district"], STATUS_VI[r["status"]],
                      _when(r["first_ready_at"]), _when(r["last_report_at"]), r["reports"], r["reported_by"],
                      r["bandwidth_mbps"], r["headcount"], r["problems"], _when(r["flagged_at"]), r["told"]])
    for column, width in zip("ABCDEFGHIJKLMN", (8, 34, 16, 28, 16, 18, 18, 10, 24, 12, 10, 40, 18, 50)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        for cell in (row[5], row[6], row[12]):
            cell.number_format = "hh:mm dd/mm/yyyy"
    silent = book.create_sheet("Không báo cáo")
    spreadsheet.append(silent, ["Mã", "Điểm cầu", "Thuộc", "Đã báo cho"])
    for r in rows:
        if r["status"] == "not_reported":
            spreadsheet.append(silent, [r["code"], r["name"], r["district"], r["told"]])
    if helpdesk is not None:
        from ceremony.helpdesk.report import add_sheet

        add_sheet(book, helpdesk)
    buffer = io.BytesIO()
    spreadsheet.as_text(book)
    book.save(buffer)
    return buffer.getvalue()
