"""Writes of the campaign domain: team members (one by one or a whole XLSX), campaigns, the records
members send from their phones, and the daily reminder to members behind target."""
from __future__ import annotations

import re
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ceremony.campaign import teams
from ceremony.campaign.i18n import _
from ceremony.campaign.models import Campaign, CampaignRecord, TeamLevel, TeamMember
from ceremony.core.errors import Conflict, InvalidInput, RowError
from ceremony.core.time import local, now
from ceremony.delegates.importing import PHONE_RE, normalise_phone, normalise_text
from ceremony.extensions import db
from ceremony.live.broker import publish_after_commit
from ceremony.sites.models import Site, Tier

# The skills of the 2023 plan (Kế hoạch phát động Phong trào chuyển đổi số, mục III.6).
PLAN_2023_SKILLS = [
    {"key": "dvc", "label": "Dịch vụ công trực tuyến (Hệ thống thông tin giải quyết TTHC tỉnh, Cổng Dịch vụ công Quốc gia)"},
    {"key": "thanh-toan", "label": "Thanh toán trực tuyến trên Hệ thống thông tin giải quyết TTHC tỉnh"},
    {"key": "khong-tien-mat", "label": "Ứng dụng thanh toán không dùng tiền mặt"},
]
LEVEL_TIER = {TeamLevel.province: Tier.province, TeamLevel.district: Tier.district,
              TeamLevel.commune: Tier.commune, TeamLevel.village: Tier.commune}
GRACE = timedelta(days=3)  # a phone's offline queue may still deliver records after the window closes
MAX_COUNT = 200
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def topic(ceremony_id: int) -> str:
    return f"campaign:{ceremony_id}"


def _level(value, site: Site) -> TeamLevel:
    if value in (None, ""):
        return {Tier.province: TeamLevel.province, Tier.district: TeamLevel.district}.get(site.tier, TeamLevel.commune)
    try:
        level = TeamLevel(value)
    except ValueError:
        raise InvalidInput(_("unknown level “%(value)s” (Tỉnh, Huyện, Xã or Thôn)", value=value), field="level") from None
    if LEVEL_TIER[level] is not site.tier:
        raise InvalidInput(_("a %(level)s team does not belong to %(site)s", level=level.value, site=site.name),
                           field="level")
    return level


def _clean_member(fields: dict) -> dict:
    name = normalise_text(fields.get("full_name", ""))
    if not name:
        raise InvalidInput(_("the member needs a name"), field="full_name")
    phone = normalise_phone(fields.get("phone", "") or "")
    if not PHONE_RE.match(phone):
        raise InvalidInput(_("not a Vietnamese phone number: “%(value)s”", value=fields.get("phone", "")),
                           field="phone")
    return {"full_name": name[:120], "phone": phone, "role": normalise_text(fields.get("role", ""))[:120],
            "village": normalise_text(fields.get("village", ""))[:200]}


def _phone_taken(ceremony_id: int, phone: str, member_id: int | None = None) -> TeamMember | None:
    query = sa.select(TeamMember).where(TeamMember.ceremony_id == ceremony_id, TeamMember.phone == phone)
    if member_id is not None:
        query = query.where(TeamMember.id != member_id)
    return db.session.scalar(query)


def create_member(site: Site, *, full_name: str, phone: str, role: str = "", level=None,
                  village: str = "") -> TeamMember:
    """Add a member to the team of ``site`` (a village team sits under its commune's point)."""
    values = _clean_member({"full_name": full_name, "phone": phone, "role": role, "village": village})
    level = _level(level if level else (TeamLevel.village if values["village"] and site.tier is Tier.commune else None), site)
    other = _phone_taken(site.ceremony_id, values["phone"])
    if other is not None:
        raise Conflict(_("phone %(phone)s already belongs to %(name)s", phone=values["phone"], name=other.full_name),
                       field="phone")
    position = db.session.scalar(sa.select(sa.func.count()).select_from(TeamMember).where(TeamMember.site_id == site.id))
    member = TeamMember(ceremony_id=site.ceremony_id, site_id=site.id, level=level, position=position, **values)
    db.session.add(member)
    db.session.flush()
    return member


def update_member(member: TeamMember, **fields) -> TeamMember:
    """Change a member's name, role, phone, level or village (only the fields given)."""
    merged = {k: getattr(member, k) for k in ("full_name", "phone", "role", "village")}
    merged.update({k: v for k, v in fields.items() if k in merged and v is not None})
    values = _clean_member(merged)
    other = _phone_taken(member.ceremony_id, values["phone"], member.id)
    if other is not None:
        raise Conflict(_("phone %(phone)s already belongs to %(name)s", phone=values["phone"], name=other.full_name),
                       field="phone")
    if fields.get("level"):
        member.level = _level(fields["level"], member.site)
    for key, value in values.items():
        setattr(member, key, value)
    db.session.flush()
    return member


