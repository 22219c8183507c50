"""Demo report requests of the two plans, the units they name, and a few reports received (idempotent)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ceremony.core.time import as_utc
from ceremony.demo import data
from ceremony.extensions import db
from ceremony.reports.models import ReportRequest, ReportStatus, ReportUnit, UnitKind, UnitReport
from ceremony.reports.operations import create_request, create_unit, ensure_site_units

# The 2023 plan asks only the district People's Committees to report (by 15/8/2023); the 2024 plan asks
# "các sở, ban, ngành, UBND cấp huyện, cấp xã" (before 30/9/2024): every department the demo invites.
UNITS = {
    "movement_launch": [],
    "app_launch": [("department", name) for name, _rank, _title in data.DEPARTMENTS],
}
REQUESTS = {
    "movement_launch": [
        dict(code="ket-qua-huong-dan-nguoi-dan", unit_kinds=["district"], due=datetime(2023, 8, 15, 17, 0),
             title="Báo cáo kết quả hướng dẫn người dân sử dụng nền tảng số (qua Sở Thông tin và Truyền thông)",
             instructions="Tổng hợp kết quả của các Tổ Công nghệ số cộng đồng trên địa bàn, chậm nhất ngày 15/8/2023."),
    ],
    "app_launch": [
        dict(code="ket-qua-truyen-thong-02-ung-dung", unit_kinds=["department", "district", "commune"],
             due=datetime(2024, 9, 29, 17, 0),
             title="Báo cáo kết quả công tác truyền thông về 02 Ứng dụng di động",
             instructions="Gửi Sở Thông tin và Truyền thông trước ngày 30/9/2024 để tổng hợp, báo cáo UBND tỉnh."),
    ],
}


def load(ceremony) -> None:
    if ceremony.kind not in REQUESTS:
        return
    existing = set(db.session.scalars(sa.select(ReportRequest.code).where(ReportRequest.ceremony_id == ceremony.id)))
    if existing:
        return
    ensure_site_units(ceremony)
    for kind, name in UNITS[ceremony.kind]:
        create_unit(ceremony, kind=kind, name=name)
    for spec in REQUESTS[ceremony.kind]:
        due = as_utc(spec["due"])
        request = create_request(ceremony, code=spec["code"], title=spec["title"], instructions=spec["instructions"],
                                 unit_kinds=spec["unit_kinds"],
                                 due_offset_minutes=int((due - ceremony.starts_at).total_seconds() // 60))
        units = db.session.scalars(sa.select(ReportUnit).where(ReportUnit.ceremony_id == ceremony.id,
                                                               ReportUnit.kind.in_(request.kinds))
                                   .order_by(ReportUnit.position, ReportUnit.id))
        for index, unit in enumerate(units):
            if index % 4 == 3:
                continue  # a quarter never reported: the dossier lists them as missing
            status = ReportStatus.accepted if index % 4 != 2 else ReportStatus.returned
            db.session.add(UnitReport(
                request_id=request.id, unit_id=unit.id, status=status, submitted_at=due, submitted_by="demo",
                text=f"{unit.name} báo cáo kết quả triển khai theo Kế hoạch.",
                review_comment="" if status is ReportStatus.accepted else "Đề nghị bổ sung số liệu theo từng xã.",
                is_late=index % 5 == 4 and unit.kind is UnitKind.commune))
    db.session.flush()
