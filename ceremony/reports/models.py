"""Units a plan names, what they are asked to report by when, their reports and attached files."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db


class UnitKind(str, enum.Enum):
    department = "department"  # sở, ban, ngành
    district = "district"      # UBND huyện, thị xã, thành phố
    commune = "commune"        # UBND xã, phường, thị trấn
    sector = "sector"          # ngành giáo dục, Tỉnh đoàn, hội, trường đại học…


class ReportStatus(str, enum.Enum):
    submitted = "submitted"
    accepted = "accepted"
    returned = "returned"  # sent back with a comment: the unit corrects and submits again


class ReportUnit(db.Model):
    """A unit that reports to the province; district and commune units stand for their points."""

    __tablename__ = "report_units"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    kind: Mapped[UnitKind] = mapped_column(sa.Enum(UnitKind, native_enum=False, length=12))
    name: Mapped[str] = mapped_column(sa.String(200))
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), unique=True)
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    link_nonce: Mapped[str] = mapped_column(sa.String(32), default="")
    position: Mapped[int] = mapped_column(default=0)

    site = relationship("Site")


class ReportRequest(db.Model):
    """What the units of some kinds must report, due a number of minutes after the ceremony starts."""

    __tablename__ = "report_requests"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(300))
    instructions: Mapped[str] = mapped_column(sa.Text, default="")
    unit_kinds: Mapped[str] = mapped_column(sa.String(100))  # ",department,district,"
    due_offset_minutes: Mapped[int] = mapped_column()
    remind_hours_before: Mapped[int] = mapped_column(default=48)

    ceremony = relationship("Ceremony")

    @property
    def due_at(self) -> datetime:
        return self.ceremony.starts_at + timedelta(minutes=self.due_offset_minutes)

    @property
    def kinds(self) -> list[UnitKind]:
        return [UnitKind(k) for k in self.unit_kinds.split(",") if k]


class UnitReport(db.Model):
    """A unit's report on a request: text and files; one per unit, resubmitted until accepted."""

    __tablename__ = "unit_reports"
    __table_args__ = (sa.UniqueConstraint("request_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("report_requests.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("report_units.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[ReportStatus] = mapped_column(sa.Enum(ReportStatus, native_enum=False, length=10))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    submitted_by: Mapped[str] = mapped_column(sa.String(200), default="")
    is_late: Mapped[bool] = mapped_column(default=False)
    review_comment: Mapped[str] = mapped_column(sa.Text, default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by: Mapped[str] = mapped_column(sa.String(200), default="")

    request: Mapped[ReportRequest] = relationship()
    unit: Mapped[ReportUnit] = relationship()
    files: Mapped[list[ReportFile]] = relationship(back_populates="report", cascade="all, delete-orphan",
                                                   order_by="ReportFile.id")


class ReportFile(db.Model):
    """A file attached to a report (PDF, DOCX or XLSX, checked by its bytes), kept in the file storage."""

    __tablename__ = "report_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("unit_reports.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[str] = mapped_column(sa.String(10))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)

    report: Mapped[UnitReport] = relationship(back_populates="files")


class ReportOverdue(db.Model):
    """A unit flagged overdue on a request: once (unique), by the scheduler."""

    __tablename__ = "report_overdue"
    __table_args__ = (sa.UniqueConstraint("request_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("report_requests.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("report_units.id", ondelete="CASCADE"))
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime())
