"""The readiness report of one window as a download (shared by the page and the API)."""
from __future__ import annotations

from ceremony.core.openapi import PDF, XLSX
from ceremony.readiness import pdf, queries, xlsx


def phase_report(ceremony, phase, fmt: str) -> tuple[bytes, str, str]:
    """Who was ready when, who never reported and the help-desk tickets, for ``phase``:
    ``(body, media type, file name)``."""
    from ceremony.helpdesk.queries import report as helpdesk_report

    rows = queries.report_rows(phase)
    tickets = helpdesk_report(ceremony.id, phase.opens_at, phase.closes_at)
    name = f"san-sang-{ceremony.slug}-{phase.key}.{fmt}"
    if fmt == "pdf":
        return pdf.phase_report_pdf(ceremony, phase, rows, tickets), PDF, name
    return xlsx.phase_report_xlsx(ceremony, phase, rows, tickets), XLSX, name
