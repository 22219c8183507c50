"""Exports never write a cell a spreadsheet would run as a formula.

openpyxl stores any text starting with ``=`` as a formula; a delegate named ``=HYPERLINK(…)`` (or a
note, a unit, a segment title) must stay text. ``as_text`` fixes a whole workbook before it is saved;
``text_cells`` does it row by row for write-only workbooks, which keep no cells to revisit.
"""
from __future__ import annotations

from openpyxl.cell import WriteOnlyCell


def as_text(book) -> None:
    """Turn every formula cell of a (normal) workbook back into the text it was given."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def text_cells(sheet, values: list) -> list:
    """A row for ``sheet.append`` of a write-only sheet where text starting with ``=`` stays text."""
    out = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        out.append(value)
    return out
