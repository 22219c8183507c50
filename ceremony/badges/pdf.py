"""Badges as PDF: A4 sheets of 2 × 4 badges to cut, or one badge per 90 × 130 mm page.

Each badge carries the name, title, unit, bridge point, zone and seat, the invitation's QR code, and a
band in the colour of the delegate's composition category with the category written on it (so the
colour is never the only sign). Long Vietnamese names shrink, then wrap, never overflow their box.

Pure: ``Badge`` items in, PDF bytes out, built in chunks and streamed (``ceremony.core.pdfstream``).
Before printing, ``glyph_problems`` names every delegate whose text the font cannot draw.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ceremony.core.pdf import missing_glyphs, register_fonts
from ceremony.core.pdfstream import stream_pdf
from ceremony.core.wording import in_sentence
from ceremony.invitations.letter import draw_code, draw_qr

NAME_FONT, TEXT_FONT = "Sans-Bold", "Sans"
BAND_MIN_SIZE = 8  # the category band's smallest type (points): readable at arm's length
CHUNK = 1000  # badges per reportlab document before it is streamed out (each embeds its font subsets once)
CHUNK_PAGES = 125  # …and at most this many pages (1,000 badges as sheets, 125 one per page): memory stays flat


@dataclass(frozen=True)
class Badge:
    delegate_id: int
    full_name: str
    title: str
    unit: str
    point: str
    zone: str = ""
    seat: str = ""
    category: str = ""
    colour: str = "#1f4e79"
    url: str = ""
    is_vip: bool = False
    short_code: str = ""  # printed under the QR, grouped: ABCD-EFGH


@dataclass(frozen=True)
class Layout:
    """Geometry of one badge (points) and how many fit on a page."""

    name: str
    page: tuple[float, float]
    width: float
    height: float
    columns: int
    rows: int
    band: float
    qr: float
    name_sizes: tuple[float, float]  # largest, smallest
    text_size: float
    qr_below: bool  # portrait badge: QR under the text; landscape: QR at the right
    code_size: float = 10  # the short code under the QR

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origins(self) -> list[tuple[float, float]]:
        """Lower-left corners of the badges of a page, row by row from the top."""
        gap_x = (self.page[0] - self.columns * self.width) / (self.columns + 1)
        gap_y = (self.page[1] - self.rows * self.height) / (self.rows + 1)
        return [(gap_x + c * (self.width + gap_x), self.page[1] - (r + 1) * (self.height + gap_y))
                for r in range(self.rows) for c in range(self.columns)]


SHEET = Layout("sheet", A4, 95 * mm, 68 * mm, 2, 4, 9 * mm, 25 * mm, (16, 9), 8.5, False, 9.5)
SINGLE = Layout("single", (90 * mm, 130 * mm), 90 * mm, 130 * mm, 1, 1, 16 * mm, 42 * mm, (22, 12), 11, True, 12)
LAYOUTS = {"sheet": SHEET, "single": SINGLE}
PAD = 3.5 * mm


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    parts, current = [], ""
    for ch in word:
        if current and stringWidth(current + ch, font, size) > width:
            parts.append(current)
            current = ""
        current += ch
    return parts + [current] if current else parts


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a word wider than the box is broken between letters."""
    return _wrap(text.split(), _unit_widths(text, font), font, size, width)


@lru_cache(maxsize=4096)
def _unit_widths(text: str, font: str) -> tuple[tuple[float, ...], float]:
    """The width of each word of ``text`` at size 1, and of a space: a line's width at any size is
    their sum times the size (no kerning), so fitting tries sizes without measuring strings again."""
    return tuple(stringWidth(word, font, 1) for word in text.split()), stringWidth(" ", font, 1)


def _wrap(words: list[str], widths: tuple[tuple[float, ...], float], font: str, size: float,
          width: float) -> list[str]:
    word_widths, space = widths
    limit = width / size + 1e-9
    lines, current, used = [], "", 0.0
    for word, unit in zip(words, word_widths):
        if current and used + space + unit <= limit:
            current, used = f"{current} {word}", used + space + unit
            continue
        if current:
            lines.append(current)
        if unit <= limit:
            current, used = word, unit
        else:
            *whole, current = _break_word(word, font, size, width)
            lines.extend(whole)
            used = stringWidth(current, font, 1)
    return lines + [current] if current else lines


def fit(text: str, font: str, sizes: tuple[float, float], width: float, max_lines: int) -> tuple[float, list[str]]:
    """``_fit``, remembered: titles, units, points and categories repeat across thousands of badges."""
    size, lines = _fit(text, font, tuple(sizes), width, max_lines)
    return size, list(lines)


@lru_cache(maxsize=8192)
def _fit(text: str, font: str, sizes: tuple[float, float], width: float, max_lines: int) -> tuple[float, tuple[str, ...]]:
    """Shrink first, then wrap: the fewest lines (up to ``max_lines``) at which ``text`` fits ``width``
    without going below three quarters of the largest size (below ``sizes[1]`` for the last line
    count); past that, the last line is cut with an ellipsis."""
    largest, smallest = sizes
    words, widths = text.split(), _unit_widths(text, font)
    for count in range(1, max_lines + 1):
        floor = smallest if count == max_lines else max(smallest, largest * 0.75)
        size = largest
        while True:
            lines = _wrap(words, widths, font, size, width)
            if len(lines) <= count:
                return size, tuple(lines)
            if size <= floor:
                break
            size = max(floor, size - 0.5)
    last = " ".join(lines[max_lines - 1:])
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1]
    return size, (*lines[:max_lines - 1], last.rstrip() + "…")


