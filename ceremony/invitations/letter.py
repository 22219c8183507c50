"""The invitation letter (Giấy mời) as a PDF, laid out as Decree 30/2020/NĐ-CP lays out administrative
documents (see shared/reference/giay-moi.md): issuing body and national motto, number, place and date,
GIẤY MỜI and subject, addressee, body, signer block, recipients; with the delegate's QR code.

Pure: ``Letter`` items in, PDF bytes out. A batch is built in chunks and streamed
(``ceremony.core.pdfstream``), so 5,000 letters never sit in memory at once. QR codes are drawn as
vector squares (no images), which keeps pages small and sharp at any print resolution.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import compress, islice

import qrcode

try:  # a C++ encoder, 10x faster than qrcode's pure Python; qrcode stays the fallback
    import zxingcpp
except ImportError:  # pragma: no cover - zxing-cpp is in requirements.txt
    zxingcpp = None
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from xml.sax.saxutils import escape

from ceremony.core.pdf import register_fonts
from ceremony.core.pdfstream import stream_pdf
from ceremony.core.wording import in_sentence
from ceremony.invitations.codes import grouped

TOP, BOTTOM, LEFT, RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
WIDTH = A4[0] - LEFT - RIGHT
QR_SIZE = 30 * mm
QR_MASK = 4
CHUNK = 100  # letters per reportlab document before it is streamed out
QR_NOTE = ("Mã QR của Giấy mời: quét bằng điện thoại để xem chương trình, vị trí và xác nhận tham dự; "
           "xuất trình tại cổng (hoặc đọc mã in dưới mã QR) để làm thủ tục vào dự.")
CODE_FONT, CODE_SIZE = "Sans-Bold", 12
TIER_WORDS = (" tỉnh ", " thành phố ", " huyện ", " thị xã ", " quận ", " xã ", " phường ", " thị trấn ")


@dataclass(frozen=True)
class LetterHead:
    """What every letter of a ceremony shares: who issues it, when and what for, who signs."""

    host_unit: str  # "Ủy ban nhân dân tỉnh Quảng Ngãi"
    title: str  # the ceremony
    starts_at: datetime  # local time
    plan_reference: str = ""
    place: str = ""  # "Quảng Ngãi"; derived from host_unit when empty
    # One registered document: every letter of the batch carries the same number and date. Blank
    # ones print as blanks for the clerk to write in (the organizer is warned before printing).
    number: str = ""
    letter_date: date | None = None
    number_suffix: str = "GM-UBND"
    signer_authority: str = "TL. CHỦ TỊCH"
    signer_title: str = "CHÁNH VĂN PHÒNG"
    signer_name: str = ""
    filing: str = "Lưu: VT, KGVX."


@dataclass(frozen=True)
class Letter:
    """One delegate's letter."""

    honorific: str
    full_name: str
    title: str
    unit: str
    venue: str
    point: str = ""  # the bridge point's name, for a remote delegate; "" at the provincial venue
    zone: str = ""
    seat: str = ""
    contact: str = ""
    url: str = ""
    short_code: str = ""  # printed under the QR, grouped: ABCD-EFGH


