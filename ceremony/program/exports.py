"""The program's downloads, shared by the pages and the API: ``(body, media type, file name)``."""
from __future__ import annotations

from ceremony.core.openapi import ICALENDAR, PDF, XLSX
from ceremony.program import ics, pdf, queries, xlsx


def program_document(ceremony, fmt: str, *, host: str = "") -> tuple[bytes, str, str]:
    """The run-of-show as PDF (``pdf``) or iCalendar (``ics``)."""
    slots = queries.build_timeline(ceremony).slots
    if fmt == "pdf":
        return pdf.program_pdf(ceremony, slots), PDF, f"kich-ban-{ceremony.slug}.pdf"
    return ics.program_ics(ceremony, slots, host), ICALENDAR, f"{ceremony.slug}.ics"


def timing_report(ceremony, fmt: str) -> tuple[bytes, str, str]:
    """Planned against actual times, as PDF (with the show log) or XLSX."""
    slots = queries.build_timeline(ceremony).slots
    if fmt == "pdf":
        return pdf.timing_report_pdf(ceremony, slots, queries.show_log(ceremony.id)), PDF, \
            f"thoi-gian-{ceremony.slug}.pdf"
    return xlsx.timing_report_xlsx(ceremony, slots), XLSX, f"thoi-gian-{ceremony.slug}.xlsx"
