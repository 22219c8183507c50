"""Attendance fixtures: a small ceremony with invited delegates at the venue and at remote points."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from ceremony.delegates.models import CompositionCategory, Delegate, Person
from ceremony.invitations.operations import issue_invitation
from ceremony.program.models import Segment, SegmentKind
from ceremony.sites.models import Site, Tier

NAMES = [("Nguyễn Thị Ánh Tuyết", "Phó Chủ tịch UBND tỉnh", True, "A"),
         ("Trần Đức Thắng", "Giám đốc Sở Thông tin và Truyền thông", False, "B"),
         ("Lê Văn Hải", "Giám đốc Sở Nội vụ", False, "B"),
         ("Phạm Thị Ngọc Hà", "Bí thư Tỉnh đoàn", False, "C")]


@dataclass
class Invited:
    ceremony: object
    delegates: list = field(default_factory=list)
    invitations: list = field(default_factory=list)
    remote: list = field(default_factory=list)  # delegates of the Đức Phổ point (534)
    sites: dict = field(default_factory=dict)

    def token(self, i: int = 0) -> str:
        return self.invitations[i].token


@pytest.fixture
def make_invited(db, make_ceremony):
    """A ceremony (starting 08:00 Vietnam time) with 4 delegates at the venue, 2 at Đức Phổ, 1 at Phổ An,
    every one invited, and a three-segment program."""
    def make(**fields) -> Invited:
        ceremony = make_ceremony(**fields)
        sites = {s.code: s for s in db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony.id))}
        province = CompositionCategory(ceremony_id=ceremony.id, tier=Tier.province, code="lanh-dao",
                                       name="Lãnh đạo tỉnh", protocol_rank=10)
        district = CompositionCategory(ceremony_id=ceremony.id, tier=Tier.district, code="ubnd-huyen",
                                       name="Lãnh đạo UBND huyện", protocol_rank=50)
        db.session.add_all([province, district])
        db.session.flush()
        invited = Invited(ceremony, sites=sites)

        def add(name, title, site, category, vip=False, zone=""):
            person = Person(full_name=name, title=title, phone="0912345678")
            db.session.add(person)
            db.session.flush()
            delegate = Delegate(ceremony_id=ceremony.id, site_id=site.id, person_id=person.id,
                                category_id=category.id, is_vip=vip, zone=zone)
            db.session.add(delegate)
            db.session.flush()
            invited.delegates.append(delegate)
            invited.invitations.append(issue_invitation(delegate))
            return delegate

        for name, title, vip, zone in NAMES:
            add(name, title, sites["51"], province, vip, zone)
        invited.remote.append(add("Võ Minh Quân", "Chủ tịch UBND thị xã Đức Phổ", sites["534"], district))
        invited.remote.append(add("Huỳnh Thị Lan", "Phó Chủ tịch UBND thị xã Đức Phổ", sites["534"], district))
        add("Đặng Văn Bình", "Chủ tịch UBND xã Phổ An", sites["21553"], district)
        for position, (kind, title, minutes) in enumerate([
                (SegmentKind.introduction, "Tuyên bố lý do, giới thiệu đại biểu", 10),
                (SegmentKind.speech, "Phát biểu khai mạc", 15),
                (SegmentKind.launch, "Nghi thức khai trương", 5)]):
            db.session.add(Segment(ceremony_id=ceremony.id, position=position, kind=kind, title=title,
                                   planned_minutes=minutes))
        db.session.commit()
        return invited

    return make


@pytest.fixture
def invited(make_invited):
    return make_invited()
