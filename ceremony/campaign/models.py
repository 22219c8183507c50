"""Teams of the points, their members, campaigns (e.g. "each member guides 7 citizens in 7 days")
and what the members record."""
from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ceremony.core.time import UTCDateTime, now
from ceremony.extensions import db
from ceremony.followup.models import FollowupTask  # noqa: F401  (the relationship below names it)


class TeamLevel(str, enum.Enum):
    """The level of a Community Digital Technology Team (Tổ Công nghệ số cộng đồng)."""

    province = "province"
    district = "district"
    commune = "commune"
    village = "village"  # thôn, bản, tổ dân phố: attached to its commune's point


class TeamMember(db.Model):
    """A member of a point's community technology team; the phone identifies them in the ceremony."""

    __tablename__ = "team_members"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    level: Mapped[TeamLevel] = mapped_column(sa.Enum(TeamLevel, native_enum=False, length=10))
    village: Mapped[str] = mapped_column(sa.String(200), default="")
    full_name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(120), default="")
    phone: Mapped[str] = mapped_column(sa.String(20))
    link_nonce: Mapped[str] = mapped_column(sa.String(32), default="")  # empty: no personal link yet
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)

    site = relationship("Site")


class Campaign(db.Model):
    """A per-member campaign: every member guides ``target_per_member`` citizens inside a window that
    is stored in minutes from the ceremony's start, so moving the ceremony moves the window."""

    __tablename__ = "campaigns"
    __table_args__ = (sa.UniqueConstraint("ceremony_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ceremony_id: Mapped[int] = mapped_column(sa.ForeignKey("ceremonies.id", ondelete="CASCADE"), index=True)
    # The follow-up task this campaign carries out, when it is one ("huong-dan-7-nguoi-dan").
    followup_task_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("followup_tasks.id", ondelete="SET NULL"), unique=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(300))
    target_per_member: Mapped[int] = mapped_column(default=7)
    opens_offset_minutes: Mapped[int] = mapped_column(default=0)
    closes_offset_minutes: Mapped[int] = mapped_column(default=7 * 24 * 60)
    reminder_hour: Mapped[int] = mapped_column(default=17)  # Vietnam time, once per day of the window
    skills: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"key": "dvc", "label": "…"}]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)

    ceremony = relationship("Ceremony")
    followup_task = relationship("FollowupTask")

    @property
    def opens_at(self) -> datetime:
        return self.ceremony.starts_at + timedelta(minutes=self.opens_offset_minutes)

    @property
    def closes_at(self) -> datetime:
        return self.ceremony.starts_at + timedelta(minutes=self.closes_offset_minutes)

    @property
    def skill_keys(self) -> list[str]:
        return [s["key"] for s in self.skills or []]

    def skill_label(self, key: str) -> str:
        return next((s["label"] for s in self.skills or [] if s["key"] == key), key)


class CampaignRecord(db.Model):
    """Citizens a member guided on one day (one record per send; the idempotency key makes a resend
    from a phone's offline queue count once). A citizen's name and phone are kept only with consent."""

    __tablename__ = "campaign_records"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "idempotency_key"),
                      sa.CheckConstraint("count >= 1", name="count_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("team_members.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    guided_on: Mapped[date] = mapped_column(sa.Date)
    count: Mapped[int] = mapped_column(default=1)
    skills: Mapped[str] = mapped_column(sa.String(300), default="")  # ",dvc,payment," (keys between commas)
    has_consent: Mapped[bool] = mapped_column(default=False)
    citizen_name: Mapped[str] = mapped_column(sa.String(120), default="")
    citizen_phone: Mapped[str] = mapped_column(sa.String(20), default="")
    idempotency_key: Mapped[str] = mapped_column(sa.String(64))
    recorded_by: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=now)

    member: Mapped[TeamMember] = relationship()

    @property
    def skill_keys(self) -> list[str]:
        return [k for k in self.skills.split(",") if k]
