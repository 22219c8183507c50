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
from ceremony.sites.operations import copy_network, import_vietnam_provinces, in_sentence
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


def _unit_words(site: Site) -> dict[str, str]:
    """How offices name a point's unit inside a title: {unit}, {party}, {youth}, {district}."""
    unit = in_sentence(site.name)
    words = {"unit": unit}
    if site.tier is Tier.district:
        kind, _, proper = next(((k, " ", site.name[len(k) + 1:]) for k in ("Thành phố", "Thị xã", "Huyện")
                                if site.name.startswith(k + " ")), ("", "", site.name))
        party, youth = {"Thành phố": ("Thành ủy", "Thành đoàn"), "Thị xã": ("Thị ủy", "Thị đoàn")}.get(
            kind, ("Huyện ủy", "Huyện đoàn"))
        words.update(party=f"{party} {proper}", youth=f"{youth} {proper}")
    elif site.tier is Tier.commune:
        words["district"] = in_sentence(site.parent.name) if site.parent is not None else ""
        words["village"] = data.village(site.name, site.code)
    return words


class _People:
    """Deterministic plausible Vietnamese names (never real people), as rows of ``people``."""

    def __init__(self, seed: str):
        self.rng = random.Random(seed)
        self.used: set[str] = set()

    def person(self, title: str, organisation_id: int, tier_hint: str) -> dict:
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
        return dict(full_name=name, title=title, organisation_id=organisation_id, phone=phone, email=email,
                    gender="F" if female else "M")


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


def invitees(spec: dict, sites: list[Site]) -> list[dict]:
    """Who the demo invites at every point, following the plan's composition list for each tier:
    dicts of site, category code, title, organisation (name, rank), dignitary roles, vip, zone."""
    rows = []
    province = next(s for s in sites if s.tier is Tier.province)
    for code, title, org, roles, vip, zone in spec["province_people"]:
        rows.append(dict(site=province, category=code, title=title, org=org, roles=roles, vip=vip, zone=zone))
    for site in sites:
        if site.tier is Tier.province:
            continue
        people = (data.DISTRICT_PEOPLE if site.tier is Tier.district else data.COMMUNE_PEOPLE)[spec["kind"]]
        rank = 110 if site.tier is Tier.district else 210
        words = _unit_words(site)
        for code, title, org in people:
            roles = ()
            if site.code == "534" and title.startswith("Chủ tịch UBND"):
                roles = ("Đại diện lãnh đạo UBND thị xã Đức Phổ",)
            rows.append(dict(site=site, category=code, title=title.format(**words), org=(org.format(**words), rank),
                             roles=roles, vip=bool(roles), zone=""))
    return rows


def _organisation_ids(names: dict[str, int]) -> dict[str, int]:
    """Ids of the organisations of those names (name -> protocol rank), the missing ones created."""
    ids = dict(db.session.execute(sa.select(Organisation.name, Organisation.id)
                                  .where(Organisation.name.in_(list(names)))).all())
    missing = [dict(name=name, protocol_rank=rank) for name, rank in names.items() if name not in ids]
    if missing:
        new = db.session.scalars(sa.insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True),
                                 missing).all()
        ids.update(zip((m["name"] for m in missing), new))
    return ids


def _delegates(ceremony: Ceremony, spec: dict, categories: dict, sites: list[Site]) -> dict[str, Delegate]:
    """Invite people at every point (rows written in bulk: a province is some two thousand people);
    returns the dignitaries by their role in the program."""
    rows = [row for row in invitees(spec, sites) if row["category"] in categories]
    orgs = _organisation_ids(dict(row["org"] for row in reversed(rows)))
    people = _People(ceremony.slug)
    person_rows = [people.person(row["title"], orgs[row["org"][0]], row["site"].tier.value) for row in rows]
    person_ids = db.session.scalars(sa.insert(Person).returning(Person.id, sort_by_parameter_order=True),
                                    person_rows).all()
    delegate_ids = db.session.scalars(
        sa.insert(Delegate).returning(Delegate.id, sort_by_parameter_order=True),
        [dict(ceremony_id=ceremony.id, site_id=row["site"].id, person_id=person_id,
              category_id=categories[row["category"]].id, is_vip=row["vip"], zone=row["zone"], role="")
         for row, person_id in zip(rows, person_ids)]).all()
    dignitaries: dict[str, Delegate] = {}
    for row, delegate_id in zip(rows, delegate_ids):
        for role in row["roles"]:
            dignitaries[role] = db.session.get(Delegate, delegate_id)
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
        demo_note=spec.get("demo_note"),
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
