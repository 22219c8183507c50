"""The timing report as a spreadsheet: planned against actual per segment."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ceremony.core import spreadsheet
from ceremony.core.time import local


def timing_report_xlsx(ceremony, slots) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Thời gian"
    spreadsheet.append(sheet, [ceremony.title])
    spreadsheet.append(sheet, ["TT", "Nội dung", "Bắt đầu (KH)", "Bắt đầu (thực tế)", "Thời lượng KH (giây)",
                  "Thời lượng thực tế (giây)", "Chênh lệch (giây)"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for i, slot in enumerate(slots, 1):
        actual = slot.actual_seconds
        start = local(slot.actual_start).strftime("%H:%M:%S") if slot.actual_start else ""
        spreadsheet.append(sheet, [i, slot.segment.title, local(slot.planned_start).strftime("%H:%M"), start,
                      slot.segment.planned_seconds, actual,
                      actual - slot.segment.planned_seconds if actual is not None else None])
    sheet.column_dimensions["B"].width = 70
    out = io.BytesIO()
    spreadsheet.as_text(book)
    book.save(out)
    return out.getvalue()
