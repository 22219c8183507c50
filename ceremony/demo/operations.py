"""Load the demo: both real ceremonies, their networks, programs, composition lists and delegates.

Idempotent: a ceremony already present (by slug) is left as it is, so a second run changes nothing.
"""
from __future__ import annotations

import random

import sqlalchemy as sa

from ceremony.ceremonies.models import Ceremony, CeremonyStatus
from ceremony.ceremonies.operations import create_ceremony
from ceremony.delegates.models import CompositionCategory, Delegate, Organisation, Person
from ceremony.demo import data
from ceremony.extensions import db
from ceremony.program.models import Segment, SegmentKind, SegmentPerson
from ceremony.sites.models import ReferenceNetwork, Site, Tier
from ceremony.sites.operations import copy_network, import_vietnam_provinces
from ceremony.users.models import User
from ceremony.users.operations import create_user

NETWORK_KEY = "vn-51-2023"
DEMO_PASSWORD = "ceremony-demo"
DEMO_USERS = [
    ("organizer@ceremony.local", "organizer", "Văn phòng UBND tỉnh", ()),
    ("ducpho@ceremony.local", "operator", "Điểm cầu thị xã Đức Phổ", ("534",)),
    ("gate@ceremony.local", "checker", "Cổng Trung tâm IOC", ()),
    ("viewer@ceremony.local", "viewer", "Theo dõi", ()),
]


def reference_network() -> ReferenceNetwork:
    network = db.session.scalar(sa.select(ReferenceNetwork).where(ReferenceNetwork.key == NETWORK_KEY))
    return network or import_vietnam_provinces(data.PROVINCE_CODE, key=NETWORK_KEY)


def _organisation(name: str, rank: int = 100, _cache: dict | None = None) -> Organisation:
    """The organisation of that name, created when missing (``_cache`` spares a query per call)."""
    if _cache is not None and name in _cache:
        return _cache[name]
    with db.session.no_autoflush:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
    if org is None:
        org = Organisation(name=name, protocol_rank=rank)
        db.session.add(org)
    if _cache is not None:
        _cache[name] = org
    return org


class _People:
    """Deterministic plausible Vietnamese names (never real people)."""

    def __init__(self, seed: str):
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def person(self, title: str, org: Organisation, tier_hint: str) -> Person:
        while True:
            female = self.rng.random() < 0.4
            name = " ".join([
                self.rng.choice(data.SURNAMES),
                self.rng.choice(data.MIDDLE_F if female else data.MIDDLE_M),
                self.rng.choice(data.GIVEN_F if female else data.GIVEN_M),
            ])
            if name not in self.used:
                self.used.add(name)
                break
        phone = "09" + "".join(self.rng.choice("0123456789") for _ in range(8))
        email = "" if tier_hint == "commune" and self.rng.random() < 0.6 else \
            f"{len(self.used):04d}.{tier_hint}@quangngai.gov.vn"
        person = Person(full_name=name, title=title, organisation=org, phone=phone, email=email,
                        gender="F" if female else "M")
        db.session.add(person)
        return person


def _categories(ceremony: Ceremony, spec: dict) -> dict[str, CompositionCategory]:
    categories = {}
    for tier, rows in spec["composition"].items():
        for position, (code, name, rank, colour) in enumerate(rows):
            category = CompositionCategory(ceremony_id=ceremony.id, tier=Tier(tier), code=code, name=name,
                                           protocol_rank=rank, colour=colour, position=position)
            db.session.add(category)
            categories[code] = category
    db.session.flush()
    return categories


