"""Vietnamese collation: names sorted the way Vietnamese lists are, not by code point.

A list is ordered by given name (the last word), then by the rest of the name from the surname.
Within a word, base letters decide first in the Vietnamese alphabet
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y; f j w z slot in at their Latin places),
then the tones (ngang, huyền, hỏi, ngã, sắc, nặng), then letter case.
"""
from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> tuple:
    """Sort key of one word: (letters, tones, case). Cached: a list of 300,000 names has a few
    thousand different words."""
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


# -- the stored keys ---------------------------------------------------------------------------
# ``name_key`` as a string whose plain byte order (COLLATE "C") is the Vietnamese order, stored on
# each delegate when it is written so lists are ordered, paged and counted by the database.
# Each letter is one character (A.. for the alphabet, "z" + 6 hex digits for any other character,
# after every letter as in ``word_key``); tones and case one digit each; every sequence ends with a
# terminator lower than anything it holds, so a shorter sequence sorts first, as tuples do.
_END_LETTERS = "#"  # end of a word's letters, tones, cases
_END_WORDS = "!"  # end of a list of words
SORT_KEY_LENGTH = 1200
SEARCH_KEY_LENGTH = 400
SEARCH_SEPARATOR = "\x1f"  # between the folded name and the folded title


@functools.lru_cache(maxsize=65536)
def _word_code(word: str) -> str:
    return _encode_word(word_key(word))


def _encode_word(key: tuple) -> str:
    letters, tones, cases = key
    out = [chr(0x41 + rank) if kind == 0 else "z%06x" % rank for kind, rank in letters]
    out.append(_END_LETTERS)
    out.extend(str(t) for t in tones)
    out.append(_END_LETTERS)
    out.extend(str(c) for c in cases)
    out.append(_END_LETTERS)
    return "".join(out)


def sort_key(full_name: str) -> str:
    """``name_key`` of a full name as a string: compares (bytewise) exactly as ``name_key`` does."""
    words = (full_name or "").split()
    if not words:
        return (_END_WORDS + _END_WORDS)[:SORT_KEY_LENGTH]
    return (_word_code(words[-1]) + _END_WORDS
            + "".join(_word_code(w) for w in words[:-1]) + _END_WORDS)[:SORT_KEY_LENGTH]


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d), whatever the input's normal form (NFC or NFD):
    what a gate searches names typed without tones in. Folded word by word (a character never
    changes across a space), each word cached: names and titles share their words."""
    return " ".join(_fold_word(word) for word in (text or "").split(" "))


@functools.lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_key(full_name: str, title: str = "") -> str:
    """The folded name and title, as stored for a name search (``LIKE`` on the folded needle)."""
    return (fold(full_name) + SEARCH_SEPARATOR + fold(title))[:SEARCH_KEY_LENGTH]
