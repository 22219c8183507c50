"""Unit names inside sentences and durations in words (``ceremony.core.wording``)."""
import pytest

from ceremony.core.wording import duration_words, in_sentence


@pytest.mark.parametrize("text, inside, at_start", [
    ("Xã Đức Lợi", "xã Đức Lợi", "Xã Đức Lợi"),
    ("Thị xã Đức Phổ", "thị xã Đức Phổ", "Thị xã Đức Phổ"),
    ("Thị trấn Châu Ổ", "thị trấn Châu Ổ", "Thị trấn Châu Ổ"),
    ("Thành phố Quảng Ngãi", "thành phố Quảng Ngãi", "Thành phố Quảng Ngãi"),
    ("Huyện Mộ Đức", "huyện Mộ Đức", "Huyện Mộ Đức"),
    ("Tỉnh Quảng Ngãi", "tỉnh Quảng Ngãi", "Tỉnh Quảng Ngãi"),
    ("Phường Nguyễn Nghiêm (Thị xã Đức Phổ)", "phường Nguyễn Nghiêm (thị xã Đức Phổ)",
     "Phường Nguyễn Nghiêm (thị xã Đức Phổ)"),
    ("Hội trường UBND Xã Đức Lợi", "Hội trường UBND xã Đức Lợi", "Hội trường UBND xã Đức Lợi"),
    ("Điểm cầu: Xã Đức Lợi. Xã Đức Lợi có 3 đại biểu.", "Điểm cầu: xã Đức Lợi. Xã Đức Lợi có 3 đại biểu.",
     "Điểm cầu: xã Đức Lợi. Xã Đức Lợi có 3 đại biểu."),
    ("– Điểm cầu Phường Trà Câu;\n– Điểm cầu Xã Phổ An", "– Điểm cầu phường Trà Câu;\n– Điểm cầu xã Phổ An",
     "– Điểm cầu phường Trà Câu;\n– Điểm cầu xã Phổ An"),
    ("Xã", "Xã", "Xã"), ("Sở Nội vụ", "Sở Nội vụ", "Sở Nội vụ"), ("", "", ""),
])
def test_unit_kinds_are_lower_case_inside_a_sentence_only(text, inside, at_start):
    assert in_sentence(text) == inside
    assert in_sentence(text, at_start=True) == at_start


def test_a_line_that_starts_with_a_kind_keeps_its_capital():
    assert in_sentence("UBND Xã A\nXã B họp", at_start=True) == "UBND xã A\nXã B họp"


@pytest.mark.parametrize("seconds, vi, en", [
    (900, "15 phút", "15 min"), (3900, "1 giờ 05 phút", "1 h 05 min"), (7200, "2 giờ", "2 h"),
    (872, "14 phút 32 giây", "14 min 32 s"), (45, "45 giây", "45 s"), (0, "0 phút", "0 min"),
    (-70, "−1 phút 10 giây", "−1 min 10 s"), (None, "", ""),
])
def test_durations_in_words(seconds, vi, en):
    assert duration_words(seconds) == vi and duration_words(seconds, lang="en") == en


def test_a_signed_duration_shows_its_sign():
    assert duration_words(300, signed=True) == "+5 phút" and duration_words(-60, signed=True) == "−1 phút"
    assert duration_words(0, signed=True) == "0 phút"


def test_the_jinja_filters(app):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string("UBND {{ name|in_sentence }}: {{ 3900|duration_words }}")
        assert template.render(name="Xã Đức Lợi") == "UBND xã Đức Lợi: 1 giờ 05 phút"