def _delegates(ceremony: Ceremony, spec: dict, categories: dict, sites: list[Site]) -> dict[str, Delegate]:
    """Invite people at every tier; returns the dignitaries by role for the program."""
    people = _People(ceremony.slug)
    province = next(s for s in sites if s.tier is Tier.province)
    cache: dict[str, Organisation] = {o.name: o for o in db.session.scalars(sa.select(Organisation))}
    orgs = {name: _organisation(name, rank, cache) for name, rank in data.PROVINCIAL_UNITS}
    dignitaries: dict[str, Delegate] = {}

    def invite(site, category_code, title, org, *, vip=False, zone="", role=""):
        category = categories.get(category_code)
        if category is None:
            return None
        person = people.person(title, org, site.tier.value)
        delegate = Delegate(ceremony_id=ceremony.id, site=site, person=person,
                            category=category, is_vip=vip, zone=zone, role=role)
        db.session.add(delegate)
        return delegate

    provincial = [
        ("tinh-uy", "Phó Bí thư Thường trực Tỉnh ủy", "Tỉnh ủy Quảng Ngãi", "Đại diện Thường trực Tỉnh ủy"),
        ("hdnd-tinh", "Phó Chủ tịch HĐND tỉnh", "Hội đồng nhân dân tỉnh Quảng Ngãi", "Đại diện Lãnh đạo HĐND tỉnh"),
        ("mttq-tinh", "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi",
         "Đại diện Lãnh đạo UBMTTQ Việt Nam tỉnh"),
        ("ubnd-tinh", "Chủ tịch UBND tỉnh", "Ủy ban nhân dân tỉnh Quảng Ngãi", "Lãnh đạo UBND tỉnh"),
        ("ubnd-tinh", "Phó Chủ tịch UBND tỉnh", "Ủy ban nhân dân tỉnh Quảng Ngãi", "Đại diện Lãnh đạo UBND tỉnh"),
    ]
    for code, title, org_name, dignitary_role in provincial:
        delegate = invite(province, code, title, orgs[org_name], vip=True, zone="A")
        if delegate is not None:
            dignitaries[dignitary_role] = delegate
    if "Lãnh đạo UBND tỉnh" in dignitaries:
        dignitaries.setdefault("Lãnh đạo UBND tỉnh Quảng Ngãi", dignitaries["Lãnh đạo UBND tỉnh"])
    for name, rank in data.PROVINCIAL_UNITS:
        if 55 <= rank < 80 or rank == 90:
            title = "Giám đốc" if name.startswith("Sở") else "Thủ trưởng"
            delegate = invite(province, "so-nganh", f"{title} {name}", orgs[name], zone="B")
            if name == "Sở Thông tin và Truyền thông" and delegate is not None:
                delegate.is_vip = True
                dignitaries["Đại diện Lãnh đạo Sở Thông tin và Truyền thông"] = delegate
                dignitaries["Lãnh đạo Ban Chỉ đạo chuyển đổi số tỉnh Quảng Ngãi"] = delegate
            if name == "Sở Nội vụ" and delegate is not None:
                delegate.is_vip = True
                dignitaries["Đại diện lãnh đạo Sở Nội vụ"] = delegate
        elif 80 <= rank < 90:
            invite(province, "hoi-doan-the", f"Chủ tịch {name}" if name.startswith("Hội") else f"Bí thư {name}",
                   orgs[name], zone="C")
    for i in range(4):
        invite(province, "bcd-cds-tinh", "Thành viên Ban Chỉ đạo chuyển đổi số tỉnh",
               orgs["Sở Thông tin và Truyền thông"], zone="C")

    district_rows = [("thuong-truc-huyen-uy", "Phó Bí thư"), ("ubnd-huyen", "Chủ tịch UBND"),
                     ("ubnd-huyen", "Phó Chủ tịch UBND"), ("phong-ban-huyen", "Trưởng phòng Văn hóa và Thông tin"),
                     ("doan-huyen", "Bí thư Huyện đoàn"), ("to-cnscd-huyen", "Tổ trưởng Tổ Công nghệ số cộng đồng")]
    commune_rows = [("ubnd-xa", "Chủ tịch UBND"), ("thuong-truc-dang-uy-xa", "Phó Bí thư Đảng ủy"),
                    ("cong-chuc-xa", "Công chức Văn hóa - Xã hội"), ("to-cnscd-xa", "Thành viên Tổ Công nghệ số cộng đồng")]
    for site in sites:
        if site.tier is Tier.district:
            org = _organisation(f"UBND {site.name}", 110, cache)
            for code, title in district_rows:
                delegate = invite(site, code, f"{title} {site.name}", org)
                if site.code == "534" and title == "Chủ tịch UBND" and delegate is not None:
                    delegate.is_vip = True
                    dignitaries["Đại diện lãnh đạo UBND thị xã Đức Phổ"] = delegate
        elif site.tier is Tier.commune:
            org = _organisation(f"UBND {site.name} ({site.parent.name})", 210, cache)
            code, title = commune_rows[int(site.code) % len(commune_rows)]
            invite(site, code, f"{title} {site.name}", org)
    db.session.flush()
    return dignitaries


