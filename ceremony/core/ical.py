"""iCalendar (RFC 5545) text, written by hand: escaping, line folding, UTC stamps."""
from __future__ import annotations

from datetime import timezone


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped."""
    return (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n") \
        .replace("\n", "\\n")


def fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (§3.1), never inside a character."""
    out, current = [], b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return [out[0]] + [" " + part for part in out[1:]]


def stamp(value) -> str:
    """A DATE-TIME in UTC: ``20240927T010000Z``."""
    return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def to_bytes(lines: list[str]) -> bytes:
    """The calendar as sent: folded lines joined by CRLF, UTF-8."""
    return ("\r\n".join(folded for line in lines for folded in fold(line)) + "\r\n").encode("utf-8")