def _text_block(canvas: Canvas, lines: list[str], font: str, size: float, x: float, y: float,
                centre: float | None = None) -> float:
    canvas.setFont(font, size)
    for line in lines:
        y -= size * 1.15
        if centre is not None:
            canvas.drawCentredString(centre, y, line)
        else:
            canvas.drawString(x, y, line)
    return y


def draw_badge(canvas: Canvas, badge: Badge, x: float, y: float, layout: Layout) -> None:
    """One badge with its lower-left corner at (x, y)."""
    w, h = layout.width, layout.height
    canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
    canvas.setLineWidth(0.4)
    canvas.rect(x, y, w, h, stroke=1, fill=0)  # cutting line
    canvas.setFillColor(HexColor(badge.colour))
    canvas.rect(x, y + h - layout.band, w, layout.band, stroke=0, fill=1)
    canvas.setFillColor(white)
    band_text = ("VIP · " if badge.is_vip else "") + (badge.category or "Đại biểu")
    # A long category wraps onto a second line rather than shrinking below a readable size.
    size, lines = fit(band_text, NAME_FONT, (layout.text_size, BAND_MIN_SIZE), w - 2 * PAD, 2)
    # The lines' capitals centred in the band: first baseline one leading below ``start``.
    start = y + h - layout.band / 2 - 0.36 * size + (len(lines) + 1) * size * 1.15 / 2
    _text_block(canvas, lines, NAME_FONT, size, x + PAD, start, centre=x + w / 2)
    canvas.setFillColorRGB(0, 0, 0)
    top = y + h - layout.band - 2 * mm
    if layout.qr_below:
        text_width, text_x, centre = w - 2 * PAD, x + PAD, x + w / 2
    else:
        text_width, text_x, centre = w - 3 * PAD - layout.qr, x + PAD, None
    size, lines = fit(badge.full_name, NAME_FONT, layout.name_sizes, text_width, 2)
    cursor = _text_block(canvas, lines, NAME_FONT, size, text_x, top, centre) - 1.5 * mm
    for text in (badge.title, badge.unit):
        if text:
            size, lines = fit(text, TEXT_FONT, (layout.text_size, layout.text_size - 2), text_width, 2)
            cursor = _text_block(canvas, lines, TEXT_FONT, size, text_x, cursor, centre) - 0.8 * mm
    place = [f"Điểm cầu: {in_sentence(badge.point)}"] if badge.point else []
    spot = " · ".join(p for p in (f"Khu vực: {badge.zone}" if badge.zone else "",
                                 f"Ghế: {badge.seat}" if badge.seat else "") if p)
    bottom_lines = []
    for text in place + ([spot] if spot else []):
        bottom_lines += fit(text, NAME_FONT, (layout.text_size, layout.text_size - 2), text_width, 1)[1]
    code_room = layout.code_size + 1.5 if badge.short_code else 0
    if layout.qr_below:
        qr_x = x + (w - layout.qr) / 2
        qr_y = y + PAD + len(bottom_lines) * layout.text_size * 1.15 + 1 * mm + code_room
        _text_block(canvas, bottom_lines, NAME_FONT, layout.text_size - 1, text_x,
                    qr_y - 1 * mm - code_room, centre)
    else:
        qr_x, qr_y = x + w - PAD - layout.qr, y + PAD + code_room
        _text_block(canvas, bottom_lines, NAME_FONT, layout.text_size - 1, text_x,
                    y + PAD + len(bottom_lines) * (layout.text_size - 1) * 1.15, centre)
    if badge.url:
        draw_qr(canvas, badge.url, qr_x, qr_y, layout.qr)
        if badge.short_code:
            draw_code(canvas, badge.short_code, qr_x + layout.qr / 2, qr_y - layout.code_size + 0.5,
                      layout.code_size)


def _document(badges: list[Badge], layout: Layout) -> bytes:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=layout.page, pageCompression=1)
    canvas.setTitle("Thẻ đại biểu")
    origins = layout.origins()
    for start in range(0, len(badges), layout.per_page):
        for badge, (x, y) in zip(badges[start:start + layout.per_page], origins):
            draw_badge(canvas, badge, x, y, layout)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def stream_badges(badges: Iterable[Badge], layout: Layout | str = SHEET, chunk: int = CHUNK) -> Iterator[bytes]:
    """Badges as one PDF, produced piece by piece; ``chunk`` is rounded to whole pages."""
    layout = LAYOUTS[layout] if isinstance(layout, str) else layout
    chunk = min(chunk, CHUNK_PAGES * layout.per_page)
    size = max(layout.per_page, chunk - chunk % layout.per_page)
    badges = iter(badges)

    def chunks():
        while batch := list(islice(badges, size)):
            yield _document(batch, layout)

    return stream_pdf(chunks())


def badges_pdf(badges: Iterable[Badge], layout: Layout | str = SHEET) -> bytes:
    return b"".join(stream_badges(badges, layout))


def glyph_problems(badges: Iterable[Badge]) -> list[dict]:
    """Every delegate whose name, title or unit has a character the badge fonts cannot draw."""
    problems = []
    for badge in badges:
        for field, text, font in (("full_name", badge.full_name, NAME_FONT), ("title", badge.title, TEXT_FONT),
                                  ("unit", badge.unit, TEXT_FONT)):
            missing = missing_glyphs(text, font)
            if missing:
                problems.append({"delegate_id": badge.delegate_id, "full_name": badge.full_name, "field": field,
                                 "characters": missing,
                                 "reason": f"font {font} has no glyph for {' '.join(missing)} "
                                           f"({', '.join(f'U+{ord(c):04X}' for c in missing)})"})
    return problems