def _program(ceremony: Ceremony, spec: dict, dignitaries: dict[str, Delegate]) -> None:
    for position, (kind, title, minutes, roles) in enumerate(spec["program"]):
        segment = Segment(ceremony_id=ceremony.id, position=position, kind=SegmentKind(kind), title=title,
                          planned_minutes=minutes)
        for i, role in enumerate(roles):
            delegate = dignitaries.get(role)
            if delegate is not None and kind in ("launch", "speech", "response"):
                delegate.role = "launch" if kind == "launch" else "speaker"
            segment.people.append(SegmentPerson(role=role, position=i,
                                                delegate_id=delegate.id if delegate else None))
        if kind == "launch":
            segment.remote_cue = "Các điểm cầu: theo dõi màn hình, chuẩn bị hiệu ứng khai trương"
        elif kind == "response" and "Đức Phổ" in " ".join(roles):
            segment.remote_cue = "Điểm cầu thị xã Đức Phổ phát biểu hưởng ứng"
        elif kind == "introduction":
            segment.remote_cue = "Các điểm cầu: tắt micro, bật camera toàn cảnh hội trường"
        db.session.add(segment)
    db.session.flush()


def load_ceremony(spec: dict) -> Ceremony | None:
    """Create one demo ceremony with everything behind it; None if it is already there."""
    if db.session.scalar(sa.select(Ceremony).where(Ceremony.slug == spec["slug"])) is not None:
        return None
    ceremony = create_ceremony(
        slug=spec["slug"], title=spec["title"], kind=spec["kind"], starts_at=spec["starts_at"],
        ends_at=spec["ends_at"], venue=data.IOC_VENUE, venue_address=data.IOC_ADDRESS, host_unit=data.HOST,
        implementing_unit=spec["implementing_unit"], issuing_unit=spec["issuing_unit"],
        plan_reference=spec["plan_reference"], province_code=str(data.PROVINCE_CODE),
    )
    ceremony.status = CeremonyStatus.published
    sites = copy_network(ceremony, reference_network(), provincial_venue=data.IOC_VENUE,
                         provincial_address=data.IOC_ADDRESS)
    categories = _categories(ceremony, spec)
    dignitaries = _delegates(ceremony, spec, categories, sites)
    _program(ceremony, spec, dignitaries)
    return ceremony


def load_demo_users() -> list[User]:
    created = []
    for email, role, name, codes in DEMO_USERS:
        if db.session.scalar(sa.select(User).where(User.email == email)) is None:
            created.append(create_user(email, role=role, password=DEMO_PASSWORD, name=name, site_codes=codes))
    return created


def load_domain_demos(ceremony: Ceremony) -> None:
    """Let every domain add its own demo data (``ceremony/<domain>/demo.py: load(ceremony)``).

    Each ``load`` is idempotent: it adds only what is missing, so an older demo database gains the
    data of domains written after it was loaded.
    """
    from ceremony import DOMAINS, _domain_module

    for domain in DOMAINS:
        module = _domain_module(domain, "demo") if domain != "demo" else None
        if module is not None:
            module.load(ceremony)
            db.session.flush()


def load_demo(start=None) -> list[Ceremony]:
    """Load everything missing from the demo; returns the ceremonies created by this run.

    ``start`` (a datetime; naive: Vietnam time) places both demo ceremonies at that start, their
    windows, deadlines, reminders and program moved along; without it they keep their real dates
    (a demo moved before stays where it is). The same ``start`` twice changes nothing the second time.
    """
    created = [c for c in (load_ceremony(spec) for spec in data.CEREMONIES) if c is not None]
    load_demo_users()
    for spec in data.CEREMONIES:
        load_domain_demos(db.session.scalar(sa.select(Ceremony).where(Ceremony.slug == spec["slug"])))
    db.session.flush()
    if start is not None:
        place_demo(start)
    return created


def place_demo(start) -> list:
    """Move both demo ceremonies to ``start``; returns what moved (``core.timeline.Move``)."""
    from ceremony.ceremonies.operations import update_ceremony
    from ceremony.core.time import as_utc

    moved = []
    for spec in data.CEREMONIES:
        ceremony = db.session.scalar(sa.select(Ceremony).where(Ceremony.slug == spec["slug"]))
        if ceremony.starts_at != as_utc(start):
            moved += update_ceremony(ceremony, starts_at=start).moved
    db.session.flush()
    return moved
