"""What the final attendance report holds, for the PDF and the XLSX alike."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ceremony.attendance import queries
from ceremony.core.time import now
from ceremony.delegates.models import Delegate, Person
from ceremony.extensions import db

TIER_NAMES = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}


@dataclass
class DelegateRow:
    name: str
    title: str
    unit: str
    point: str
    category: str
    zone: str
    is_vip: bool
    present: bool
    checked_in_at: datetime | None = None
    gate: str = ""
    is_late: bool = False
    late_segment: str = ""


@dataclass
class ReportData:
    ceremony: object
    site: object | None
    generated_at: datetime
    counts: dict
    sites: list[dict] = field(default_factory=list)  # the points with delegates or a headcount
    delegates: list[DelegateRow] = field(default_factory=list)

    @property
    def scope(self) -> dict:
        """The totals of the report's scope: one point, or the whole ceremony."""
        if self.site is None:
            return {"invited": self.counts["invited"], "present": self.counts["present"],
                    "late": self.counts["late"], "vip_invited": self.counts["vip"]["invited"],
                    "vip_present": self.counts["vip"]["present"], "headcount": self.counts["headcount_total"]}
        row = next(r for r in self.counts["by_site"] if r["site_id"] == self.site.id)
        return {"invited": row["invited"], "present": row["present"],
                "late": sum(d.is_late for d in self.delegates),
                "vip_invited": sum(d.is_vip for d in self.delegates),
                "vip_present": sum(d.is_vip and d.present for d in self.delegates), "headcount": row["headcount"]}


def _delegate_rows(ceremony_id: int, site_id: int | None) -> list[DelegateRow]:
    query = (sa.select(Delegate).join(Person, Person.id == Delegate.person_id)
             .where(Delegate.ceremony_id == ceremony_id, queries.expected_condition())
             .options(joinedload(Delegate.person).joinedload(Person.organisation), joinedload(Delegate.site),
                      joinedload(Delegate.category))
             .order_by(Delegate.site_id, sa.desc(Delegate.is_vip), Delegate.id))
    if site_id is not None:
        query = query.where(Delegate.site_id == site_id)
    delegates = list(db.session.scalars(query).unique())
    checkins = queries.checkins_by_delegate(ceremony_id)
    rows = []
    for d in delegates:
        c = checkins.get(d.id)
        rows.append(DelegateRow(
            name=d.person.full_name, title=d.person.title,
            unit=d.person.organisation.name if d.person.organisation else "", point=d.site.name,
            category=d.category.name if d.category else "", zone=d.zone, is_vip=d.is_vip, present=c is not None,
            checked_in_at=c.checked_in_at if c else None, gate=c.gate if c else "",
            is_late=bool(c and c.is_late), late_segment=c.late_segment_title if c else ""))
    return rows


def collect(ceremony, site=None, *, with_delegates: bool = True) -> ReportData:
    """Counts of the ceremony (or of one point) and, unless asked not to, every expected delegate."""
    counts = queries.attendance_counts(ceremony.id)
    sites = [row for row in counts["by_site"] if row["invited"] or row["headcount"] is not None]
    if site is not None:
        sites = [row for row in sites if row["site_id"] == site.id]
    delegates = _delegate_rows(ceremony.id, site.id if site else None) if with_delegates else []
    return ReportData(ceremony, site, now(), counts, sites, delegates)


def report_document(ceremony, site, fmt: str) -> tuple[bytes, str, str]:
    """The report as a download: ``(body, media type, file name)``, PDF or XLSX."""
    from ceremony.attendance.pdf import attendance_pdf
    from ceremony.attendance.xlsx import attendance_xlsx
    from ceremony.core.openapi import PDF, XLSX

    data = collect(ceremony, site)
    stem = f"diem-danh-{ceremony.slug}" + (f"-{site.code}" if site else "")
    if fmt == "pdf":
        return attendance_pdf(data), PDF, f"{stem}.pdf"
    return attendance_xlsx(data), XLSX, f"{stem}.xlsx"
