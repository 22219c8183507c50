from ceremony.core.pdf import missing_glyphs

VIETNAMESE = ("ẠẢÃÀÁÂẬẦẤẨẪĂẮẰẶẲẴÓÒỌÕỎÔỘỔỖỒỐƠỜỚỢỞỠÉÈẺẸẼÊẾỀỆỂỄÚÙỤỦŨƯỰỮỬỪỨÍÌỊỈĨÝỲỶỴỸĐ"
              "ạảãàáâậầấẩẫăắằặẳẵóòọõỏôộổỗồốơờớợởỡéèẻẹẽêếềệểễúùụủũưựữửừứíìịỉĩýỳỷỵỹđ")


def test_shipped_fonts_draw_every_vietnamese_letter():
    for font in ("Serif", "Serif-Bold", "Serif-Italic", "Serif-BoldItalic", "Sans", "Sans-Bold"):
        assert missing_glyphs(VIETNAMESE, font) == [], font


def test_missing_glyphs_are_named():
    assert missing_glyphs("Nguyễn Văn An 𠀧 ꧁", "Serif") == ["꧁", "𠀧"]


def test_decomposed_input_is_checked_after_nfc():
    decomposed = "Nguye\u0302\u0303n"  # ễ written as e + circumflex + tilde
    assert missing_glyphs(decomposed) == []
