"""The readiness report of one window as a download (shared by the page and the API)."""
from __future__ import annotations

from ceremony.core.openapi import PDF, XLSX
from ceremony.readiness import pdf, queries, xlsx


def phase_report(ceremony, phase, fmt: str) -> tuple[bytes, str, str]:
    """Who was ready when and who never reported, for ``phase``: ``(body, media type, file name)``."""
    rows = queries.report_rows(phase)
    name = f"san-sang-{ceremony.slug}-{phase.key}.{fmt}"
    if fmt == "pdf":
        return pdf.phase_report_pdf(ceremony, phase, rows), PDF, name
    return xlsx.phase_report_xlsx(ceremony, phase, rows), XLSX, name