def delete_member(member: TeamMember) -> None:
    """Remove a member; refused once they have recorded results (the totals would change)."""
    if db.session.scalar(sa.select(CampaignRecord.id).where(CampaignRecord.member_id == member.id).limit(1)):
        raise Conflict(_("%(name)s has recorded results and cannot be removed", name=member.full_name))
    db.session.delete(member)
    db.session.flush()


def import_members(ceremony, data: bytes, *, site: Site | None = None) -> list[TeamMember]:
    """Import a team list (XLSX): every row is checked first and the file is refused whole, every bad
    row named, when any row is wrong. Rows without a point code go to ``site``."""
    rows = teams.read_rows(data)
    if not rows:
        raise InvalidInput(_("The file has no member rows under its header."), field="file")
    sites = {s.code: s for s in db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony.id))}
    existing = {m.phone: m for m in db.session.scalars(sa.select(TeamMember).where(TeamMember.ceremony_id == ceremony.id))}
    errors, cleaned, seen = [], [], {}
    for number, values in rows:
        row, row_errors = teams.clean_row(number, values)
        target = site
        if row["site_code"]:
            target = sites.get(row["site_code"])
            if target is None:
                row_errors.append(teams.problem(number, "site_code", _("no bridge point with code “%(value)s” in this "
                                                                       "ceremony", value=row["site_code"])))
        elif target is None:
            row_errors.append(teams.problem(number, "site_code", _("required: choose a point or add the column "
                                                                   "“Mã điểm cầu”")))
        if target is not None and row["level"] is not None and LEVEL_TIER[row["level"]] is not target.tier:
            row_errors.append(teams.problem(number, "level", _("a %(level)s team does not belong to %(site)s",
                                                               level=row["level"].value, site=target.name)))
        phone = row["phone"]
        if phone and phone in seen:
            row_errors.append(teams.problem(number, "phone", _("same phone as row %(other)s of this file",
                                                               other=seen[phone])))
        elif phone and phone in existing:
            row_errors.append(teams.problem(number, "phone", _("phone already belongs to %(name)s",
                                                               name=existing[phone].full_name)))
        seen.setdefault(phone, number)
        errors += row_errors
        cleaned.append((row, target))
    if errors:
        raise RowError(_("Nothing was imported: %(n)s problem(s) in the file.", n=len(errors)), errors)
    members = []
    for row, target in cleaned:
        level = row["level"] or _level(None, target)
        members.append(TeamMember(ceremony_id=ceremony.id, site_id=target.id, level=level, village=row["village"],
                                  full_name=row["full_name"], role=row["role"], phone=row["phone"],
                                  position=len(members)))
    db.session.add_all(members)
    db.session.flush()
    return members


def member_link_nonce(member: TeamMember) -> str:
    """The nonce of the member's personal link, created on first use."""
    if not member.link_nonce:
        member.link_nonce = secrets.token_urlsafe(16)[:22]
        db.session.flush()
    return member.link_nonce


# --- campaigns ---------------------------------------------------------------------------------

def _skills(skills) -> list[dict]:
    if not skills:
        raise InvalidInput(_("a campaign needs at least one skill"), field="skills")
    out, keys = [], set()
    for skill in skills:
        key, label = str(skill.get("key", "")).strip(), normalise_text(skill.get("label", ""))
        if not re.match(r"^[a-z0-9-]{1,30}$", key) or not label or key in keys:
            raise InvalidInput(_("each skill needs a distinct key (a-z, 0-9, -) and a label"), field="skills")
        keys.add(key)
        out.append({"key": key, "label": label[:200]})
    return out


def _window(opens: int, closes: int) -> None:
    if closes <= opens:
        raise InvalidInput(_("the window must close after it opens"), field="closes_offset_minutes")
    if opens < -30 * 24 * 60 or closes > 366 * 24 * 60:
        raise InvalidInput(_("the window must lie within a year of the ceremony"), field="closes_offset_minutes")


