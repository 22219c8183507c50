"""An invitation as an iCalendar event (RFC 5545): the ceremony at the delegate's own point."""
from __future__ import annotations

from datetime import timedelta, timezone

from ceremony.core.time import now


def _escape(text: str) -> str:
    return (text or "").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets go on after a space on the next line, never inside a character."""
    parts, current = [], b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return [parts[0]] + [" " + p for p in parts[1:]]


def _stamp(value) -> str:
    return value.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def invitation_ics(invitation, location: str, url: str, host: str = "ceremony.local") -> bytes:
    """One VEVENT for the ceremony, with the delegate's point as location and their page as URL."""
    ceremony = invitation.ceremony
    ends_at = ceremony.ends_at or ceremony.starts_at + timedelta(hours=1)
    delegate = invitation.delegate
    description = "\n".join(filter(None, [
        f"{delegate.person.honorific} {delegate.person.full_name}" if delegate else "",
        f"Khu vực: {delegate.zone}" if delegate and delegate.zone else "",
        f"Giấy mời: {url}"]))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ceremony//invitation//VI", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "BEGIN:VEVENT", f"UID:invitation-{invitation.key}@{host}", f"DTSTAMP:{_stamp(now())}",
             f"DTSTART:{_stamp(ceremony.starts_at)}", f"DTEND:{_stamp(ends_at)}",
             f"SUMMARY:{_escape(ceremony.title)}", f"LOCATION:{_escape(location)}",
             f"DESCRIPTION:{_escape(description)}", f"URL:{url}",
             "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H", f"DESCRIPTION:{_escape(ceremony.title)}", "END:VALARM",
             "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n").encode("utf-8")
