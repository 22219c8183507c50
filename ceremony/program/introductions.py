"""The MC's delegate introduction (giới thiệu đại biểu), generated in Vietnamese from who is present.

Order of protocol: the provincial point first, by composition category rank then organisation rank
(Party, People's Council, Fatherland Front, People's Committee, departments, mass organisations),
then the remote points by tier: each district point by its highest-ranked delegate present, then the
commune points summed up by category.
"""
from __future__ import annotations

from collections import defaultdict

from ceremony.core.wording import in_sentence
from ceremony.program.queries import present_delegates
from ceremony.sites.models import TIER_ORDER, Tier
from ceremony.sites.queries import is_two_tier

OPENING = ("Kính thưa các đồng chí lãnh đạo, các vị đại biểu, khách quý cùng toàn thể các đồng chí "
           "tham dự tại điểm cầu tỉnh và các điểm cầu huyện, xã!")
# Since 1 July 2025 a province's communes and wards hang straight under it: no district points.
OPENING_TWO_TIER = ("Kính thưa các đồng chí lãnh đạo, các vị đại biểu, khách quý cùng toàn thể các đồng chí "
                    "tham dự tại điểm cầu tỉnh và các điểm cầu xã, phường!")
SOURCES = {"checkin": "đã có mặt", "rsvp": "đã xác nhận tham dự", "invited": "được mời"}


def _rank(delegate) -> tuple:
    category = delegate.category
    organisation = delegate.person.organisation
    return (TIER_ORDER[delegate.site.tier], category.protocol_rank if category else 999,
            organisation.protocol_rank if organisation else 999, not delegate.is_vip, delegate.id)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _without_representative(name: str) -> str:
    """"Đại diện Thường trực Tỉnh ủy" is introduced as "Thường trực Tỉnh ủy"."""
    for prefix in ("Đại diện ", "đại diện "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _named(delegate) -> str:
    person = delegate.person
    return f"đồng chí {person.full_name}, {person.title}" if person.title else f"đồng chí {person.full_name}"


def introduction_script(ceremony) -> str:
    """The introduction text, from the delegates present now (see ``queries.present_delegates``)."""
    delegates, source = present_delegates(ceremony.id)
    delegates = sorted(delegates, key=_rank)
    two_tier = is_two_tier(ceremony.id)
    lines = [OPENING_TWO_TIER if two_tier else OPENING, "",
             f"Đến dự {ceremony.title}, Ban Tổ chức trân trọng giới thiệu các vị đại biểu "
             f"{SOURCES[source]}:", ""]
    province = [d for d in delegates if d.site.tier is Tier.province]
    if province:
        lines.append("Tại điểm cầu tỉnh:")
        groups: dict[str, list] = {}
        for delegate in province:
            groups.setdefault(delegate.category.name if delegate.category else "Đại biểu khác", []).append(delegate)
        for name, members in groups.items():
            lines.append(f"Về phía {_lower_first(_without_representative(name))}, có "
                         f"{'các đồng chí' if len(members) > 1 else 'đồng chí'}:")
            lines += [f"– {_named(delegate)[len('đồng chí '):]};" for delegate in members]
        lines.append("")
    districts = defaultdict(list)
    for delegate in delegates:
        if delegate.site.tier is Tier.district:
            districts[delegate.site].append(delegate)
    if districts:
        lines.append(f"Tại {len(districts)} điểm cầu cấp huyện:")
        for site in sorted(districts, key=lambda s: (s.position, s.code)):
            first = districts[site][0]
            others = len(districts[site]) - 1
            tail = f" cùng {others} đại biểu" if others else ""
            lines.append(f"– Điểm cầu {in_sentence(site.name)}: {_named(first)}{tail};")
        lines.append("")
    communes = [d for d in delegates if d.site.tier is Tier.commune]
    if communes:
        points = len({d.site_id for d in communes})
        categories = []
        for delegate in communes:
            name = delegate.category.name if delegate.category else "đại biểu"
            if name not in categories:
                categories.append(name)
        lines.append(f"Tại {points} điểm cầu {'xã, phường' if two_tier else 'cấp xã'}: "
                     f"{len(communes)} đại biểu, gồm "
                     + "; ".join(_lower_first(c) for c in categories) + ".")
        lines.append("")
    if not delegates:
        lines.append("(Chưa có đại biểu nào được ghi nhận.)")
        lines.append("")
    lines.append("Xin trân trọng cảm ơn sự có mặt của các vị đại biểu!")
    return "\n".join(lines)
