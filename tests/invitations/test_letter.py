"""The Giấy mời PDF, read back: its text with diacritics, and the QR code of every page."""
from datetime import date, datetime

import pytest
from pypdf import PdfReader
import io

from ceremony.invitations.codes import check_character
from ceremony.invitations.letter import Letter, LetterHead, glyph_problems, letters_pdf, stream_letters, vn_date
from tests.badges.readback import pdf_pages_text, pdf_qr_codes

HEAD = LetterHead(host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi",
                  title="Lễ Khai trương và Phát động cài đặt, sử dụng 02 Ứng dụng di động G-Quảng Ngãi và C-Quảng Ngãi",
                  starts_at=datetime(2024, 9, 27, 8, 0), plan_reference="Kế hoạch số 483/KH-UBND ngày 11/9/2024",
                  signer_authority="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH", signer_name="Trần Phước Hiền",
                  number="125", letter_date=date(2024, 9, 20))


def short_code(serial: int) -> str:
    body = f"ABC{serial:04d}".replace("0", "Z").replace("1", "T")
    return body + check_character(body)


def _letter(serial, name, **fields):
    values = dict(honorific="Ông", full_name=name, title="Giám đốc",
                  unit="Sở Nội vụ", venue="Trung tâm IOC, Quảng Ngãi",
                  url=f"https://ceremony.test/i/c3.{'K' * 20}{serial:02d}.sig{serial:07d}", short_code=short_code(serial))
    values.update(fields)
    return Letter(**values)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_dates_follow_the_decree():
    assert vn_date(date(2024, 9, 27)) == "ngày 27 tháng 9 năm 2024"
    assert vn_date(date(2024, 1, 5)) == "ngày 05 tháng 01 năm 2024"
    assert vn_date(date(2023, 12, 9)) == "ngày 09 tháng 12 năm 2023"


def test_letter_reads_back_with_every_part_of_the_decree_layout(tmp_path):
    letters = [
        _letter(12, "Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng", honorific="Bà", zone="A", seat="3"),
        _letter(13, "Đặng Ngọc Ẩn", point="Xã Phổ An", venue="Hội trường UBND xã Phổ An, Đức Phổ",
                contact="Trần Văn Bảy, 0912345678"),
    ]
    data = letters_pdf(HEAD, letters)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]  # A4
    first, second = (_flat(t) for t in pdf_pages_text(data))
    for part in ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: 125/GM-UBND", "Quảng Ngãi, ngày 20 tháng 9 năm 2024", "GIẤY MỜI",
                 "Dự Lễ Khai trương và Phát động cài đặt", "Kính gửi: Bà Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng",
                 "Thời gian: 08 giờ 00, ngày 27 tháng 9 năm 2024", "Địa điểm: Trung tâm IOC, Quảng Ngãi",
                 "Vị trí: khu vực A, ghế số 3", "Kế hoạch số 483/KH-UBND", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                 "Trần Phước Hiền", "Nơi nhận:", "Như trên;", "Mã QR của Giấy mời"):
        assert part in first, part
    # One registered document: the same number and date on every recipient's letter.
    assert "Số: 125/GM-UBND" in second and "Quảng Ngãi, ngày 20 tháng 9 năm 2024" in second
    assert "Kính gửi: Ông Đặng Ngọc Ẩn" in second
    assert "Địa điểm: điểm cầu xã Phổ An, Hội trường UBND xã Phổ An, Đức Phổ" in second
    assert "Trần Văn Bảy, 0912345678" in second and "Vị trí" not in second
    assert pdf_qr_codes(data, tmp_path) == [[letters[0].url], [letters[1].url]]


def test_a_batch_is_streamed_in_chunks_into_one_valid_pdf(tmp_path):
    letters = [_letter(n, f"Nguyễn Văn Thứ {n}") for n in range(1, 8)]
    pieces = list(stream_letters(HEAD, letters, chunk=3))  # three chunks: 3 + 3 + 1
    data = b"".join(pieces)
    assert len(pieces) > 10  # written object by object, not as one block
    texts = pdf_pages_text(data)
    assert len(texts) == 7
    assert [f"Nguyễn Văn Thứ {n}" in _flat(t) for n, t in zip(range(1, 8), texts)] == [True] * 7
    assert pdf_qr_codes(data, tmp_path) == [[letter.url] for letter in letters]


@pytest.mark.parametrize("name, missing", [("Nguyễn Văn 𠀧", ["𠀧"]), ("Lê Thị Hoa", [])])
def test_letter_glyph_check_names_the_character(name, missing):
    problems = glyph_problems([_letter(1, name)])
    assert [p["characters"] for p in problems] == ([missing] if missing else [])
    if missing:
        assert problems[0]["full_name"] == name and f"U+{ord(missing[0]):04X}" in problems[0]["reason"]


def test_text_stays_inside_the_decree_margins():
    mm = 72 / 25.4
    data = letters_pdf(HEAD, [_letter(7, "Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng", zone="A", seat="3",
                                      contact="Trần Văn Bảy, 0912345678")])
    positions = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            positions.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    xs, ys = [p[0] for p in positions], [p[1] for p in positions]
    assert len(positions) > 20
    assert min(xs) >= 30 * mm - 0.5  # left margin 30 mm
    assert min(ys) >= 20 * mm - 0.5 and max(ys) <= (297 - 20) * mm  # top and bottom 20 mm
