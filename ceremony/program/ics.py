"""The program as an iCalendar file (RFC 5545), written by hand: one VEVENT per segment."""
from __future__ import annotations

from ceremony.core.ical import escape, stamp, to_bytes
from ceremony.core.time import now


def program_ics(ceremony, slots, host: str = "ceremony.local") -> bytes:
    """An iCalendar of the planned segments (times in UTC)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ceremony//run-of-show//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(ceremony.title)}"]
    stamped = stamp(now())
    for i, slot in enumerate(slots, 1):
        seg = slot.segment
        description = "\n".join(filter(None, [
            "Người thực hiện: " + "; ".join(p.label for p in seg.people) if seg.people else "",
            f"Phòng điều khiển: {seg.control_cue}" if seg.control_cue else "",
            f"Điểm cầu: {seg.remote_cue}" if seg.remote_cue else "",
            seg.script]))
        lines += ["BEGIN:VEVENT", f"UID:segment-{seg.id}-{ceremony.slug}@{host}", f"DTSTAMP:{stamped}",
                  f"DTSTART:{stamp(slot.planned_start)}", f"DTEND:{stamp(slot.planned_end)}",
                  f"SUMMARY:{escape(f'{i}. {seg.title}')}", f"LOCATION:{escape(ceremony.venue)}",
                  f"DESCRIPTION:{escape(description)}", f"CATEGORIES:{seg.kind.value.upper()}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return to_bytes(lines)
