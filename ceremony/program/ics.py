"""The program as an iCalendar file (RFC 5545), written by hand: one VEVENT per segment."""
from __future__ import annotations

from datetime import timezone

from ceremony.core.time import now


def _escape(text: str) -> str:
    return (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n") \
        .replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    out, current = [], b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return [out[0]] + [" " + part for part in out[1:]]


def _stamp(value) -> str:
    return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def program_ics(ceremony, slots, host: str = "ceremony.local") -> bytes:
    """An iCalendar of the planned segments (times in UTC)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ceremony//run-of-show//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(ceremony.title)}"]
    stamp = _stamp(now())
    for i, slot in enumerate(slots, 1):
        seg = slot.segment
        description = "\n".join(filter(None, [
            "Người thực hiện: " + "; ".join(p.label for p in seg.people) if seg.people else "",
            f"Phòng điều khiển: {seg.control_cue}" if seg.control_cue else "",
            f"Điểm cầu: {seg.remote_cue}" if seg.remote_cue else "",
            seg.script]))
        lines += ["BEGIN:VEVENT", f"UID:segment-{seg.id}-{ceremony.slug}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_stamp(slot.planned_start)}", f"DTEND:{_stamp(slot.planned_end)}",
                  f"SUMMARY:{_escape(f'{i}. {seg.title}')}", f"LOCATION:{_escape(ceremony.venue)}",
                  f"DESCRIPTION:{_escape(description)}", f"CATEGORIES:{seg.kind.value.upper()}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n").encode("utf-8")
