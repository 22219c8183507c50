"""Team lists from office spreadsheets: title rows above the header, Vietnamese column names.

Pure reading and checking; ``operations.import_members`` writes all rows or none.
"""
from __future__ import annotations

import io

from ceremony.campaign.i18n import _
from ceremony.campaign.models import TeamLevel
from ceremony.core.errors import InvalidInput
from ceremony.delegates.importing import PHONE_RE, cell_text, fold, normalise_phone

HEADER_SEARCH = 15
MAX_ROWS = 5000
COLUMNS = {
    "full_name": ("ho_va_ten", "ho_ten", "ten_thanh_vien", "thanh_vien", "full_name", "name"),
    "role": ("chuc_vu_trong_to", "vai_tro", "chuc_danh_trong_to", "nhiem_vu", "role", "chuc_vu"),
    "phone": ("so_dien_thoai", "dien_thoai", "sdt", "so_dt", "phone"),
    "site_code": ("ma_diem_cau", "ma_don_vi", "site_code", "ma_dvhc"),
    "level": ("cap", "cap_to", "level"),
    "village": ("thon_to_dan_pho", "thon", "thon_ban_to_dan_pho", "to_dan_pho", "village", "thon_ban"),
}
REQUIRED = ("full_name", "phone")
FIELD_NAMES = {"full_name": "Họ và tên", "role": "Chức vụ trong Tổ", "phone": "Số điện thoại",
               "site_code": "Mã điểm cầu", "level": "Cấp", "village": "Thôn/Tổ dân phố"}
LEVELS = {"tinh": TeamLevel.province, "cap_tinh": TeamLevel.province, "province": TeamLevel.province,
          "huyen": TeamLevel.district, "cap_huyen": TeamLevel.district, "thi_xa": TeamLevel.district,
          "thanh_pho": TeamLevel.district, "district": TeamLevel.district,
          "xa": TeamLevel.commune, "cap_xa": TeamLevel.commune, "phuong": TeamLevel.commune,
          "thi_tran": TeamLevel.commune, "commune": TeamLevel.commune,
          "thon": TeamLevel.village, "cap_thon": TeamLevel.village, "ban": TeamLevel.village,
          "to_dan_pho": TeamLevel.village, "village": TeamLevel.village}
LIMITS = {"full_name": 120, "role": 120, "village": 200}
ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}


def _is_header(record) -> bool:
    names = {ALIASES.get(fold(cell or "")) for cell in record if cell is not None}
    return all(name in names for name in REQUIRED)


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Numbered rows (as the spreadsheet shows them) under the first line naming the required columns."""
    from openpyxl import load_workbook

    if data[:4] != b"PK\x03\x04":
        raise InvalidInput(_("The file is not an XLSX workbook (save it as Excel .xlsx)."), field="file")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise InvalidInput(_("The XLSX file cannot be read: it is damaged or not a workbook."), field="file") from None
    try:
        records = book.worksheets[0].iter_rows(values_only=True)
        header, header_at = None, 0
        for number, record in enumerate(records, start=1):
            if _is_header(record):
                header, header_at = list(record), number
                break
            if number >= HEADER_SEARCH:
                break
        if header is None:
            raise InvalidInput(_("No header line with the columns “Họ và tên” and “Số điện thoại” in the first "
                                 "%(n)s lines.", n=HEADER_SEARCH), field="file")
        mapping = {}
        for index, cell in enumerate(header):
            name = ALIASES.get(fold(cell or ""))
            if name and name not in mapping.values():
                mapping[index] = name
        rows = []
        for number, record in enumerate(records, start=header_at + 1):
            values = {name: cell_text(record[i]) if i < len(record) else "" for i, name in mapping.items()}
            if not any(values.values()):
                continue
            if len(rows) >= MAX_ROWS:
                raise InvalidInput(_("Too many rows: at most %(n)s per file.", n=MAX_ROWS), field="file")
            rows.append((number, values))
        return rows
    finally:
        book.close()


def problem(row: int, field: str, reason: str) -> dict:
    return {"row": row, "field": FIELD_NAMES.get(field, field), "reason": reason}


def clean_row(number: int, values: dict[str, str]) -> tuple[dict, list[dict]]:
    """Check one row alone: required name and a Vietnamese phone, a known level, lengths."""
    errors = []
    row = {name: values.get(name, "") for name in COLUMNS}
    for name in REQUIRED:
        if not row[name]:
            errors.append(problem(number, name, _("required")))
    for name, limit in LIMITS.items():
        if len(row[name]) > limit:
            errors.append(problem(number, name, _("longer than %(n)s characters", n=limit)))
    if row["phone"]:
        row["phone"] = normalise_phone(row["phone"])
        if not PHONE_RE.match(row["phone"]):
            errors.append(problem(number, "phone", _("not a Vietnamese phone number: “%(value)s”",
                                                     value=values.get("phone", ""))))
    if row["level"]:
        level = LEVELS.get(fold(row["level"]))
        if level is None:
            errors.append(problem(number, "level", _("unknown level “%(value)s” (Tỉnh, Huyện, Xã or Thôn)",
                                                     value=row["level"])))
        row["level"] = level
    else:
        row["level"] = TeamLevel.village if row["village"] else None
    return row, errors
