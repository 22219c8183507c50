"""Reference networks of admin units, and the bridge points (sites) of one ceremony."""
from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.extensions import db


class Tier(str, enum.Enum):
    nation = "nation"      # the national venue of a nationwide ceremony (root above the provinces)
    province = "province"
    district = "district"
    commune = "commune"


TIER_ORDER = {Tier.nation: -1, Tier.province: 0, Tier.district: 1, Tier.commune: 2}


class ReferenceNetwork(db.Model):
    """A province's admin units at one point in time (e.g. Quảng Ngãi 2023, before the 2025 reform), or
    the whole country's (nation → provinces → …): ``province_code`` then holds the root's code."""

    __tablename__ = "reference_networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    source: Mapped[str] = mapped_column(sa.String(200))
    province_code: Mapped[str] = mapped_column(sa.String(10))

    units: Mapped[list[ReferenceUnit]] = relationship(
        back_populates="network", cascade="all, delete-orphan", order_by="ReferenceUnit.position"
    )


class ReferenceUnit(db.Model):
    """One admin unit of a reference network, with its official code."""

    __tablename__ = "reference_units"
    __table_args__ = (sa.UniqueConstraint("network_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("reference_networks.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(sa.String(10))
    name: Mapped[str] = mapped_column(sa.String(200))
    tier: Mapped[Tier] = mapped_column(sa.Enum(Tier, native_enum=False, length=10))
    parent_code: Mapped[str | None] = mapped_column(sa.String(10))
    position: Mapped[int] = mapped_column(default=0)

    network: Mapped[ReferenceNetwork] = relationship(back_populates="units")


class Site(db.Model):
    """A bridge point of one ceremony: the provincial venue, a district point or a commune point.

    Copied from a reference network when the ceremony is set up, so a later ceremony can change its
    points without rewriting the history of an earlier one.
    """

    __tablename__ = "sites"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    tier: Mapped[Tier] = mapped_column(sa.Enum(Tier, native_enum=False, length=10))
    code: Mapped[str] = mapped_column(sa.String(10))
    name: Mapped[str] = mapped_column(sa.String(200))
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    operator_name: Mapped[str] = mapped_column(sa.String(120), default="")
    operator_phone: Mapped[str] = mapped_column(sa.String(30), default="")
    operator_email: Mapped[str] = mapped_column(sa.String(200), default="")
    position: Mapped[int] = mapped_column(default=0)

    ceremony = relationship("Ceremony")
    parent: Mapped[Site | None] = relationship(remote_side="Site.id", back_populates="children")
    children: Mapped[list[Site]] = relationship(back_populates="parent", order_by="Site.position")

    def covers(self, other: Site) -> bool:
        """True when this site is ``other`` or one of its ancestors."""
        node: Site | None = other
        while node is not None:
            if node.id == self.id:
                return True
            node = node.parent
        return False

    def __repr__(self) -> str:
        return f"<Site {self.code} {self.name}>"
