"""Does every character of a PDF have a glyph in the font that draws it?

The fonts' character maps are read straight from the TrueType files the app registers with reportlab
(``ceremony.core.pdf.FONTS``): the ``cmap`` table, formats 4 and 12, parsed here with ``struct`` so the
check does not lean on reportlab's own reading of the fonts (fontTools is not installed in this
environment; this is the same cmap coverage it would give). Each text run of the PDF (pypdf) names
its font: it must be one of those files, embedded, and hold every character of the run.
"""
from __future__ import annotations

import io
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader

from ceremony.core.pdf import FONT_DIR, FONTS

UNICODE_CMAPS = {(3, 1), (3, 10), (0, 3), (0, 4), (0, 6)}


@lru_cache(maxsize=None)
def cmap_codepoints(path: str) -> frozenset[int]:
    """The code points a TrueType font maps to a real glyph (not glyph 0, .notdef)."""
    data = Path(path).read_bytes()
    (count,) = struct.unpack(">H", data[4:6])
    tables = {}
    for i in range(count):
        tag, _checksum, offset, _length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = offset
    base = tables[b"cmap"]
    _version, subtables = struct.unpack(">HH", data[base:base + 4])
    points: set[int] = set()
    for i in range(subtables):
        platform, encoding, offset = struct.unpack(">HHI", data[base + 4 + 8 * i:base + 12 + 8 * i])
        if (platform, encoding) not in UNICODE_CMAPS:
            continue
        sub = base + offset
        (fmt,) = struct.unpack(">H", data[sub:sub + 2])
        if fmt == 4:
            (seg2,) = struct.unpack(">H", data[sub + 6:sub + 8])
            n = seg2 // 2
            ends = struct.unpack(f">{n}H", data[sub + 14:sub + 14 + seg2])
            starts_at = sub + 16 + seg2
            starts = struct.unpack(f">{n}H", data[starts_at:starts_at + seg2])
            deltas = struct.unpack(f">{n}h", data[starts_at + seg2:starts_at + 2 * seg2])
            ranges_at = starts_at + 2 * seg2
            ranges = struct.unpack(f">{n}H", data[ranges_at:ranges_at + seg2])
            for k in range(n):
                for code in range(starts[k], ends[k] + 1):
                    if code == 0xFFFF:
                        continue
                    if ranges[k] == 0:
                        glyph = (code + deltas[k]) & 0xFFFF
                    else:
                        at = ranges_at + 2 * k + ranges[k] + 2 * (code - starts[k])
                        (glyph,) = struct.unpack(">H", data[at:at + 2])
                        glyph = (glyph + deltas[k]) & 0xFFFF if glyph else 0
                    if glyph:
                        points.add(code)
        elif fmt == 12:
            (groups,) = struct.unpack(">I", data[sub + 12:sub + 16])
            for k in range(groups):
                first, last, glyph = struct.unpack(">III", data[sub + 16 + 12 * k:sub + 28 + 12 * k])
                points.update(c for c in range(first, last + 1) if glyph + (c - first))
    return frozenset(points)


def font_files() -> dict[str, Path]:
    """PostScript-style name as it appears in the PDF ("LiberationSans-Bold") → the registered file."""
    return {Path(name).stem.removesuffix("-Regular"): FONT_DIR / name for name in FONTS.values()}


def _unreadable(ch: str) -> bool:
    return ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn")


def missing_glyphs_in_pdf(data: bytes) -> list[tuple[int, str, str]]:
    """(page, font, character) for every character drawn with a font that has no glyph for it, or
    drawn with a font that is not one of the app's embedded fonts."""
    files = font_files()
    problems: list[tuple[int, str, str]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):
        def visit(text, _cm, _tm, font, _size, number=number):
            text = unicodedata.normalize("NFC", text or "")
            if not text.strip():
                return
            base = str((font or {}).get("/BaseFont", "?")).lstrip("/")
            name = base.split("+", 1)[-1]
            path = files.get(name)
            if path is None or "+" not in base:  # not embedded, or not the app's font (e.g. Helvetica)
                problems.extend((number, base, ch) for ch in sorted(set(text)) if not ch.isspace())
                return
            covered = cmap_codepoints(str(path))
            # A character without a glyph is drawn with glyph 0 and reads back as NUL (or U+FFFD).
            problems.extend((number, name, ch) for ch in sorted(set(text))
                            if not ch.isspace() and (ord(ch) not in covered or _unreadable(ch)))

        page.extract_text(visitor_text=visit)
    return sorted(set(problems))


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