def vn_date(day: date) -> str:
    """``ngày 05 tháng 01 năm 2024``: days below 10 and months 1 and 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_blank_date(year: int) -> str:
    """The date line left for the clerk: ``ngày     tháng     năm 2024``."""
    return f"ngày {BLANK} tháng {BLANK} năm {year}"


BLANK = " " * 8  # room for a hand-written day, month or number


def vn_time(moment: datetime) -> str:
    return f"{moment.hour:02d} giờ {moment.minute:02d}, {vn_date(moment.date())}"


def split_unit(host_unit: str) -> tuple[str, str]:
    """``Ủy ban nhân dân tỉnh Quảng Ngãi`` → (``ỦY BAN NHÂN DÂN``, ``TỈNH QUẢNG NGÃI``)."""
    lowered = f" {host_unit.lower()} "
    for word in TIER_WORDS:
        at = lowered.find(word)
        if at > 0:
            return host_unit[:at - 1].upper().strip(), host_unit[at:].upper().strip()
    return host_unit.upper(), ""


def place_of(host_unit: str) -> str:
    head, tail = split_unit(host_unit)
    for word in TIER_WORDS:
        if tail.lower().startswith(word.strip() + " "):
            return host_unit[len(host_unit) - len(tail) + len(word.strip()) + 1:]
    return tail.title() if tail else host_unit


QR_BORDER = 2  # modules of quiet zone on each side


_DARK = bytes.maketrans(bytes(range(256)), bytes([1] + [0] * 255))  # image byte 0 (black) -> 1


@lru_cache(maxsize=8)
def _unit_squares(across: int) -> list[str]:
    """The ``re`` operator of every module of an ``across``-wide symbol, row by row (y down)."""
    return [f"{c} {r} 1 1 re\n" for r in range(across) for c in range(across)]


def _qr_rects(text: str) -> tuple[int, str]:
    """(modules across without quiet zone, the dark modules as PDF ``re`` operators in module units
    with y down) of the QR code of ``text``, error correction M, mask fixed (choosing the best of
    eight costs eight encodings; any is valid).

    zxing-cpp encodes in C++ (0.1 ms); the operators are picked from a table of every module's square
    by the dark modules (itertools.compress, no Python loop per module). The pure-Python ``qrcode``
    (1.5 ms) is the fallback.
    """
    if zxingcpp is not None:
        image = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M",
                                        data_mask=QR_MASK).to_image(scale=1, add_quiet_zones=False)
        across = image.shape[1]
        return across, "".join(compress(_unit_squares(across), bytes(image).translate(_DARK)))
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    return len(matrix), "".join(compress(_unit_squares(len(matrix)), (dark for row in matrix for dark in row)))


@lru_cache(maxsize=2048)
def qr_path(text: str) -> tuple[int, str]:
    """(modules across, quiet zone included; the PDF operators that fill the dark modules in a square
    of ``across`` units with y down): built once per token, drawn at any size by ``draw_qr``."""
    across, rects = _qr_rects(text)
    # The fill is stroked too with a hair of the same black, so anti-aliased renderers leave no seams
    # between touching squares.
    return across + 2 * QR_BORDER, f"1 0 0 1 {QR_BORDER} {QR_BORDER} cm 0.06 w\n{rects}B"


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """A QR code of ``text`` as vector squares, lower-left corner at (x, y), quiet zone included.

    The path is built once per token (``qr_path``) and placed with one transformation matrix (y down,
    as the modules are numbered), so a badge costs one string, not a path object per module run.
    """
    across, path = qr_path(text)
    module = size / across
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.addLiteral(f"0 g 0 G {module:.5f} 0 0 {-module:.5f} {x:.3f} {y + size:.3f} cm\n{path}")
    canvas.restoreState()


def draw_code(canvas: Canvas, code: str, centre: float, y: float, size: float) -> None:
    """The short code, grouped (``ABCD-EFGH``), centred under a QR code with its baseline at y."""
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(CODE_FONT, size)
    canvas.drawCentredString(centre, y, grouped(code))
    canvas.restoreState()


def _style(name: str, font: str = "Serif", size: float = 13, align=TA_JUSTIFY, indent: float = 0,
           leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25, alignment=align,
                          firstLineIndent=indent, spaceAfter=3)


BODY = _style("body", indent=10 * mm)
ITEM = _style("item", indent=10 * mm)
ADDRESSEE = _style("addressee", align=TA_LEFT)
SUBJECT = _style("subject", "Serif-Bold", 13, TA_CENTER)
NOTE = _style("note", "Serif-Italic", 8, TA_CENTER, leading=9.5)
RECIPIENTS = _style("recipients", "Serif", 11, TA_LEFT, leading=13)


def _centred(canvas: Canvas, text: str, centre: float, y: float, font: str, size: float, rule: float = 0) -> None:
    canvas.setFont(font, size)
    canvas.drawCentredString(centre, y, text)
    if rule:
        width = stringWidth(text, font, size) * rule
        canvas.setLineWidth(0.6)
        canvas.line(centre - width / 2, y - 5, centre + width / 2, y - 5)


class _Page:
    """A y cursor that breaks to a new page when a paragraph would cross the bottom margin."""

    def __init__(self, canvas: Canvas, y: float):
        self.canvas, self.y = canvas, y

    def flow(self, paragraph: Paragraph, width: float = WIDTH, x: float = LEFT) -> float:
        _, height = paragraph.wrap(width, A4[1])
        if self.y - height < BOTTOM:
            self.canvas.showPage()
            self.y = A4[1] - TOP
        paragraph.drawOn(self.canvas, x, self.y - height)
        self.y -= height + paragraph.style.spaceAfter
        return height


def _header(canvas: Canvas, head: LetterHead) -> float:
    top = A4[1] - TOP - 12
    left_centre, right_centre = LEFT + 33 * mm, LEFT + WIDTH - 50 * mm
    body, unit = split_unit(head.host_unit)
    _centred(canvas, body, left_centre, top, "Serif-Bold", 12.5)
    _centred(canvas, unit, left_centre, top - 15, "Serif-Bold", 12.5, rule=0.4)
    _centred(canvas, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right_centre, top, "Serif-Bold", 12.5)
    _centred(canvas, "Độc lập - Tự do - Hạnh phúc", right_centre, top - 15, "Serif-Bold", 13.5, rule=1)
    number = head.number.strip() or BLANK
    _centred(canvas, f"Số: {number}/{head.number_suffix}", left_centre, top - 38, "Serif", 13)
    day = vn_date(head.letter_date) if head.letter_date else vn_blank_date(head.starts_at.year)
    _centred(canvas, f"{head.place or place_of(head.host_unit)}, {day}", right_centre, top - 38, "Serif-Italic", 13.5)
    _centred(canvas, "GIẤY MỜI", LEFT + WIDTH / 2, top - 78, "Serif-Bold", 14)
    return top - 86


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text, style)


def draw_letter(canvas: Canvas, head: LetterHead, letter: Letter) -> None:
    """Draw one letter on the canvas, from the top of a fresh page; ends its page."""
    e = escape
    page = _Page(canvas, _header(canvas, head))
    page.flow(_p(f"Dự {e(head.title)}", SUBJECT))
    page.y -= 6
    # Addressee beside the QR code, which sits at the right margin.
    qr_top = page.y
    who = f"{e(letter.honorific)} <b>{e(letter.full_name)}</b>"
    role = ", ".join(p for p in (letter.title, letter.unit if letter.unit and letter.unit.lower()
                                 not in letter.title.lower() else "") if p)
    addressee_width = WIDTH - QR_SIZE - 8 * mm
    page.flow(_p(f"Kính gửi: {who}" + (f"<br/>{e(role)}" if role else ""), ADDRESSEE), addressee_width,
              LEFT + 15 * mm)
    if letter.url:
        draw_qr(canvas, letter.url, LEFT + WIDTH - QR_SIZE, qr_top - QR_SIZE, QR_SIZE)
        below = qr_top - QR_SIZE
        if letter.short_code:
            below -= CODE_SIZE + 1
            draw_code(canvas, letter.short_code, LEFT + WIDTH - QR_SIZE / 2, below, CODE_SIZE)
            below -= 3
        note = _p(e(QR_NOTE), NOTE)
        _, height = note.wrap(QR_SIZE + 6 * mm, 100)
        note.drawOn(canvas, LEFT + WIDTH - QR_SIZE - 3 * mm, below - height - 2)
        page.y = min(page.y, below - height - 8)
    page.y -= 4
    invite = f"{e(head.host_unit)} trân trọng kính mời {e(letter.honorific)} tới dự {e(head.title)}."
    if head.plan_reference:
        invite = f"Thực hiện {e(head.plan_reference)}, " + invite
    page.flow(_p(invite, BODY))
    page.flow(_p(f"<b>- Thời gian:</b> {vn_time(head.starts_at)}.", ITEM))
    place = (f"điểm cầu {e(in_sentence(letter.point))}, {e(in_sentence(letter.venue))}" if letter.point
             else e(in_sentence(letter.venue)))
    page.flow(_p(f"<b>- Địa điểm:</b> {place}.", ITEM))
    if letter.zone or letter.seat:
        spot = ", ".join(p for p in (f"khu vực {e(letter.zone)}" if letter.zone else "",
                                     f"ghế số {e(letter.seat)}" if letter.seat else "") if p)
        page.flow(_p(f"<b>- Vị trí:</b> {spot}.", ITEM))
    program = "theo Chương trình buổi lễ" + (f" kèm theo {e(head.plan_reference)}" if head.plan_reference else "")
    page.flow(_p(f"<b>- Chương trình:</b> {program}; chương trình chi tiết xem tại trang Giấy mời (mã QR).", ITEM))
    ask = f"Đề nghị {e(letter.honorific)} mang theo Giấy mời này khi đến dự."
    if letter.contact:
        ask += f" Thông tin chi tiết xin liên hệ: {e(letter.contact)}."
    page.flow(_p(ask, BODY))
    page.flow(_p(f"Rất mong {e(letter.honorific)} đến dự đúng thời gian./.", BODY))
    _signature(canvas, page, head)
    canvas.showPage()


def _signature(canvas: Canvas, page: _Page, head: LetterHead) -> None:
    if page.y - 120 < BOTTOM:
        canvas.showPage()
        page.y = A4[1] - TOP
    top = page.y - 14
    centre = LEFT + WIDTH - 40 * mm
    _centred(canvas, head.signer_authority, centre, top, "Serif-Bold", 13)
    _centred(canvas, head.signer_title, centre, top - 16, "Serif-Bold", 13)
    if head.signer_name:
        _centred(canvas, head.signer_name, centre, top - 100, "Serif-Bold", 13)
    canvas.setFont("Serif-BoldItalic", 12)
    canvas.drawString(LEFT, top + 2, "Nơi nhận:")
    recipients = _p("- Như trên;<br/>- " + escape(head.filing), RECIPIENTS)
    _, height = recipients.wrap(70 * mm, 200)
    recipients.drawOn(canvas, LEFT, top - 4 - height)


def _document(head: LetterHead, letters: Iterable[Letter]) -> bytes:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Giấy mời - {head.title}")
    canvas.setAuthor(head.host_unit)
    for letter in letters:
        draw_letter(canvas, head, letter)
    canvas.save()
    return out.getvalue()


def _chunks(head: LetterHead, letters: Iterable[Letter], size: int) -> Iterator[bytes]:
    letters = iter(letters)
    while batch := list(islice(letters, size)):
        yield _document(head, batch)


def stream_letters(head: LetterHead, letters: Iterable[Letter], chunk: int = CHUNK) -> Iterator[bytes]:
    """The letters as one PDF, produced piece by piece (for a streamed response or a file)."""
    return stream_pdf(_chunks(head, letters, chunk))


def letters_pdf(head: LetterHead, letters: Iterable[Letter]) -> bytes:
    """One letter or a few as PDF bytes."""
    return b"".join(stream_letters(head, letters))


def glyph_problems(letters: Iterable[Letter]) -> list[dict]:
    """Every addressee whose name, title or unit has a character the letter's fonts cannot draw."""
    from ceremony.core.pdf import missing_glyphs

    problems = []
    for letter in letters:
        for field, text, font in (("full_name", letter.full_name, "Serif-Bold"), ("title", letter.title, "Serif"),
                                  ("unit", letter.unit, "Serif")):
            missing = missing_glyphs(text, font)
            if missing:
                problems.append({"short_code": letter.short_code, "full_name": letter.full_name, "field": field,
                                 "characters": missing,
                                 "reason": f"font {font} has no glyph for {' '.join(missing)} "
                                           f"({', '.join(f'U+{ord(c):04X}' for c in missing)})"})
    return problems
