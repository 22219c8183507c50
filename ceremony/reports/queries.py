"""Reads about unit reports: the units expected on a request and where each stands."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ceremony.campaign.i18n import _
from ceremony.core.errors import NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.reports.models import ReportFile, ReportOverdue, ReportRequest, ReportStatus, ReportUnit, UnitReport

STATE_VI = {"accepted": "Đã tiếp nhận", "submitted": "Đã gửi", "returned": "Bị trả lại", "missing": "Chưa gửi",
            "overdue": "Quá hạn"}
KIND_VI = {"department": "Sở, ban, ngành", "district": "Cấp huyện", "commune": "Cấp xã", "sector": "Ngành, đoàn thể"}


@dataclass
class Standing:
    unit: ReportUnit
    report: UnitReport | None
    state: str  # accepted, submitted, returned, missing, overdue
    flagged: bool


def list_requests(ceremony_id: int) -> list[ReportRequest]:
    return list(db.session.scalars(sa.select(ReportRequest).where(ReportRequest.ceremony_id == ceremony_id)
                                   .order_by(ReportRequest.due_offset_minutes, ReportRequest.id)))


def get_request(ceremony_id: int, request_id: int) -> ReportRequest:
    request = db.session.get(ReportRequest, request_id)
    if request is None or request.ceremony_id != ceremony_id:
        raise NotFound(_("no report request %(id)s", id=request_id))
    return request


def list_units(ceremony_id: int) -> list[ReportUnit]:
    return list(db.session.scalars(sa.select(ReportUnit).where(ReportUnit.ceremony_id == ceremony_id)
                                   .order_by(ReportUnit.position, ReportUnit.id)))


def get_unit(ceremony_id: int, unit_id: int) -> ReportUnit:
    unit = db.session.get(ReportUnit, unit_id)
    if unit is None or unit.ceremony_id != ceremony_id:
        raise NotFound(_("no reporting unit %(id)s", id=unit_id))
    return unit


def get_report(ceremony_id: int, report_id: int) -> UnitReport:
    report = db.session.get(UnitReport, report_id)
    if report is None or report.request.ceremony_id != ceremony_id:
        raise NotFound(_("no unit report %(id)s", id=report_id))
    return report


def get_file(ceremony_id: int, file_id: int) -> ReportFile:
    row = db.session.get(ReportFile, file_id)
    if row is None or row.report.request.ceremony_id != ceremony_id:
        raise NotFound(_("no file %(id)s", id=file_id))
    return row


def expected_units(request: ReportRequest) -> list[ReportUnit]:
    return list(db.session.scalars(sa.select(ReportUnit).where(ReportUnit.ceremony_id == request.ceremony_id,
                                                               ReportUnit.kind.in_(request.kinds))
                                   .order_by(ReportUnit.position, ReportUnit.id)))


def standings(request: ReportRequest, unit_ids: set[int] | None = None) -> list[Standing]:
    reports = {r.unit_id: r for r in db.session.scalars(sa.select(UnitReport).where(UnitReport.request_id == request.id))}
    flagged = set(db.session.scalars(sa.select(ReportOverdue.unit_id).where(ReportOverdue.request_id == request.id)))
    overdue = now() >= request.due_at
    rows = []
    for unit in expected_units(request):
        if unit_ids is not None and unit.id not in unit_ids:
            continue
        report = reports.get(unit.id)
        state = report.status.value if report else ("overdue" if overdue else "missing")
        rows.append(Standing(unit, report, state, unit.id in flagged))
    return rows


def summary(request: ReportRequest) -> dict:
    rows = standings(request)
    counts = {state: 0 for state in STATE_VI}
    for row in rows:
        counts[row.state] += 1
    return {"units": len(rows), **counts, "late": sum(1 for r in rows if r.report and r.report.is_late),
            "flagged": sum(1 for r in rows if r.flagged)}


def reports_of_unit(unit: ReportUnit) -> list[tuple[ReportRequest, UnitReport | None]]:
    out = []
    for request in list_requests(unit.ceremony_id):
        if unit.kind in request.kinds:
            report = db.session.scalar(sa.select(UnitReport).where(UnitReport.request_id == request.id,
                                                                  UnitReport.unit_id == unit.id))
            out.append((request, report))
    return out


def is_pending(report: UnitReport | None) -> bool:
    return report is None or report.status is not ReportStatus.accepted
