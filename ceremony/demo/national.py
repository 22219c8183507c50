"""A national ceremony for benchmarks: the country's official units and synthetic delegates.

``flask demo national`` builds one ceremony over the whole country — 2025: nation → 34 provinces →
3,321 communes (3,356 points); 2023: nation → 63 provinces → 705 districts → 10,598 communes
(11,367 points) — with ``delegates`` invited people (300,000 by default) spread over the points
(a national venue, provinces, districts and communes weighted 50 : 10 : 3 : 1), each with a live
invitation. Names are drawn from the demo's name lists (never real people).

Everything is written in bulk, batch by batch (SQLAlchemy Core executemany, ids reserved first), with
the stored keys a delegate gets from the model events (``delegates.sorting``) computed here, once per
distinct name and title; so 300,000 delegates take a minute or so on PostgreSQL, not an hour.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa

from ceremony.ceremonies.models import Ceremony, CeremonyStatus
from ceremony.ceremonies.operations import create_ceremony
from ceremony.core.time import now
from ceremony.core.wording import in_sentence
from ceremony.delegates.models import CompositionCategory, Delegate, Person
from ceremony.delegates.sorting import search_key, sort_key
from ceremony.demo import data
from ceremony.demo.operations import _organisation_ids
from ceremony.extensions import db
from ceremony.invitations.codes import new_code
from ceremony.invitations.models import Invitation, RsvpStatus
from ceremony.invitations.tokens import make_token
from ceremony.sites.models import Site, Tier
from ceremony.sites.operations import copy_network, network_for

DEFAULT_DELEGATES = 300_000
BATCH = 10_000
# How many people a point invites, relative to a commune's.
WEIGHTS = {Tier.nation: 50, Tier.province: 10, Tier.district: 3, Tier.commune: 1}
NATIONAL_VENUE = "Trung tâm Hội nghị Quốc gia"
NATIONAL_ADDRESS = "Số 57 Phạm Hùng, Nam Từ Liêm, Hà Nội"
HOST = "Ủy ban Quốc gia về chuyển đổi số"
# Composition lines per tier: (code, name, protocol rank, colour, titles of the people in it).
COMPOSITION = {
    Tier.nation: [("trung-uong", "Lãnh đạo Đảng, Nhà nước, bộ, ngành Trung ương", 10, "#c0392b",
                   ["Bộ trưởng", "Thứ trưởng", "Vụ trưởng", "Cục trưởng", "Chuyên viên cao cấp"])],
    Tier.province: [("lanh-dao-tinh", "Lãnh đạo tỉnh, thành phố", 20, "#8e44ad",
                     ["Chủ tịch UBND", "Phó Chủ tịch UBND", "Giám đốc Sở Khoa học và Công nghệ",
                      "Chánh Văn phòng UBND", "Giám đốc Sở Nội vụ"])],
    Tier.district: [("lanh-dao-huyen", "Lãnh đạo cấp huyện", 30, "#1f4e79",
                     ["Chủ tịch UBND", "Phó Chủ tịch UBND", "Trưởng phòng Văn hóa và Thông tin",
                      "Chánh Văn phòng HĐND và UBND"])],
    Tier.commune: [("lanh-dao-xa", "Lãnh đạo cấp xã", 40, "#1e8449",
                    ["Chủ tịch UBND", "Phó Chủ tịch UBND", "Bí thư Đảng ủy", "Chủ tịch Ủy ban MTTQ",
                     "Công chức Văn phòng - Thống kê"]),
                   ("to-cong-nghe-so", "Tổ công nghệ số cộng đồng", 50, "#d68910",
                    ["Tổ trưởng Tổ công nghệ số cộng đồng", "Thành viên Tổ công nghệ số cộng đồng",
                     "Bí thư Đoàn Thanh niên"])],
}
RANK = {Tier.nation: 5, Tier.province: 40, Tier.district: 110, Tier.commune: 210}


@dataclass
class NationalDemo:
    ceremony: Ceremony
    points: dict[str, int]
    delegates: int
    invitations: int
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)


def national_slug(structure: str) -> str:
    return f"vn-{structure}-khai-truong-quoc-gia"


def quotas(weights: list[int], total: int) -> list[int]:
    """``total`` shared in proportion to ``weights`` (largest remainders): the shares add up exactly."""
    whole = sum(weights) or 1
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: shares[i] - exact[i])[:total - sum(shares)]:
        shares[i] += 1
    return shares


def _reserve_ids(table: sa.Table, count: int) -> list[int]:
    """``count`` new ids of ``table``: drawn from its sequence on PostgreSQL (so a concurrent insert
    never takes one), after the largest id on SQLite (one writer at a time)."""
    if not count:
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        return sorted(db.session.scalars(sa.text(
            f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, :n)"),
            {"n": count}))
    start = (db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1
    return list(range(start, start + count))


def _units(sites: list[Site]) -> dict[int, str]:
    """Each point's unit (the organisation its people belong to), named with its parents so that the
    many communes of one name in the country stay apart: "UBND xã An Bình, huyện …, tỉnh …"."""
    by_id = {s.id: s for s in sites}
    names: dict[int, str] = {}
    for site in sites:
        if site.tier is Tier.nation:
            names[site.id] = "Bộ Khoa học và Công nghệ"
            continue
        chain, node = [], site
        while node is not None and node.tier is not Tier.nation:
            chain.append(in_sentence(node.name))
            node = by_id.get(node.parent_id)
        names[site.id] = f"Ủy ban nhân dân {', '.join(chain)}"
    seen: set[str] = set()
    for site_id, name in names.items():
        if name in seen:
            names[site_id] = f"{name} ({by_id[site_id].code})"
        seen.add(names[site_id])
    return names


@cache
def _keys(full_name: str, title: str) -> tuple[str, str]:
    return sort_key(full_name), search_key(full_name, title)


def _person(rng: random.Random) -> tuple[str, str]:
    female = rng.random() < 0.4
    name = " ".join([rng.choice(data.SURNAMES), rng.choice(data.MIDDLE_F if female else data.MIDDLE_M),
                     rng.choice(data.GIVEN_F if female else data.GIVEN_M)])
    return name, "F" if female else "M"


def _insert(table: sa.Table, rows: list[dict]) -> None:
    if rows:
        db.session.execute(sa.insert(table), rows)


def build_national(structure: str = "2025", delegates: int = DEFAULT_DELEGATES, *, slug: str | None = None,
                   start: datetime | None = None, batch: int = BATCH, progress=None) -> NationalDemo | None:
    """Build the national demo ceremony (None when ``slug`` is already taken: nothing is written).

    ``structure``: "2025" (two tiers under the nation) or "2023" (three); ``start``: naive Vietnam time
    (default: in 30 days, 08:00). ``progress(done, total)`` is called after each batch. The caller
    commits.
    """
    began = time.perf_counter()
    slug = slug or national_slug(structure)
    if db.session.scalar(sa.select(Ceremony.id).where(Ceremony.slug == slug)) is not None:
        return None
    phases: dict[str, float] = {}
    start = start or (now() + timedelta(days=30)).replace(hour=1, minute=0, second=0, microsecond=0, tzinfo=None) \
        + timedelta(hours=7)
    ceremony = create_ceremony(
        slug=slug, title=f"Lễ khai trương toàn quốc ({structure}): chuyển đổi số cấp xã", kind="app_launch",
        starts_at=start, ends_at=start + timedelta(hours=1, minutes=30), venue=NATIONAL_VENUE,
        venue_address=NATIONAL_ADDRESS, host_unit=HOST, implementing_unit="Bộ Khoa học và Công nghệ",
        issuing_unit="Văn phòng Ủy ban Quốc gia về chuyển đổi số",
        plan_reference="Kế hoạch minh họa (dữ liệu tổng hợp cho thử tải)",
        demo_note="Bản minh họa quy mô toàn quốc: đơn vị hành chính chính thức, đại biểu tạo ngẫu nhiên "
                  "(không phải người thật), dùng để đo tải.")
    ceremony.status = CeremonyStatus.published
    sites = copy_network(ceremony, network_for(None, structure, "all"), provincial_venue=NATIONAL_VENUE,
                         provincial_address=NATIONAL_ADDRESS)
    phases["points"] = time.perf_counter() - began

    categories: dict[Tier, list[tuple[int, list[str]]]] = {}
    for tier, lines in COMPOSITION.items():
        for position, (code, name, rank, colour, titles) in enumerate(lines):
            category = CompositionCategory(ceremony_id=ceremony.id, tier=tier, code=code, name=name,
                                           protocol_rank=rank, colour=colour, position=position)
            db.session.add(category)
            db.session.flush()
            categories.setdefault(tier, []).append((category.id, titles))
    units = _units(sites)
    organisations = _organisation_ids({name: RANK[site.tier] for site in sites
                                       for name in [units[site.id]]})
    shares = quotas([WEIGHTS[s.tier] for s in sites], delegates)
    plan = [(site, n) for site, n in zip(sites, shares) if n]
    phases["setup"] = time.perf_counter() - began - phases["points"]

    rng = random.Random(f"{slug}:{delegates}")
    people_t, delegates_t, invitations_t = Person.__table__, Delegate.__table__, Invitation.__table__
    issued_at, taken = now(), set()
    serial, written = 0, 0
    pending = iter((site, i) for site, n in plan for i in range(n))
    while written < delegates:
        chunk = [next(pending) for _ in range(min(batch, delegates - written))]
        person_ids = _reserve_ids(people_t, len(chunk))
        delegate_ids = _reserve_ids(delegates_t, len(chunk))
        invitation_ids = _reserve_ids(invitations_t, len(chunk))
        people, rows, invitations = [], [], []
        for (site, i), person_id, delegate_id, invitation_id in zip(chunk, person_ids, delegate_ids, invitation_ids):
            lines = categories[site.tier]
            category_id, titles = lines[i % len(lines)]
            title = titles[i % len(titles)] if i < len(titles) else rng.choice(titles)
            name, gender = _person(rng)
            keys = _keys(name, title)
            people.append(dict(id=person_id, full_name=name, title=title, organisation_id=organisations[units[site.id]],
                               phone=f"09{rng.randrange(10**8):08d}", email="", gender=gender))
            rows.append(dict(id=delegate_id, ceremony_id=ceremony.id, site_id=site.id, person_id=person_id,
                             category_id=category_id, zone="", seat="", role="", replaced_by_id=None,
                             is_vip=site.tier in (Tier.nation, Tier.province) and i < 2, created_at=issued_at,
                             sort_key=keys[0], search_key=keys[1]))
            token, key = make_token(ceremony.id)
            code = new_code(taken)
            taken.add(code)
            serial += 1
            invitations.append(dict(id=invitation_id, ceremony_id=ceremony.id, delegate_id=delegate_id, serial=serial,
                                    key=key, token=token, short_code=code, issued_at=issued_at, revoked_at=None,
                                    revoked_reason="", rsvp_status=RsvpStatus.pending, rsvp_at=None,
                                    substitute_for_id=None))
        _insert(people_t, people)
        _insert(delegates_t, rows)
        _insert(invitations_t, invitations)
        written += len(chunk)
        if progress is not None:
            progress(written, delegates)
    phases["delegates"] = time.perf_counter() - began - phases["points"] - phases["setup"]
    if db.session.get_bind().dialect.name == "postgresql":
        # Fresh statistics, or the planner would take 300,000 rows for a handful.
        db.session.execute(sa.text("ANALYZE sites, people, delegates, invitations"))
    counts: dict[str, int] = {}
    for site in sites:
        counts[site.tier.value] = counts.get(site.tier.value, 0) + 1
    return NationalDemo(ceremony=ceremony, points=counts, delegates=written, invitations=written,
                        seconds=time.perf_counter() - began, phases=phases)