def create_campaign(ceremony, *, code: str, title: str, target_per_member: int = 7, opens_offset_minutes: int = 0,
                    closes_offset_minutes: int = 7 * 24 * 60, skills=None, reminder_hour: int = 17,
                    followup_task=None) -> Campaign:
    """A per-member campaign of ``ceremony`` (optionally carrying out one of its follow-up tasks)."""
    if not (title or "").strip():
        raise InvalidInput(_("a campaign needs a title"), field="title")
    if not re.match(r"^[a-z0-9-]{1,40}$", code or ""):
        raise InvalidInput(_("the code is 1-40 characters a-z, 0-9 or -"), field="code")
    if not 1 <= target_per_member <= 1000:
        raise InvalidInput(_("the target per member is between 1 and 1000"), field="target_per_member")
    if not 0 <= reminder_hour <= 23:
        raise InvalidInput(_("the reminder hour is between 0 and 23"), field="reminder_hour")
    _window(opens_offset_minutes, closes_offset_minutes)
    if db.session.scalar(sa.select(Campaign.id).where(Campaign.ceremony_id == ceremony.id, Campaign.code == code)):
        raise Conflict(_("the ceremony already has a campaign %(code)s", code=code), field="code")
    if followup_task is not None and followup_task.ceremony_id != ceremony.id:
        raise InvalidInput(_("that follow-up task belongs to another ceremony"), field="followup_task_id")
    campaign = Campaign(ceremony_id=ceremony.id, code=code, title=title.strip()[:300], target_per_member=target_per_member,
                        opens_offset_minutes=opens_offset_minutes, closes_offset_minutes=closes_offset_minutes,
                        reminder_hour=reminder_hour, skills=_skills(skills or PLAN_2023_SKILLS),
                        followup_task_id=followup_task.id if followup_task else None)
    db.session.add(campaign)
    db.session.flush()
    return campaign


def update_campaign(campaign: Campaign, *, title=None, target_per_member=None, opens_offset_minutes=None,
                    closes_offset_minutes=None, reminder_hour=None, skills=None) -> Campaign:
    """Change the target, window (minutes from the ceremony start), reminder hour or skills."""
    opens = campaign.opens_offset_minutes if opens_offset_minutes is None else opens_offset_minutes
    closes = campaign.closes_offset_minutes if closes_offset_minutes is None else closes_offset_minutes
    _window(opens, closes)
    if target_per_member is not None and not 1 <= target_per_member <= 1000:
        raise InvalidInput(_("the target per member is between 1 and 1000"), field="target_per_member")
    if reminder_hour is not None and not 0 <= reminder_hour <= 23:
        raise InvalidInput(_("the reminder hour is between 0 and 23"), field="reminder_hour")
    if skills is not None:
        new = _skills(skills)
        used = _used_skills(campaign)
        dropped = used - {s["key"] for s in new}
        if dropped:
            raise Conflict(_("skills already recorded cannot be removed: %(keys)s", keys=", ".join(sorted(dropped))),
                           field="skills")
        campaign.skills = new
    if title is not None:
        if not title.strip():
            raise InvalidInput(_("a campaign needs a title"), field="title")
        campaign.title = title.strip()[:300]
    campaign.opens_offset_minutes, campaign.closes_offset_minutes = opens, closes
    if target_per_member is not None:
        campaign.target_per_member = target_per_member
    if reminder_hour is not None:
        campaign.reminder_hour = reminder_hour
    db.session.flush()
    return campaign


def _used_skills(campaign: Campaign) -> set[str]:
    used = set()
    for skills in db.session.scalars(sa.select(CampaignRecord.skills).where(CampaignRecord.campaign_id == campaign.id)
                                     .distinct()):
        used.update(k for k in skills.split(",") if k)
    return used


