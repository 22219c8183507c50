"""How names and amounts are written inside Vietnamese sentences (pages, letters, reports, PDFs).

- ``in_sentence``: a unit's kind is lower case inside a sentence ("UBND xã Đức Lợi", "điểm cầu thị xã
  Đức Phổ") and capitalised only where a line or a sentence starts ("Xã Đức Lợi" alone in a cell).
- ``duration_words``: a duration as people read it ("15 phút", "1 giờ 05 phút", "+2 phút 30 giây"),
  never a clock-like "15:00".

Both are Jinja filters too (``|in_sentence``, ``|duration_words``), registered by ``init_app``.
"""
from __future__ import annotations

import re

# Longest first, so "Thị xã" wins over a shorter kind; matched only before a capitalised name.
UNIT_KINDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Huyện", "Quận", "Phường", "Tỉnh", "Xã")
_KIND = re.compile(r"(?P<kind>" + "|".join(UNIT_KINDS) + r")(?= [^\W\d_])")


def _starts_sentence(text: str, position: int, at_start: bool) -> bool:
    """Does the word at ``position`` begin a line, a sentence or a list item?"""
    before = text[:position].rstrip(" \t")
    if not before:
        return at_start
    if before[-1] in "\n.!?…":
        return True
    if before[-1] in "-–•":  # a list dash at the start of a line
        line = before[:-1].rstrip(" \t")
        return (not line and at_start) or line.endswith("\n")
    return False


def in_sentence(text, at_start: bool = False) -> str:
    """``text`` with every unit kind that follows another word in lower case.

    ``text`` is a name or a phrase placed after other words (``f"UBND {in_sentence(name)}"``), so its
    own first word is lowered too unless ``at_start`` says it begins the line. A kind after a full
    stop, a line break or a list dash begins a sentence and stays capitalised. Only a kind followed by
    a name is touched: "Xã" alone, or words that merely start alike ("Xãhội"), stay as they are.
    """
    if text is None:
        return ""
    text = str(text)

    def lower(match: re.Match) -> str:
        if _starts_sentence(text, match.start(), at_start):
            return match.group(0)
        if match.start() and text[match.start() - 1].isalnum():  # inside a word, not a kind
            return match.group(0)
        return match.group(0).lower()

    return _KIND.sub(lower, text)


WORDS = {
    "vi": {"hour": "giờ", "minute": "phút", "second": "giây"},
    "en": {"hour": "h", "minute": "min", "second": "s"},
}


def duration_words(seconds, signed: bool = False, lang: str = "vi") -> str:
    """``seconds`` as words: 900 → "15 phút", 3900 → "1 giờ 05 phút", 872 → "14 phút 32 giây",
    45 → "45 giây", with a sign (``signed``) for a difference: "+2 phút", "−1 phút 10 giây"."""
    if seconds is None or seconds == "":
        return ""
    words = WORDS.get(str(lang)[:2], WORDS["vi"])
    seconds = int(round(float(seconds)))
    sign = ("+" if seconds > 0 else "−" if seconds < 0 else "") if signed else ("−" if seconds < 0 else "")
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} {words['hour']}")
        if minutes or secs:
            parts.append(f"{minutes:02d} {words['minute']}")
    elif minutes or not secs:
        parts.append(f"{minutes} {words['minute']}")
    if secs:
        parts.append(f"{secs:02d} {words['second']}" if parts else f"{secs} {words['second']}")
    return sign + " ".join(parts)


def init_app(app) -> None:
    from flask_babel import get_locale

    app.add_template_filter(in_sentence, "in_sentence")

    @app.template_filter("duration_words")
    def _duration_words(seconds, signed: bool = False):
        return duration_words(seconds, signed, str(get_locale() or "vi"))
