"""Fixtures of the program tests: a small ceremony with a five-segment program and its show."""
from __future__ import annotations

import pytest

from ceremony.program import operations


@pytest.fixture
def program(db, make_ceremony):
    """A ceremony 08:00–09:00 (Vietnam) with: intro 5, speech 15, launch 5, response (Đức Phổ) 5, closing 3."""
    from ceremony.sites.models import Site

    ceremony = make_ceremony()
    ducpho = db.session.scalar(db.select(Site).where(Site.ceremony_id == ceremony.id, Site.code == "534"))
    specs = [
        dict(kind="introduction", title="Tuyên bố lý do, giới thiệu đại biểu", planned_minutes=5,
             remote_cue="Các điểm cầu: tắt micro"),
        dict(kind="speech", title="Phát biểu chỉ đạo", planned_minutes=15, control_cue="Micro bục"),
        dict(kind="launch", title="Nghi lễ khai trương", planned_minutes=5, countdown_seconds=3),
        dict(kind="response", title="Phát biểu hưởng ứng của Đức Phổ", planned_minutes=5,
             floor_site_id=ducpho.id, remote_cue="Đức Phổ phát biểu"),
        dict(kind="closing", title="Kết thúc", planned_minutes=3),
    ]
    for spec in specs:
        operations.create_segment(ceremony, **spec)
    db.session.commit()
    return ceremony


@pytest.fixture
def director(make_user):
    return make_user("organizer")


@pytest.fixture
def running(db, program, director, clock):
    """The show started at 08:00 Vietnam (01:00 UTC) with a recorded override."""
    clock.set(program.starts_at)
    operations.start_show(program, director, override="rehearsal")
    db.session.commit()
    return program


@pytest.fixture
def make_delegate(db):
    """Invite one person to a ceremony at a site (the province by default)."""
    from ceremony.delegates.models import CompositionCategory, Delegate, Organisation, Person
    from ceremony.sites.models import Site, Tier

    counter = {"n": 0}

    def make(ceremony, *, site_code=None, name=None, title="Phó Chủ tịch UBND tỉnh", rank=40, org_rank=40):
        counter["n"] += 1
        n = counter["n"]
        query = db.select(Site).where(Site.ceremony_id == ceremony.id)
        query = query.where(Site.code == site_code) if site_code else query.where(Site.tier == Tier.province)
        site = db.session.scalar(query)
        org = Organisation(name=f"Cơ quan {n} {ceremony.id}", protocol_rank=org_rank)
        category = CompositionCategory(ceremony_id=ceremony.id, tier=site.tier, code=f"cat-{n}",
                                       name=f"Lãnh đạo nhóm {n}", protocol_rank=rank)
        person = Person(full_name=name or f"Nguyễn Văn Thử {n}", title=title, organisation=org, gender="M")
        db.session.add_all([org, category, person])
        db.session.flush()
        delegate = Delegate(ceremony_id=ceremony.id, site_id=site.id, person_id=person.id, category_id=category.id)
        db.session.add(delegate)
        db.session.commit()
        return delegate

    return make
