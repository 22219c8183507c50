"""Segments of the run-of-show and who is on stage in each."""
from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

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

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[SegmentKind] = mapped_column(sa.Enum(SegmentKind, native_enum=False, length=20))
    title: Mapped[str] = mapped_column(sa.String(300))
    planned_minutes: Mapped[int] = mapped_column(default=5)
    script: Mapped[str] = mapped_column(sa.Text, default="")  # the MC's lines
    remote_cue: Mapped[str] = mapped_column(sa.String(300), default="")  # for bridge points

    people: Mapped[list[SegmentPerson]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="SegmentPerson.position"
    )


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
