"""Read back: the short code is printed right under the QR code, on the Giấy mời and on both badge
layouts, and every letter of a batch carries the same number (Số) and date."""
import pytest

from ceremony.badges.pdf import Badge, badges_pdf
from ceremony.invitations.codes import check_character, grouped
from ceremony.invitations.letter import letters_pdf
from tests.badges.readback import assert_code_under_qr, pdf_pages_text, pdf_qr_boxes, pdf_text_positions
from tests.invitations.test_letter import HEAD, _letter


def _code(n: int) -> str:
    body = "".join("23456789ABCDEFGHJKMNPQRSTVWXYZ"[(n * 7 + i * 11) % 30] for i in range(7))
    return body + check_character(body)


def test_letters_print_the_code_under_the_qr_and_share_one_number(tmp_path):
    letters = [_letter(n, f"Nguyễn Văn Thứ {n}", short_code=_code(n)) for n in range(1, 4)]
    data = letters_pdf(HEAD, letters)
    runs, boxes = pdf_text_positions(data), pdf_qr_boxes(data, tmp_path)
    texts = [" ".join(t.split()) for t in pdf_pages_text(data)]
    for letter, page_runs, page_boxes, text in zip(letters, runs, boxes, texts):
        assert [b[0] for b in page_boxes] == [letter.url]
        assert_code_under_qr(page_runs, page_boxes[0], grouped(letter.short_code))
        with pytest.raises(AssertionError):  # the check tells "under the QR" from elsewhere on the page
            assert_code_under_qr(page_runs, page_boxes[0], "GIẤY MỜI")
        assert "Số: 125/GM-UBND" in text and "Quảng Ngãi, ngày 20 tháng 9 năm 2024" in text
    numbers = {line for t in texts for line in [t[t.index("Số:"):t.index("GM-UBND") + 7]]}
    assert numbers == {"Số: 125/GM-UBND"}


@pytest.mark.parametrize("layout, per_page", [("sheet", 8), ("single", 1)])
def test_badges_print_the_code_under_the_qr(tmp_path, layout, per_page):
    badges = [Badge(delegate_id=n, full_name=f"Tôn Nữ Thị Hoàng Ngọc Quỳnh {n}", title="Phó Chủ tịch UBND tỉnh",
                    unit="Ủy ban nhân dân tỉnh Quảng Ngãi", point="Xã Phổ An", zone="A", seat=str(n),
                    category="Lãnh đạo tỉnh", url=f"https://ceremony.test/i/c3.{'K' * 20}{n:02d}.sig{n:07d}",
                    short_code=_code(n)) for n in range(1, per_page + 1)]
    data = badges_pdf(badges, layout)
    runs, boxes = pdf_text_positions(data)[0], pdf_qr_boxes(data, tmp_path)[0]
    by_url = {b[0]: b for b in boxes}
    assert len(by_url) == per_page
    for badge in badges:
        assert_code_under_qr(runs, by_url[badge.url], grouped(badge.short_code))
