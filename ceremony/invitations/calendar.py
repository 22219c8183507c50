"""An invitation as an iCalendar event (RFC 5545): the ceremony at the delegate's own point."""
from __future__ import annotations

from datetime import timedelta

from ceremony.core.ical import escape, stamp, to_bytes
from ceremony.core.time import now


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
             "METHOD:PUBLISH", "BEGIN:VEVENT", f"UID:invitation-{invitation.key}@{host}", f"DTSTAMP:{stamp(now())}",
             f"DTSTART:{stamp(ceremony.starts_at)}", f"DTEND:{stamp(ends_at)}",
             f"SUMMARY:{escape(ceremony.title)}", f"LOCATION:{escape(location)}",
             f"DESCRIPTION:{escape(description)}", f"URL:{url}",
             "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H", f"DESCRIPTION:{escape(ceremony.title)}", "END:VALARM",
             "END:VEVENT", "END:VCALENDAR"]
    return to_bytes(lines)
