"""Demo teams and the 7-citizen campaign of the 2023 movement launch (idempotent).

The plan asks every member of the Community Digital Technology Teams "các cấp trên địa bàn huyện" to
guide at least 7 citizens within 7 days: the district teams, the commune teams and the village teams
(thôn, tổ dân phố). So every district point gets a district team (two members) and every commune point
a commune team (two members) and one village team leader; the province has no team in the plan. The
campaign carries out the follow-up task "huong-dan-7-nguoi-dan" (commune points) and its district twin.
The results are written as rows directly (in bulk): the 2023 window is long closed, and the operation
(rightly) refuses records that late.
"""
from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from ceremony.campaign.models import Campaign, CampaignRecord, TeamLevel, TeamMember
from ceremony.campaign.operations import create_campaign, window_days
from ceremony.core.time import as_utc
from ceremony.demo import data
from ceremony.extensions import db
from ceremony.sites.models import Site, Tier

CODE = "huong-dan-7-nguoi-dan"
LEVEL = {Tier.province: TeamLevel.province, Tier.district: TeamLevel.district, Tier.commune: TeamLevel.commune}


def _name(rng: random.Random) -> str:
    female = rng.random() < 0.45
    return " ".join([rng.choice(data.SURNAMES), rng.choice(data.MIDDLE_F if female else data.MIDDLE_M),
                     rng.choice(data.GIVEN_F if female else data.GIVEN_M)])


def load(ceremony) -> None:
    if ceremony.kind != "movement_launch":
        return
    if db.session.scalar(sa.select(Campaign.id).where(Campaign.ceremony_id == ceremony.id, Campaign.code == CODE)):
        return
    from ceremony.followup.models import FollowupTask

    task = db.session.scalar(sa.select(FollowupTask).where(FollowupTask.ceremony_id == ceremony.id,
                                                           FollowupTask.code == CODE))
    campaign = create_campaign(ceremony, code=CODE, followup_task=task,
                               title="Mỗi thành viên Tổ Công nghệ số cộng đồng các cấp hướng dẫn tối thiểu 07 người dân")
    rng = random.Random("campaign-2023")
    members = []
    sites = db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.tier != Tier.province)
                               .order_by(Site.position, Site.id))
    for site in sites:
        spec = [("Tổ trưởng", LEVEL[site.tier], ""), ("Thành viên", LEVEL[site.tier], "")]
        if site.tier is Tier.commune:
            place = data.village(site.name, site.code)
            spec.append(("Tổ trưởng", TeamLevel.village, place[:1].upper() + place[1:]))
        for position, (role, level, village) in enumerate(spec):
            members.append(dict(ceremony_id=ceremony.id, site_id=site.id, level=level, village=village,
                                full_name=_name(rng), role=role, position=position,
                                phone=f"09{len(members) + 10_000_000:08d}"))
    ids = db.session.scalars(sa.insert(TeamMember).returning(TeamMember.id, sort_by_parameter_order=True),
                             members).all()
    days = window_days(campaign)[:7]
    start = as_utc(ceremony.starts_at.replace(tzinfo=None))
    records = []
    for member_id, member in zip(ids, members):
        target = rng.choice([0, 3, 5, 7, 7, 8, 9, 10])  # most members reach 7, some do not
        done = 0
        while done < target:
            count = min(rng.randint(1, 3), target - done)
            day = rng.choice(days)
            skills = rng.sample(campaign.skill_keys, rng.randint(1, 2))
            records.append(dict(
                campaign_id=campaign.id, member_id=member_id, site_id=member["site_id"], guided_on=day, count=count,
                skills="," + ",".join(skills) + ",", idempotency_key=f"demo-{member_id}-{done}",
                recorded_by=f"member:{member['phone']}",
                recorded_at=start + timedelta(days=(day - days[0]).days, hours=9)))
            done += count
    if records:
        db.session.execute(sa.insert(CampaignRecord), records)
