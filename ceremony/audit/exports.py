"""The audit trail as CSV and XLSX; no cell is ever a formula a spreadsheet would run."""
from __future__ import annotations

import io
import json

from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from ceremony.core.spreadsheet import SafeCsvWriter, safe_row
from ceremony.core.time import local

COLUMNS = (_l("Time"), _l("Actor"), _l("Actor kind"), _l("Entity"), _l("Entity id"), _l("Name"), _l("Action"),
           _l("Before"), _l("After"))


def _row(entry) -> list:
    try:
        changes = json.loads(entry.changes or "{}")
    except ValueError:
        changes = {}
    dump = lambda part: json.dumps(changes[part], ensure_ascii=False, sort_keys=True) if part in changes else ""  # noqa: E731
    return safe_row((
        local(entry.at).strftime("%Y-%m-%d %H:%M:%S"), entry.actor_label, entry.actor_kind, entry.entity_type,
        entry.entity_id, entry.entity_label, entry.action, dump("before"), dump("after")))


def audit_csv(entries) -> bytes:
    """UTF-8 with a BOM, so Excel opens Vietnamese text correctly."""
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow([str(c) for c in COLUMNS])
    for entry in entries:
        writer.writerow(_row(entry))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def audit_xlsx(entries, title: str = "Nhật ký thay đổi") -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append([str(c) for c in COLUMNS])
    for entry in entries:
        sheet.append(_row(entry))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
