"""Vietnamese collation: names sorted the way Vietnamese lists are, not by code point.

A list is ordered by given name (the last word), then by the rest of the name from the surname.
Within a word, base letters decide first in the Vietnamese alphabet
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; f j w z slot in at their Latin places),
then the tones (ngang, huyền, hỏi, ngã, sắc, nặng), then letter case.
"""
from __future__ import annotations

import unicodedata

ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
            "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Marks that make a different letter (ă â ê ô ơ ư) and marks that only carry the tone.
QUALITY_MARKS = {"\u0306", "\u0302", "\u031b"}
TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
# Legacy encodings write Đ as the Icelandic eth (U+00D0); it sorts as Đ.
LOOKALIKES = {"ð": "đ"}


def _clusters(word: str):
    """(base with quality marks, tone marks) per letter of ``word``."""
    current, marks = "", []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch):
            marks.append(ch)
            continue
        if current:
            yield current, marks
        current, marks = ch, []
    if current:
        yield current, marks


def word_key(word: str) -> tuple:
    """Sort key of one word: (letters, tones, case)."""
    letters, tones, cases = [], [], []
    for base, marks in _clusters(word):
        lower = LOOKALIKES.get(base.lower(), base.lower())
        letter = unicodedata.normalize("NFC", lower + "".join(m for m in marks if m in QUALITY_MARKS))
        rank = LETTER_RANK.get(letter)
        letters.append((0, rank) if rank is not None else (1, ord(letter[0])))
        tones.append(max((TONE_RANK.get(m, 0) for m in marks), default=0))
        cases.append(0 if base == lower else 1)
    return tuple(letters), tuple(tones), tuple(cases)


def text_key(text: str) -> tuple:
    """Sort key of a phrase, word by word (a unit name, a title)."""
    return tuple(word_key(w) for w in (text or "").split())


def name_key(full_name: str) -> tuple:
    """Sort key of a Vietnamese full name: given name first, then surname and middle names."""
    words = (full_name or "").split()
    if not words:
        return ((), ())
    return (word_key(words[-1]),), tuple(word_key(w) for w in words[:-1])


def sort_names(names, key=lambda x: x):
    """``names`` (or objects, with ``key`` giving the name) in Vietnamese order."""
    return sorted(names, key=lambda item: name_key(key(item)))
