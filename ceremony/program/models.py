"""Segments of the run-of-show, who is on stage in each, and the record of the live show."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, at_offset, now
from ceremony.extensions import db


class SegmentKind(str, enum.Enum):
    introduction = "introduction"  # tuyên bố lý do, giới thiệu đại biểu
    approval = "approval"          # thông qua chương trình
    speech = "speech"
    clip = "clip"
    launch = "launch"              # nghi lễ phát động / khai trương: the button press
    response = "response"          # phát biểu hưởng ứng
    closing = "closing"


class Segment(db.Model):
    """One item of the program, in order."""

    __tablename__ = "segments"
    __table_args__ = (sa.CheckConstraint("planned_minutes >= 0", name="planned_minutes_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[SegmentKind] = mapped_column(sa.Enum(SegmentKind, native_enum=False, length=20))
    title: Mapped[str] = mapped_column(sa.String(300))
    planned_minutes: Mapped[int] = mapped_column(default=5)
    script: Mapped[str] = mapped_column(sa.Text, default="")  # the MC's lines
    remote_cue: Mapped[str] = mapped_column(sa.String(300), default="")  # for bridge points
    control_cue: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")  # control room
    # A fixed-time segment starts at its own time whatever happens before it (and absorbs overruns).
    is_fixed_time: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    fixed_start_offset_minutes: Mapped[int | None] = mapped_column()  # from the ceremony start
    # The bridge point that has the floor in this segment ("Đức Phổ responds").
    floor_site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id", ondelete="SET NULL"))
    countdown_seconds: Mapped[int] = mapped_column(default=10, server_default="10")  # launch ritual
    media_url: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    media_file: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")  # under instance/

    people: Mapped[list[SegmentPerson]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="SegmentPerson.position"
    )
    floor_site = relationship("Site")
    ceremony = relationship("Ceremony")

    @property
    def fixed_start_at(self) -> datetime | None:
        return at_offset(self.ceremony.starts_at, self.fixed_start_offset_minutes)

    @property
    def planned_seconds(self) -> int:
        return self.planned_minutes * 60


class SegmentPerson(db.Model):
    """Someone on stage in a segment: a named role, linked to a delegate when known."""

    __tablename__ = "segment_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(sa.ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegates.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(sa.String(200))  # "Đại diện Lãnh đạo UBND tỉnh"
    position: Mapped[int] = mapped_column(default=0)

    segment: Mapped[Segment] = relationship(back_populates="people")
    delegate = relationship("Delegate")

    @property
    def label(self) -> str:
        if self.delegate is not None:
            person = self.delegate.person
            return f"{person.honorific} {person.full_name}, {person.title}" if person.title else person.full_name
        return self.role


class ShowStatus(str, enum.Enum):
    ready = "ready"        # not started
    running = "running"
    held = "held"          # paused by the director: the segment clock stops
    finished = "finished"


class Show(db.Model):
    """The live state of one ceremony's run-of-show (one row per ceremony)."""

    __tablename__ = "program_shows"

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), unique=True)
    status: Mapped[ShowStatus] = mapped_column(sa.Enum(ShowStatus, native_enum=False, length=20),
                                               default=ShowStatus.ready)
    current_segment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("segments.id", ondelete="SET NULL"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    held_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    readiness_override: Mapped[str] = mapped_column(sa.String(300), default="")
    version: Mapped[int] = mapped_column(default=0)  # bumped on every change, for clients

    current_segment: Mapped[Segment | None] = relationship()


class SegmentRun(db.Model):
    """How one segment actually ran: started, ended, extended, held."""

    __tablename__ = "program_segment_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(sa.ForeignKey("segments.id", ondelete="CASCADE"), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    extended_seconds: Mapped[int] = mapped_column(default=0)
    held_seconds: Mapped[int] = mapped_column(default=0)

    segment: Mapped[Segment] = relationship()


class ShowEvent(db.Model):
    """One state change of the live show: the minute-by-minute record afterwards."""

    __tablename__ = "program_show_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(20))  # start, next, hold, resume, extend, floor, launch, finish
    segment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("segments.id", ondelete="SET NULL"))
    detail: Mapped[str] = mapped_column(sa.String(500), default="")

    user = relationship("User")
    segment: Mapped[Segment | None] = relationship()


class Launch(db.Model):
    """The moment a launch segment was fired; the unique segment makes a double press launch once."""

    __tablename__ = "program_launches"

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int] = mapped_column(sa.ForeignKey("segments.id", ondelete="CASCADE"), unique=True)
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime())
    switch_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the instant every screen switches
    fired_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(sa.String(20), default="web")  # web, api (button device)

    fired_by = relationship("User")


class Reminder(db.Model):
    """A reminder sent before a segment; unique so the scheduler sends each one once."""

    __tablename__ = "program_reminders"
    __table_args__ = (sa.UniqueConstraint("segment_id", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(sa.ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(sa.String(200))  # "delegate:12" or "operator:5"
    channel: Mapped[str] = mapped_column(sa.String(20), default="log")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
