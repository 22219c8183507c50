"""Reads of the campaign domain: teams, campaigns, and progress against target at every level."""
from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from ceremony.campaign.i18n import _
from ceremony.campaign.models import Campaign, CampaignRecord, TeamLevel, TeamMember
from ceremony.core.errors import NotFound
from ceremony.extensions import db
from ceremony.sites.models import Site, Tier

LEVEL_VI = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã", "village": "Cấp thôn"}


def members_query(ceremony_id: int, site_ids=None, site_id: int | None = None) -> sa.Select:
    query = (sa.select(TeamMember).join(Site, Site.id == TeamMember.site_id)
             .where(TeamMember.ceremony_id == ceremony_id).order_by(Site.position, TeamMember.position, TeamMember.id))
    if site_id is not None:
        query = query.where(TeamMember.site_id == site_id)
    if site_ids is not None:
        query = query.where(TeamMember.site_id.in_(site_ids))
    return query


def get_member(ceremony_id: int, member_id: int) -> TeamMember:
    member = db.session.get(TeamMember, member_id)
    if member is None or member.ceremony_id != ceremony_id:
        raise NotFound(_("no team member %(id)s", id=member_id))
    return member


def list_campaigns(ceremony_id: int) -> list[Campaign]:
    return list(db.session.scalars(sa.select(Campaign).where(Campaign.ceremony_id == ceremony_id)
                                   .order_by(Campaign.opens_offset_minutes, Campaign.id)))


def get_campaign(ceremony_id: int, campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.ceremony_id != ceremony_id:
        raise NotFound(_("no campaign %(id)s", id=campaign_id))
    return campaign


def member_totals(campaign: Campaign) -> dict[int, int]:
    """Citizens guided per member id."""
    rows = db.session.execute(sa.select(CampaignRecord.member_id, sa.func.sum(CampaignRecord.count))
                              .where(CampaignRecord.campaign_id == campaign.id).group_by(CampaignRecord.member_id))
    return {member_id: int(total) for member_id, total in rows}


def recent_records(campaign: Campaign, member_ids, limit: int = 20) -> list[CampaignRecord]:
    return list(db.session.scalars(sa.select(CampaignRecord).where(CampaignRecord.campaign_id == campaign.id,
                                                                   CampaignRecord.member_id.in_(list(member_ids)))
                                   .order_by(CampaignRecord.recorded_at.desc(), CampaignRecord.id.desc()).limit(limit)))


def _bucket() -> dict:
    return {"members": 0, "target": 0, "guided": 0, "members_done": 0}


def _finish(bucket: dict) -> dict:
    bucket["percent"] = round(100 * bucket["guided"] / bucket["target"], 1) if bucket["target"] else 0.0
    bucket["members_behind"] = bucket["members"] - bucket["members_done"]
    return bucket


def progress(campaign: Campaign, visible: set[int] | None = None) -> dict:
    """Progress against target per member, commune, district, level and skill (``visible``: the
    site ids the reader may see; a district sees itself and its communes)."""
    sites = {s.id: s for s in db.session.scalars(sa.select(Site).where(Site.ceremony_id == campaign.ceremony_id)
                                                 .order_by(Site.position, Site.id))}
    columns = (TeamMember.id, TeamMember.site_id, TeamMember.level, TeamMember.full_name, TeamMember.role,
               TeamMember.phone, TeamMember.village)
    members = [m for m in db.session.execute(members_query(campaign.ceremony_id).with_only_columns(*columns))
               if visible is None or m.site_id in visible]
    member_ids = {m.id for m in members}
    # Sums in SQL: one row per (member, skill set), and one per day; Python only files them.
    base = sa.select(CampaignRecord.member_id).where(CampaignRecord.campaign_id == campaign.id)
    guided: dict[int, int] = defaultdict(int)
    by_member_skill: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    skill_totals = {key: 0 for key in campaign.skill_keys}
    record_count = 0
    for member_id, skills, total, count in db.session.execute(
            base.add_columns(CampaignRecord.skills, sa.func.sum(CampaignRecord.count), sa.func.count())
            .group_by(CampaignRecord.member_id, CampaignRecord.skills)):
        if member_id not in member_ids:
            continue
        record_count += count
        guided[member_id] += total
        for key in (k for k in skills.split(",") if k):
            by_member_skill[member_id][key] += total
            skill_totals[key] = skill_totals.get(key, 0) + total
    day_query = (sa.select(CampaignRecord.guided_on, sa.func.sum(CampaignRecord.count))
                 .where(CampaignRecord.campaign_id == campaign.id).group_by(CampaignRecord.guided_on))
    if visible is not None:
        day_query = day_query.where(CampaignRecord.site_id.in_(visible or {0}))  # a member keeps their point
    by_day = {day.isoformat(): int(total) for day, total in db.session.execute(day_query)}
    target = campaign.target_per_member
    total = _bucket()
    tiers = {level.value: _bucket() for level in TeamLevel}
    communes: dict[int, dict] = {}
    districts: dict[int, dict] = {}
    member_rows = []
    for m in members:
        site = sites[m.site_id]
        done = guided.get(m.id, 0)
        district = site if site.tier is Tier.district else (site.parent if site.tier is Tier.commune else None)
        buckets = [total, tiers[m.level.value]]
        if site.tier is Tier.commune:
            buckets.append(communes.setdefault(site.id, {"site_id": site.id, "code": site.code, "name": site.name,
                                                         "district": district.name if district else "", **_bucket()}))
        if district is not None:
            buckets.append(districts.setdefault(district.id, {"site_id": district.id, "code": district.code,
                                                              "name": district.name, **_bucket()}))
        for bucket in buckets:
            bucket["members"] += 1
            bucket["target"] += target
            bucket["guided"] += done
            bucket["members_done"] += int(done >= target)
        member_rows.append({"member_id": m.id, "full_name": m.full_name, "role": m.role, "phone": m.phone,
                            "level": m.level.value, "village": m.village, "site_id": site.id, "site_code": site.code,
                            "site_name": site.name, "district": district.name if district else "",
                            "guided": done, "target": target, "is_behind": done < target,
                            "by_skill": {k: by_member_skill[m.id].get(k, 0) for k in campaign.skill_keys}})
    order = {site_id: i for i, site_id in enumerate(sites)}
    return {
        "campaign_id": campaign.id, "title": campaign.title, "target_per_member": target,
        "opens_at": campaign.opens_at, "closes_at": campaign.closes_at, "records": record_count,
        "totals": _finish(total),
        "by_level": [{"level": k, "label": LEVEL_VI[k], **_finish(v)} for k, v in tiers.items() if v["members"]],
        "by_district": [_finish(d) for d in sorted(districts.values(), key=lambda d: order[d["site_id"]])],
        "by_commune": [_finish(c) for c in sorted(communes.values(), key=lambda c: order[c["site_id"]])],
        "by_skill": [{"key": k, "label": campaign.skill_label(k), "guided": v} for k, v in skill_totals.items()],
        "by_day": [{"day": k, "guided": v} for k, v in sorted(by_day.items())],
        "members": member_rows,
        "behind": [r for r in member_rows if r["is_behind"]],
    }
