"""Which column of an office's list holds which field, and which line is the header.

Offices send lists as they keep them: a title or two above the header ("DANH SÁCH ĐẠI BIỂU DỰ…",
often merged across the columns), an STT column, headers in Vietnamese with any accents, case and
spacing ("Họ và tên", "HỌ TÊN", "Số điện thoại liên hệ"). Headers are compared after folding (no
diacritics, lower case, "_" between words); a header that starts with a known multi-word name
("so_dien_thoai_lien_he") counts as it.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from ceremony.delegates.problems import problem

# Field → accepted headers, folded.
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho_ten", "ho_va_ten", "ho_va_ten_dai_bieu", "ho_ten_dai_bieu", "full_name", "name", "ten",
                  "dai_bieu"),
    "title": ("chuc_vu", "title", "chuc_danh", "chuc_vu_chuc_danh"),
    "unit": ("don_vi", "unit", "co_quan", "co_quan_don_vi", "don_vi_cong_tac", "noi_cong_tac", "ten_don_vi",
             "organisation", "organization"),
    "site_code": ("ma_diem_cau", "site_code", "site", "ma_diem"),
    # The point by its name ("Phường Đức Phổ"), when the file has no code column.
    "site_name": ("diem_cau", "ten_diem_cau", "site_name"),
    "category": ("thanh_phan", "ma_thanh_phan", "thanh_phan_moi", "category", "category_code"),
    "phone": ("dien_thoai", "so_dien_thoai", "dien_thoai_di_dong", "sdt", "so_dt", "phone", "dt"),
    "email": ("email", "e_mail", "thu_dien_tu", "dia_chi_email"),
    "zone": ("khu_vuc", "zone"),
    "seat": ("ghe", "so_ghe", "seat"),
    "vip": ("vip", "dai_bieu_vip", "is_vip"),
    "gender": ("gioi_tinh", "gender"),
    "role": ("vai_tro", "role"),
}
# The office's own row numbers: recognised (they help find the header) and never imported.
SKIPPED = ("stt", "tt", "so_tt", "so_thu_tu", "no")
HEADER_FIELDS = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
HEADER_SEARCH = 20  # lines searched for the header line
SKIP = "_skip"


@functools.lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def fold(text: str) -> str:
    """Lower case without diacritics, for matching headers and yes/no words (never for names); the
    same few words come back on every row of a list, so they are cached."""
    return "" if isinstance(text, str) and not text else _fold(str(text))


_PREFIXES = sorted((a for a in HEADER_FIELDS if "_" in a), key=len, reverse=True)


def field_for(header) -> str | None:
    """The field a header names, ``SKIP`` for an STT column, None for anything else."""
    key = fold(header or "")
    if not key:
        return None
    if key in SKIPPED:
        return SKIP
    if key in HEADER_FIELDS:
        return HEADER_FIELDS[key]
    for alias in _PREFIXES:
        if key.startswith(alias + "_"):
            return HEADER_FIELDS[alias]
    return None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class HeaderMap:
    """Column index → field, and what was said about each header (for the preview)."""

    row: int
    mapping: dict[int, str] = field(default_factory=dict)
    columns: list[dict] = field(default_factory=list)   # {field, header, column}
    ignored: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def map_headers(headers: list, row: int = 1) -> HeaderMap:
    """Map a header line (line ``row`` of the file); a field named twice is an error."""
    from ceremony.delegates.importing import cell_text

    found = HeaderMap(row)
    for index, header in enumerate(headers):
        text = cell_text(header)
        name = field_for(text)
        if name is None:
            if text:
                found.ignored.append(text)
        elif name == SKIP:
            found.skipped.append(text)
        elif name in found.mapping.values():
            found.errors.append(problem(row, name, "column_twice", value=text))
        else:
            found.mapping[index] = name
            found.columns.append({"field": name, "header": text, "column": column_letter(index)})
    return found


def is_header(record) -> bool:
    """A line that names the full name and at least one more known column (or only known ones)."""
    names = [field_for(cell) for cell in record if cell not in (None, "")]
    if "full_name" not in names:
        return False
    return len([n for n in names if n is not None]) >= 2 or all(n is not None for n in names)


def missing_columns(columns: list[dict], row: int, *, need_site: bool) -> list[dict]:
    """Errors for required fields without a column: the name always, the point unless chosen for the file."""
    present = {c["field"] for c in columns}
    if "site_name" in present:
        present.add("site_code")
    required = ("full_name", "site_code") if need_site else ("full_name",)
    return [problem(row, name, "missing_column",
                    accepted=", ".join(COLUMNS[name] + (COLUMNS["site_name"] if name == "site_code" else ())))
            for name in required if name not in present]
