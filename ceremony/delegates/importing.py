"""Delegate lists from spreadsheets: read CSV or XLSX, map Vietnamese-friendly headers, check rows.

Reading and checking are pure: ``read_table`` turns a file into numbered rows, ``clean_row`` checks one
row on its own. Checks against the ceremony (sites, categories, people already invited) are in
``operations.validate_rows``, so a file with any bad row can be refused whole, every bad row named.
"""
from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from ceremony.core import uploads
from ceremony.core.errors import InvalidInput
from ceremony.delegates.headers import (COLUMNS, HEADER_FIELDS, HEADER_SEARCH, SKIP, field_for, fold, is_header,
                                       map_headers)
from ceremony.delegates.problems import problem

__all__ = ["COLUMNS", "HEADER_FIELDS", "Table", "clean_row", "fold", "read_table", "table_from_json"]

MAX_ROWS = 20_000
REQUIRED = ("full_name", "site_code")
LIMITS = {"full_name": 120, "title": 200, "unit": 200, "site_code": 10, "site_name": 200, "category": 300, "email": 200,
          "zone": 60, "seat": 20, "role": 60}
TRUE = {"1", "x", "co", "yes", "true", "y", "vip", "c"}
FALSE = {"", "0", "khong", "no", "false", "n", "k"}
GENDERS = {"m": "M", "nam": "M", "ong": "M", "f": "F", "nu": "F", "ba": "F", "": ""}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^0\d{9,10}$")


def normalise_text(value) -> str:
    """NFC, legacy Đ look-alike fixed, spaces collapsed; the case is kept as written."""
    text = "" if value is None else str(value)
    if text.isascii():  # most cells (codes, phones, e-mails): nothing to normalise
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    return " ".join(text.split())


def cell_text(value) -> str:
    """A spreadsheet cell as text: 912345678.0 → "912345678", None → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise_text(value)


@dataclass
class Table:
    """Rows of a file keyed by field, each with its row number as the spreadsheet shows it."""

    rows: list[tuple[int, dict[str, str]]]
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    # Which column was taken for which field ({field, header, column}); None for JSON rows.
    columns: list[dict] | None = None
    header_row: int = 1
    skipped_columns: list[str] = field(default_factory=list)


def _table(records, max_rows: int = MAX_ROWS) -> Table:
    """Rows under the header line: the first of the first ``HEADER_SEARCH`` lines that names the full
    name and another known column (offices put a title, often merged, above it), else line 1. Row
    numbers are the file's own line numbers, as the spreadsheet shows them."""
    table = _stream(records, max_rows)
    table.rows = list(table.rows)
    return table


def _stream(records, max_rows: int) -> Table:
    """As ``_table``, with ``rows`` an iterator read as it is consumed (a big file is never held whole)."""
    records = iter(records)
    leading = []
    for record in records:
        leading.append(list(record))
        if is_header(leading[-1]) or len(leading) == HEADER_SEARCH:
            break
    if not leading:
        raise InvalidInput("the file is empty", field="file")
    header_at = len(leading) if is_header(leading[-1]) else 1
    found = map_headers(leading[header_at - 1], header_at)
    mapping = list(found.mapping.items())

    def rows():
        count = 0
        for number, record in enumerate(itertools.chain(leading[header_at:], records), start=header_at + 1):
            width = len(record)
            values = {name: cell_text(record[i]) if i < width else "" for i, name in mapping}
            if not any(values.values()):
                continue  # blank line
            count += 1
            if count > max_rows:
                raise InvalidInput(f"too many rows: at most {max_rows} per file", field="file")
            yield number, values

    return Table(rows(), found.ignored, found.errors, columns=found.columns, header_row=header_at,
                 skipped_columns=found.skipped)


