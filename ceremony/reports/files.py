"""Attached files: the type read from the bytes (not the name), the size bounded."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from ceremony.campaign.i18n import _
from ceremony.core.errors import InvalidInput

MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def sniff(data: bytes) -> str | None:
    """``pdf``, ``docx`` or ``xlsx`` from the content; None for anything else (a renamed .exe, a .doc)."""
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:4] != b"PK\x03\x04":
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def safe_filename(name: str, kind: str) -> str:
    """The uploaded name without paths or control characters, with the extension of its real type."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = re.sub(r"[\x00-\x1f\"<>|:*?]+", "", name.rsplit(".", 1)[0]).strip(" .")[:150] or "tep"
    return f"{stem}.{kind}"


def check(filename: str, data: bytes) -> str:
    """The file's kind, or an InvalidInput naming the file."""
    if not data:
        raise InvalidInput(_("“%(name)s” is empty", name=filename), field="files")
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("“%(name)s” is larger than %(mb)s MB", name=filename, mb=MAX_BYTES // (1024 * 1024)),
                           field="files")
    kind = sniff(data)
    if kind is None:
        raise InvalidInput(_("“%(name)s” is not a PDF, DOCX or XLSX file", name=filename), field="files")
    return kind
