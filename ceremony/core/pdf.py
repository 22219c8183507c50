"""PDF basics shared by every document: the shipped fonts (Vietnamese-complete) and a glyph check.

Documents are built by pure functions in each domain (``invitations/pdf.py``, ``badges/pdf.py``,
``program/pdf.py``…) that return bytes or write to a stream; views only send them.
"""
from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
# Name in reportlab → file. Serif (Times-compatible) for official letters, Sans for badges and boards.
FONTS = {
    "Serif": "LiberationSerif-Regular.ttf",
    "Serif-Bold": "LiberationSerif-Bold.ttf",
    "Serif-Italic": "LiberationSerif-Italic.ttf",
    "Serif-BoldItalic": "LiberationSerif-BoldItalic.ttf",
    "Sans": "LiberationSans-Regular.ttf",
    "Sans-Bold": "LiberationSans-Bold.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the shipped fonts with reportlab (once per process)."""
    global _registered
    with _lock:
        if _registered:
            return
        for name, filename in FONTS.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
        pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-Bold", italic="Serif-Italic",
                                      boldItalic="Serif-BoldItalic")
        pdfmetrics.registerFontFamily("Sans", normal="Sans", bold="Sans-Bold", italic="Sans",
                                      boldItalic="Sans-Bold")
        _registered = True


@lru_cache(maxsize=None)
def _codepoints(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph.keys())


def missing_glyphs(text: str, font_name: str = "Serif") -> list[str]:
    """The characters of ``text`` (NFC) that ``font_name`` cannot draw; whitespace is ignored."""
    covered = _codepoints(font_name)
    text = unicodedata.normalize("NFC", text)
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
