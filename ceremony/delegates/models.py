"""Organisations, people, composition categories and delegates."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db
from ceremony.sites.models import Tier


class Organisation(db.Model):
    """A unit people belong to (Sở Nội vụ, UBND huyện Bình Sơn, Tỉnh đoàn, ...)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(60), default="")
    # Protocol order when introducing delegates: Party, People's Council, Fatherland Front,
    # People's Committee, departments, mass organisations; lower comes first.
    protocol_rank: Mapped[int] = mapped_column(default=100)


class Person(db.Model):
    """Someone who can be invited; names kept as written (NFC), never re-cased."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    title: Mapped[str] = mapped_column(sa.String(200), default="")  # chức vụ
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    email: Mapped[str] = mapped_column(sa.String(200), default="")
    gender: Mapped[str] = mapped_column(sa.String(1), default="")  # "M"/"F" for Ông/Bà, "" unknown

    organisation: Mapped[Organisation | None] = relationship()

    @property
    def honorific(self) -> str:
        return {"M": "Ông", "F": "Bà"}.get(self.gender, "Ông/Bà")


class CompositionCategory(db.Model):
    """A line of a plan's composition list (thành phần mời) for one tier of one ceremony."""

    __tablename__ = "composition_categories"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    tier: Mapped[Tier] = mapped_column(sa.Enum(Tier, native_enum=False, length=10))
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(300))
    protocol_rank: Mapped[int] = mapped_column(default=100)
    colour: Mapped[str] = mapped_column(sa.String(7), default="#1f4e79")
    position: Mapped[int] = mapped_column(default=0)


class Delegate(db.Model):
    """A person invited to one ceremony at one site, in one composition category."""

    __tablename__ = "delegates"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("composition_categories.id"))
    zone: Mapped[str] = mapped_column(sa.String(60), default="")
    seat: Mapped[str] = mapped_column(sa.String(20), default="")
    is_vip: Mapped[bool] = mapped_column(default=False)
    role: Mapped[str] = mapped_column(sa.String(60), default="")  # speaker, launch, mc, ...
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)
    # The substitute sent in this delegate's place (cử người dự thay): set with the revocation of
    # this delegate's invitation, in the same transaction; such a delegate is never invited again.
    replaced_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("delegates.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship()
    site = relationship("Site")
    category: Mapped[CompositionCategory | None] = relationship()
    replaced_by: Mapped[Delegate | None] = relationship(remote_side="Delegate.id", foreign_keys=[replaced_by_id])
    # The delegate this one stands in for, if they are a substitute (read only: set replaced_by).
    substitute_for: Mapped[Delegate | None] = relationship(foreign_keys=[replaced_by_id], uselist=False,
                                                           viewonly=True)
