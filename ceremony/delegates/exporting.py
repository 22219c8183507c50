"""Delegate lists to XLSX for people to read: Vietnamese headers ("Họ và tên", "Điểm cầu"…) and each
category by its name. The import reads these headers and finds a category by its name too, so an
export can be imported again (``headers.field_for`` folds "Họ và tên" to ``ho_va_ten``)."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ceremony.core import spreadsheet

HEADERS = ["STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Mã điểm cầu", "Điểm cầu", "Thành phần",
           "Điện thoại", "Email", "Khu vực", "Ghế", "VIP", "Vai trò", "Ghi chú"]
WIDTHS = [6, 28, 9, 36, 36, 12, 30, 18, 14, 28, 10, 8, 6, 12, 36]


def _note(d) -> str:
    """Who replaced whom (the import ignores this column)."""
    if d.replaced_by is not None:
        return f"Đã thay bằng {d.replaced_by.person.full_name} (người dự thay)"
    if d.substitute_for is not None:
        return f"Dự thay {d.substitute_for.person.full_name}"
    return ""


def delegates_xlsx(delegates, title: str = "Đại biểu") -> bytes:
    """An XLSX workbook of ``delegates`` in the order given (write-only: rows are not kept)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for column, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + column)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    spreadsheet.append(sheet, header)
    for number, d in enumerate(delegates, start=1):
        person = d.person
        spreadsheet.append(sheet, [
            number, person.full_name, {"M": "Nam", "F": "Nữ"}.get(person.gender, ""), person.title,
            person.organisation.name if person.organisation else "", d.site.code, d.site.name,
            d.category.name if d.category else "", person.phone, person.email, d.zone, d.seat,
            "x" if d.is_vip else "", d.role, _note(d),
        ])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

