"""Everything the dossier says, read once from every domain into plain rows (for the PDF and the XLSX)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ceremony.core.time import now

TIER_VI = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}
READINESS_VI = {"ready": "Sẵn sàng", "problem": "Có sự cố", "not_reported": "Chưa báo cáo", "offline": "Mất kết nối"}


@dataclass
class Dossier:
    ceremony: object
    generated_at: datetime
    program: list[dict] = field(default_factory=list)
    attendance: dict = field(default_factory=dict)
    readiness: list[dict] = field(default_factory=list)
    launches: list[dict] = field(default_factory=list)
    campaigns: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)


def program_rows(ceremony) -> list[dict]:
    from ceremony.program.queries import build_timeline

    rows = []
    for slot in build_timeline(ceremony).slots:
        rows.append({"title": slot.segment.title, "planned_start": slot.planned_start, "planned_end": slot.planned_end,
                     "actual_start": slot.actual_start, "actual_end": slot.actual_end,
                     "planned_seconds": int((slot.planned_end - slot.planned_start).total_seconds()),
                     "actual_seconds": slot.actual_seconds})
    return rows


def readiness_rows(ceremony) -> list[dict]:
    from ceremony.readiness import queries

    out = []
    for phase in queries.phases(ceremony.id):
        rows = queries.report_rows(phase)
        counts = {status: 0 for status in READINESS_VI}
        for row in rows:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        out.append({"name": phase.name, "opens_at": phase.opens_at, "closes_at": phase.closes_at, "points": len(rows),
                    **counts, "flagged": sum(1 for r in rows if r["flagged_at"])})
    return out


def launch_rows(ceremony) -> list[dict]:
    from ceremony.extensions import db
    from ceremony.program.models import Segment
    from ceremony.program.queries import launches

    def title(segment_id):
        segment = db.session.get(Segment, segment_id)
        return segment.title if segment else ""

    return [{"segment": title(launch_.segment_id), "fired_at": launch_.fired_at,
             "switch_at": launch_.switch_at, "source": launch_.source,
             "fired_by": launch_.fired_by.email if launch_.fired_by else ""} for launch_ in launches(ceremony.id)]


def report_rows(ceremony) -> list[dict]:
    from ceremony.reports import queries
    from ceremony.reports.queries import KIND_VI, STATE_VI

    out = []
    for request in queries.list_requests(ceremony.id):
        units = []
        for row in queries.standings(request):
            report = row.report
            units.append({"unit": row.unit.name, "kind": KIND_VI[row.unit.kind.value], "state": row.state,
                          "state_vi": STATE_VI[row.state], "submitted_at": report.submitted_at if report else None,
                          "is_late": bool(report and report.is_late), "files": len(report.files) if report else 0,
                          "flagged": row.flagged, "comment": report.review_comment if report else ""})
        out.append({"title": request.title, "due_at": request.due_at, "units": units,
                    "summary": queries.summary(request)})
    return out


def collect(ceremony, step=lambda percent, text: None) -> Dossier:
    """Read every section, reporting progress through ``step(percent, text)``."""
    from ceremony.attendance.queries import attendance_counts
    from ceremony.campaign import queries as campaign_queries

    dossier = Dossier(ceremony, now())
    step(10, "Chương trình")
    dossier.program = program_rows(ceremony)
    step(20, "Điểm danh")
    dossier.attendance = attendance_counts(ceremony.id)
    step(30, "Sẵn sàng")
    dossier.readiness = readiness_rows(ceremony)
    dossier.launches = launch_rows(ceremony)
    step(40, "Chiến dịch")
    dossier.campaigns = [campaign_queries.progress(c) for c in campaign_queries.list_campaigns(ceremony.id)]
    step(50, "Báo cáo của các đơn vị")
    dossier.reports = report_rows(ceremony)
    return dossier
