"""Writes about composition categories (thành phần mời) per tier: create, change, order, merge, remove.

Imports find a category by its code or name, badges print its name in its colour; these keep both
consistent. Every refusal is Vietnamese and names its field. Flush, never commit.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.delegates.models import CompositionCategory, Delegate
from ceremony.extensions import db
from ceremony.sites.models import Tier

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def get_category(ceremony_id: int, category_id: int) -> CompositionCategory:
    category = db.session.get(CompositionCategory, category_id)
    if category is None or category.ceremony_id != ceremony_id:
        raise NotFound(_("No composition category %(id)s in this ceremony.", id=category_id), field="category_id")
    return category


def _tier(value) -> Tier:
    try:
        return Tier(value)
    except ValueError:
        raise InvalidInput(_("The tier is province, district or commune."), field="tier") from None


def _name(value) -> str:
    name = (value or "").strip()
    if not name:
        raise InvalidInput(_("A category needs a name."), field="name")
    if len(name) > 300:
        raise InvalidInput(_("The name is at most 300 characters."), field="name")
    return name


def _colour(value) -> str:
    if not COLOUR.match(value or ""):
        raise InvalidInput(_("The colour is written #rrggbb, e.g. #1f4e79."), field="colour")
    return value.lower()


def _rank(value) -> int:
    try:
        rank = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("The protocol rank is a whole number from 0 to 9999."), field="protocol_rank") from None
    if not 0 <= rank <= 9999:
        raise InvalidInput(_("The protocol rank is a whole number from 0 to 9999."), field="protocol_rank")
    return rank


def _free_code(ceremony_id: int, wanted: str, own_id: int | None = None) -> str:
    clash = db.session.scalar(sa.select(CompositionCategory.id).where(CompositionCategory.ceremony_id == ceremony_id,
                                                                      CompositionCategory.code == wanted))
    return "" if clash is not None and clash != own_id else wanted


def create_category(ceremony, *, tier, name: str, code: str | None = None, colour: str = "#1f4e79",
                    protocol_rank: int | None = None) -> CompositionCategory:
    """Add a category at the end of its tier; without a code one is made from the name."""
    from ceremony.ceremonies.operations import slugify

    tier, name, colour = _tier(tier), _name(name), _colour(colour)
    if code:
        code = code.strip().lower()
        if not CODE.match(code):
            raise InvalidInput(_("The code takes lowercase letters, digits, - and _ (at most 40)."), field="code")
        if not _free_code(ceremony.id, code):
            raise Conflict(_("The ceremony already has a category %(code)s.", code=code), field="code")
    else:
        base = slugify(name)[:36]
        code, n = base, 1
        while not _free_code(ceremony.id, code):
            n += 1
            code = f"{base}-{n}"
    last = db.session.scalar(sa.select(sa.func.max(CompositionCategory.position))
                             .where(CompositionCategory.ceremony_id == ceremony.id, CompositionCategory.tier == tier))
    default_rank = {Tier.province: 100, Tier.district: 200, Tier.commune: 300}[tier] + ((last or 0) + 1) * 5
    category = CompositionCategory(ceremony_id=ceremony.id, tier=tier, code=code, name=name, colour=colour,
                                   protocol_rank=default_rank if protocol_rank is None else _rank(protocol_rank),
                                   position=(last if last is not None else -1) + 1)
    db.session.add(category)
    db.session.flush()
    return category


def update_category(category: CompositionCategory, *, name: str | None = None, colour: str | None = None,
                    protocol_rank: int | None = None, tier=None) -> CompositionCategory:
    """Rename a category or change its colour or rank (its code stays: import files use it)."""
    if name is not None:
        category.name = _name(name)
    if colour is not None:
        category.colour = _colour(colour)
    if protocol_rank is not None:
        category.protocol_rank = _rank(protocol_rank)
    if tier is not None and _tier(tier) is not category.tier:
        if _delegate_count(category):
            raise Conflict(_("Delegates are in this category; move them before changing its tier."), field="tier")
        category.tier = _tier(tier)
    db.session.flush()
    return category


def reorder_categories(ceremony, tier, category_ids: list[int]) -> list[CompositionCategory]:
    """Put the categories of one tier in the given order (every one of them, once)."""
    tier = _tier(tier)
    current = list(db.session.scalars(sa.select(CompositionCategory).where(
        CompositionCategory.ceremony_id == ceremony.id, CompositionCategory.tier == tier)))
    by_id = {c.id: c for c in current}
    if sorted(category_ids) != sorted(by_id) or len(set(category_ids)) != len(category_ids):
        raise InvalidInput(_("List every category of this tier once."), field="category_ids")
    for position, category_id in enumerate(category_ids):
        by_id[category_id].position = position
    db.session.flush()
    return [by_id[i] for i in category_ids]


def move_category(category: CompositionCategory, step: int) -> None:
    """Move a category up (-1) or down (+1) within its tier."""
    ids = list(db.session.scalars(sa.select(CompositionCategory.id).where(
        CompositionCategory.ceremony_id == category.ceremony_id, CompositionCategory.tier == category.tier)
        .order_by(CompositionCategory.position, CompositionCategory.id)))
    i = ids.index(category.id)
    ids.insert(max(0, min(len(ids) - 1, i + step)), ids.pop(i))
    from ceremony.ceremonies.models import Ceremony

    reorder_categories(db.session.get(Ceremony, category.ceremony_id), category.tier, ids)


def merge_categories(source: CompositionCategory, into: CompositionCategory) -> int:
    """Move every delegate of ``source`` into ``into`` (same ceremony and tier), then delete ``source``.

    Returns how many delegates moved."""
    if source.id == into.id:
        raise InvalidInput(_("Choose another category to merge into."), field="into_id")
    if source.ceremony_id != into.ceremony_id:
        raise InvalidInput(_("Both categories must belong to the same ceremony."), field="into_id")
    if source.tier is not into.tier:
        raise InvalidInput(_("Both categories must be of the same tier."), field="into_id")
    moved = db.session.execute(sa.update(Delegate).where(Delegate.category_id == source.id)
                               .values(category_id=into.id)).rowcount
    db.session.delete(source)
    db.session.flush()
    return moved


def delete_category(category: CompositionCategory) -> None:
    """Remove a category no delegate is in (else merge it into another)."""
    count = _delegate_count(category)
    if count:
        raise Conflict(_("%(n)d delegates are in this category; merge it into another instead.", n=count),
                       field="category_id")
    db.session.delete(category)
    db.session.flush()


def _delegate_count(category: CompositionCategory) -> int:
    return db.session.scalar(sa.select(sa.func.count(Delegate.id)).where(Delegate.category_id == category.id)) or 0


def delegate_counts(ceremony_id: int) -> dict[int, int]:
    """How many delegates each category of the ceremony holds."""
    rows = db.session.execute(sa.select(Delegate.category_id, sa.func.count(Delegate.id))
                              .where(Delegate.ceremony_id == ceremony_id).group_by(Delegate.category_id))
    return {category_id: n for category_id, n in rows if category_id is not None}