def window_days(campaign: Campaign) -> list[date]:
    """The Vietnam-time dates the window touches."""
    first, last = local(campaign.opens_at).date(), local(campaign.closes_at - timedelta(seconds=1)).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def record_result(campaign: Campaign, member: TeamMember, *, idempotency_key: str, guided_on: date | None = None,
                  count: int = 1, skills=(), has_consent: bool = False, citizen_name: str = "",
                  citizen_phone: str = "", recorded_by: str = "") -> tuple[CampaignRecord, bool]:
    """Record citizens a member guided on one day; the same idempotency key again stores nothing new
    and answers the first record (False). Name and phone are dropped unless the citizen consented."""
    if not KEY_RE.match(idempotency_key or ""):
        raise InvalidInput(_("the idempotency key is 8-64 characters a-z, 0-9, _ or -"), field="idempotency_key")
    existing = db.session.scalar(sa.select(CampaignRecord).where(CampaignRecord.campaign_id == campaign.id,
                                                                 CampaignRecord.idempotency_key == idempotency_key))
    if existing is not None:
        return existing, False
    if member.ceremony_id != campaign.ceremony_id:
        raise InvalidInput(_("that member is not in this ceremony's teams"), field="member_id")
    at = now()
    guided_on = guided_on or local(at).date()
    days = window_days(campaign)
    if guided_on not in days:
        raise InvalidInput(_("%(day)s is outside the campaign window (%(first)s–%(last)s)",
                             day=guided_on.strftime("%d/%m/%Y"), first=days[0].strftime("%d/%m/%Y"),
                             last=days[-1].strftime("%d/%m/%Y")), field="guided_on")
    if guided_on > local(at).date():
        raise InvalidInput(_("%(day)s is in the future", day=guided_on.strftime("%d/%m/%Y")), field="guided_on")
    if at > campaign.closes_at + GRACE:
        raise Conflict(_("the campaign closed on %(when)s; records are no longer taken",
                         when=local(campaign.closes_at).strftime("%H:%M %d/%m/%Y")), field="guided_on")
    if not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise InvalidInput(_("the number of citizens is between 1 and %(n)s", n=MAX_COUNT), field="count")
    keys = list(dict.fromkeys(skills or ()))
    if not keys:
        raise InvalidInput(_("tick at least one skill"), field="skills")
    unknown = [k for k in keys if k not in campaign.skill_keys]
    if unknown:
        raise InvalidInput(_("unknown skill “%(key)s”", key=unknown[0]), field="skills")
    name, phone = "", ""
    if has_consent:
        name = normalise_text(citizen_name)[:120]
        phone = normalise_phone(citizen_phone or "") if citizen_phone else ""
        if phone and not PHONE_RE.match(phone):
            raise InvalidInput(_("not a Vietnamese phone number: “%(value)s”", value=citizen_phone), field="citizen_phone")
    record = CampaignRecord(campaign_id=campaign.id, member_id=member.id, site_id=member.site_id, guided_on=guided_on,
                            count=count, skills="," + ",".join(keys) + ",", has_consent=bool(has_consent),
                            citizen_name=name, citizen_phone=phone, idempotency_key=idempotency_key,
                            recorded_by=recorded_by[:200], recorded_at=at)
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:  # the same key from two requests at once: the first one counts
        winner = db.session.scalar(sa.select(CampaignRecord).where(CampaignRecord.campaign_id == campaign.id,
                                                                   CampaignRecord.idempotency_key == idempotency_key))
        if winner is None:
            raise
        return winner, False
    publish_after_commit(topic(campaign.ceremony_id), "record",
                         {"campaign_id": campaign.id, "member_id": member.id, "site_id": member.site_id,
                          "count": count, "skills": keys})
    return record, True


def remind_behind(at: datetime | None = None) -> int:
    """Once per day of each open window, at its reminder hour (Vietnam time), queue a reminder to every
    member still behind target. The notification's dedupe key (campaign, member, day) makes it once
    per member per day, however often and from however many schedulers this runs."""
    from ceremony.campaign.queries import member_totals
    from ceremony.notifications.operations import queue_notification

    from flask import current_app

    from ceremony.campaign.access import member_token

    at = at or now()
    base_url = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    sent = 0
    campaigns = db.session.scalars(sa.select(Campaign).join(Campaign.ceremony))
    for campaign in campaigns:
        if not campaign.opens_at <= at < campaign.closes_at:
            continue
        today = local(at)
        remind_at = today.replace(hour=campaign.reminder_hour, minute=0, second=0, microsecond=0)
        if today < remind_at or remind_at < local(campaign.opens_at):
            continue
        totals = member_totals(campaign)
        deadline = local(campaign.closes_at).strftime("%H:%M %d/%m/%Y")
        members = db.session.scalars(sa.select(TeamMember).where(TeamMember.ceremony_id == campaign.ceremony_id)
                                     .order_by(TeamMember.id))
        for member in members:
            done = totals.get(member.id, 0)
            if done >= campaign.target_per_member:
                continue
            body = (f"{member.full_name}: đã hướng dẫn {done}/{campaign.target_per_member} người dân "
                    f"({campaign.title}). Hạn chót: {deadline}.")
            if base_url:  # the member's own recording page, when the public address is known
                body += f" Ghi nhận tại: {base_url}/m/{member_token(member)}"
            if queue_notification(f"campaign:{campaign.id}:{member.id}:{today.date().isoformat()}",
                                  recipient=member.full_name, address=member.phone,
                                  subject=f"Nhắc hướng dẫn người dân: còn thiếu {campaign.target_per_member - done}",
                                  body=body):
                sent += 1
    db.session.flush()
    return sent