def _sniff(sample: str):
    try:
        return csv.Sniffer().sniff(sample[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the CSV file is not UTF-8: save it as 'CSV UTF-8'", field="file") from None
    return _table(uploads.guarded_rows(csv.reader(io.StringIO(text), _sniff(text))))


def _decoded(lines):
    """Lines of a CSV file opened as UTF-8, a byte that is not UTF-8 refused as ``read_csv`` does."""
    try:
        yield from lines
    except UnicodeDecodeError:
        raise InvalidInput("the CSV file is not UTF-8: save it as 'CSV UTF-8'", field="file") from None


@contextlib.contextmanager
def stream_file(path, filename: str, *, max_rows: int, max_lines: int, budget: float):
    """A staged upload read row by row (``Table.rows`` an iterator): a CSV through the csv module from
    the file itself, an XLSX through openpyxl's read-only mode; the limits are the job's, not a request's."""
    name = (filename or "").lower()
    with open(path, "rb") as raw:
        is_xlsx = name.endswith(".xlsx") or raw.read(2) == b"PK"
    guard = {"max_lines": max_lines, "budget": budget}
    if is_xlsx:
        from openpyxl import load_workbook

        with open(path, "rb") as raw:
            uploads.check_xlsx(raw.read())
            raw.seek(0)
            try:  # a file object: openpyxl refuses a path whose extension is not its own
                book = load_workbook(raw, read_only=True, data_only=True)
            except Exception:  # openpyxl raises many kinds for a damaged or foreign file
                raise InvalidInput("the file is not a readable XLSX workbook", field="file") from None
            try:
                sheet = book.worksheets[0].iter_rows(min_row=1, min_col=1, values_only=True)
                yield _stream(uploads.guarded_rows(sheet, **guard), max_rows)
            finally:
                book.close()
        return
    with open(path, encoding="utf-8-sig", newline="") as text:
        try:
            sample = text.read(4096)
        except UnicodeDecodeError:
            raise InvalidInput("the CSV file is not UTF-8: save it as 'CSV UTF-8'", field="file") from None
        text.seek(0)
        yield _stream(uploads.guarded_rows(csv.reader(_decoded(text), _sniff(sample)), **guard), max_rows)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    uploads.check_xlsx(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise InvalidInput("the file is not a readable XLSX workbook", field="file") from None
    try:
        # From A1 whatever the sheet's stored dimension says, so row numbers are the sheet's own.
        return _table(uploads.guarded_rows(book.worksheets[0].iter_rows(min_row=1, min_col=1, values_only=True)))
    finally:
        book.close()


def read_table(filename: str, data: bytes) -> Table:
    """Read an uploaded CSV or XLSX file (by its extension, else by its first bytes)."""
    name = (filename or "").lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return read_xlsx(data)
    if name.endswith((".csv", ".txt")) or not name:
        return read_csv(data)
    raise InvalidInput("unsupported file type: upload a .csv or .xlsx file", field="file")


def table_from_json(records: list[dict]) -> Table:
    """Rows given as JSON objects (keys: field names or any accepted header); row numbers from 1."""
    rows, ignored, errors = [], set(), []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            errors.append(problem(number, "row", "not_object"))
            continue
        values = {}
        for key, value in record.items():
            name = field_for(key) or (key if key in COLUMNS else None)
            if name == SKIP:
                continue
            if name is None:
                ignored.add(str(key))
            elif isinstance(value, bool):
                values[name] = "1" if value else "0"
            else:
                values[name] = cell_text(value)
        rows.append((number, values))
    return Table(rows, sorted(ignored), errors)


def normalise_phone(text: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif digits.isdigit() and len(digits) in (9, 10) and not digits.startswith("0"):
        digits = "0" + digits  # a spreadsheet dropped the leading zero of a number cell
    return digits


def clean_row(number: int, values: dict[str, str], *, need_site: bool = True) -> tuple[dict, list[dict]]:
    """Check one row on its own; returns the cleaned values and its errors. ``need_site`` False: the
    point is chosen for the whole file, not named in the row."""
    errors, row = [], {name: values.get(name, "") for name in COLUMNS}

    def bad(name: str, code: str, **params) -> None:
        errors.append(problem(number, name, code, **params))

    if not row["full_name"]:
        bad("full_name", "required")
    if need_site and not (row["site_code"] or row["site_name"]):
        bad("site_code", "required")
    for name, limit in LIMITS.items():
        if len(row[name]) > limit:
            bad(name, "too_long", limit=limit)
    if row["phone"]:
        row["phone"] = normalise_phone(row["phone"])
        if not PHONE_RE.match(row["phone"]):
            bad("phone", "bad_phone", value=values["phone"])
    if row["email"]:
        row["email"] = row["email"].lower()
        if not EMAIL_RE.match(row["email"]):
            bad("email", "bad_email", value=values["email"])
    vip = fold(row["vip"])
    if vip in TRUE or vip in FALSE:
        row["vip"] = vip in TRUE
    else:
        bad("vip", "bad_vip", value=values["vip"])
    gender = GENDERS.get(fold(row["gender"]))
    if gender is None:
        bad("gender", "bad_gender", value=values["gender"])
    row["gender"] = gender or ""
    return row, errors
