"""Short invitation codes a person can read and type: ``ABCD-EFGH``.

Eight characters from Crockford's base32 alphabet without the look-alikes 0/O, 1/I/L and U
(30 symbols). The first seven are random (30**7 ≈ 2.2·10^10 per ceremony); the eighth is a check
character, a weighted sum of the seven modulo 30 with weights prime to 30, so any single mistyped
character (and most swapped neighbours) is caught at the gate, even offline, before any look-up.

Codes are unique per ceremony (a database constraint); they are shown grouped by four, and read
back case-insensitively with spaces, dashes and dots ignored.
"""
from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 8
WEIGHTS = (1, 7, 11, 13, 17, 19, 23)  # prime to 30: a single substituted character changes the check
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-.·_/]+")
_EXCLUDED = set("0O1ILU")
# "Số: 12/GM-UBND", "12/GM-UBND", "12": the letter's number, which every letter of a batch shares.
LETTER_NUMBER_RE = re.compile(r"^\s*(?:s[oố]\s*:?\s*)?\d{1,6}\s*(?:/\s*[a-zđ][a-zđ0-9.\- ]*)?\s*$", re.IGNORECASE)


def check_character(body: str) -> str:
    """The check character of the seven random characters ``body``."""
    return ALPHABET[sum(w * _VALUE[ch] for w, ch in zip(WEIGHTS, body)) % len(ALPHABET)]


def _random_body() -> str:
    """Seven uniform random characters: bytes below 240 (8 × 30) taken modulo 30, no bias."""
    chars: list[str] = []
    while len(chars) < LENGTH - 1:
        chars.extend(ALPHABET[b % 30] for b in secrets.token_bytes(LENGTH) if b < 240)
    return "".join(chars[:LENGTH - 1])


def new_code(taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A fresh code not in ``taken`` (the ceremony's codes, when the caller knows them)."""
    while True:
        body = _random_body()
        code = body + check_character(body)
        if code not in taken:
            return code


def clean(text: str) -> str:
    """What a person typed, upper-cased, without spaces, dashes and dots."""
    return _SEPARATORS.sub("", (text or "").strip()).upper()


def is_valid(code: str) -> bool:
    return (len(code) == LENGTH and all(ch in _VALUE for ch in code)
            and code[-1] == check_character(code[:-1]))


def read(text: str) -> tuple[str | None, str]:
    """``(code, problem)`` of a typed text: the code when it is one; else None and why not.

    problem: "" (a valid code), "not_a_code" (nothing like one), "letter_number" (the letter's Số),
    "excluded_characters" (has 0, O, 1, I, L or U, which codes never use), "mistyped" (eight
    characters of the alphabet whose check character does not match), "length" (a code with
    characters missing or extra).
    """
    if LETTER_NUMBER_RE.match(text or ""):
        return None, "letter_number"
    code = clean(text)
    if not code or not code.isalnum() or not code.isascii():
        return None, "not_a_code"
    if len(code) == LENGTH and is_valid(code):
        return code, ""
    if abs(len(code) - LENGTH) > 2:
        return None, "not_a_code"
    if _EXCLUDED & set(code):
        return None, "excluded_characters"
    if len(code) != LENGTH:
        return None, "length"
    return None, "mistyped"


def grouped(code: str) -> str:
    """``ABCDEFGH`` → ``ABCD-EFGH``, as printed and shown."""
    return f"{code[:4]}-{code[4:]}" if code and len(code) == LENGTH else (code or "")
