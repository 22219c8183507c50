"""Badge PDFs read back: names with diacritics, every QR code, long names kept inside their box."""
import io

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from ceremony.badges.pdf import NAME_FONT, SHEET, SINGLE, Badge, badges_pdf, fit, glyph_problems, stream_badges
from ceremony.core.pdf import register_fonts
from tests.badges.readback import pdf_pages_text, pdf_qr_codes
from tests.delegates.helpers import LONG_NAMES


def _badges(n: int) -> list[Badge]:
    return [Badge(delegate_id=i, full_name=LONG_NAMES[i % len(LONG_NAMES)] + f" {i}", title="Phó Chủ tịch UBND",
                  unit="Ủy ban nhân dân xã Phổ An, thị xã Đức Phổ", point="Xã Phổ An", zone="B", seat=str(i),
                  category="Lãnh đạo UBND cấp xã", colour="#2a9d8f", is_vip=i == 0,
                  url=f"https://ceremony.test/i/c4.{'Q' * 18}{i:04d}.s{i:09d}") for i in range(n)]


def _flat(text):
    return " ".join(text.split())


@pytest.mark.parametrize("layout, pages", [(SHEET, 2), (SINGLE, 10)])
def test_badges_read_back_names_and_every_qr(layout, pages, tmp_path):
    badges = _badges(10)
    data = badges_pdf(badges, layout)
    texts = [_flat(t) for t in pdf_pages_text(data)]
    assert len(texts) == pages
    everything = " ".join(texts)
    for badge in badges:
        assert badge.full_name in everything, badge.full_name
    assert "VIP · Lãnh đạo UBND cấp xã" in everything and "Điểm cầu: xã Phổ An" in everything
    assert "Khu vực: B · Ghế: 3" in everything
    found = [code for page in pdf_qr_codes(data, tmp_path) for code in page]
    assert sorted(found) == sorted(b.url for b in badges)  # every QR on every page decodes


def test_sheet_pages_are_a4_and_single_badges_90_by_130_mm():
    for layout, size in ((SHEET, (595, 842)), (SINGLE, (255, 369))):
        reader = PdfReader(io.BytesIO(badges_pdf(_badges(1), layout)))
        assert tuple(round(float(v)) for v in reader.pages[0].mediabox[2:]) == size


@pytest.mark.parametrize("layout", [SHEET, SINGLE])
def test_longest_names_shrink_then_wrap_and_never_overflow(layout):
    register_fonts()
    width = layout.width - 2 * 3.5 * 72 / 25.4 - (0 if layout.qr_below else layout.qr + 3.5 * 72 / 25.4)
    names = LONG_NAMES + ["Công Tằng Tôn Nữ Thị Phương Thảo Nguyễn Huỳnh Ngọc Diễm Châu",
                          "Nguyễn-Phan-Trần-Lê-Huỳnh-Võ-Đặng-Bùi-Hoàng-Phạm-Thị-Thùy-Dương"]
    for name in names:
        size, lines = fit(name, NAME_FONT, layout.name_sizes, width, 2)
        assert layout.name_sizes[1] <= size <= layout.name_sizes[0]
        assert 1 <= len(lines) <= 2
        assert all(stringWidth(line, NAME_FONT, size) <= width + 0.01 for line in lines), (name, lines)
        if not lines[-1].endswith("…"):
            assert " ".join(lines) == name or "".join(lines) == name  # nothing lost
    short_size, short_lines = fit("Lê Ỷ", NAME_FONT, layout.name_sizes, width, 2)
    assert short_size == layout.name_sizes[0] and short_lines == ["Lê Ỷ"]
    # A name that fits one line only when slightly smaller is shrunk, not wrapped.
    largest = layout.name_sizes[0]
    candidates = ["Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng"[:n] for n in range(10, 34)]
    name = next(c for c in candidates if stringWidth(c, NAME_FONT, largest) > width
                and stringWidth(c, NAME_FONT, largest * 0.8) <= width)
    size, lines = fit(name, NAME_FONT, layout.name_sizes, width, 2)
    assert lines == [name] and size < largest


def test_streaming_writes_piece_by_piece_with_one_page_tree(tmp_path):
    pieces = list(stream_badges(_badges(40), SHEET, chunk=16))  # three chunks of 2, 2 and 1 pages
    data = b"".join(pieces)
    assert len(pieces) > 20 and data.count(b"/Type /Pages") == 1 and data.count(b"/Type /Catalog") == 1
    assert len(PdfReader(io.BytesIO(data), strict=True).pages) == 5
    found = [code for page in pdf_qr_codes(data, tmp_path) for code in page]
    assert sorted(found) == sorted(b.url for b in _badges(40))


def test_glyph_check_names_the_delegate_and_the_character():
    badges = _badges(3)
    bad = Badge(delegate_id=77, full_name="Hồ Thị 𠀧", title="Chủ nhiệm HTX ꧁", unit="", point="Xã Phổ An")
    problems = glyph_problems(badges + [bad])
    assert [(p["delegate_id"], p["field"], p["characters"]) for p in problems] == [
        (77, "full_name", ["𠀧"]), (77, "title", ["꧁"])]


LONG_CATEGORY = "Lãnh đạo Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội cấp xã"


@pytest.mark.parametrize("layout", [SHEET, SINGLE])
def test_a_long_category_wraps_in_its_band_at_a_readable_size(layout):
    """The band once shrank a long category to ~5 pt on one line: now two lines of at least 8 pt."""
    badge = Badge(delegate_id=1, full_name="Nguyễn Văn An", title="Chủ tịch", unit="UBND xã Phổ An",
                  point="Xã Phổ An", category=LONG_CATEGORY, colour="#2a9d8f")
    page = PdfReader(io.BytesIO(badges_pdf([badge], layout))).pages[0]
    runs = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append((text.strip(), size, tm[5] + cm[5]))
                      if text.strip() else None)
    band = [(text, size, y) for text, size, y in runs if text and any(w in text for w in ("Mặt trận", "hội cấp xã"))]
    assert band, runs
    assert all(size >= 8 for _, size, _ in band), band
    assert " ".join(_flat(t) for t, _, _ in band) == LONG_CATEGORY  # whole, wrapped, not cut with "…"
    assert len({round(y) for _, _, y in band}) == 2  # on two lines
    top = layout.origins()[0][1] + layout.height  # the first badge's top edge: the band hangs from it
    for _, size, y in band:  # capitals below the band's top, descenders above its bottom
        assert top - layout.band + 0.25 * size <= y <= top - 0.75 * size, (y, top, layout.band)
