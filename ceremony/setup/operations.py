"""Start a ceremony: empty, from a past one (choosing what to copy) or from a shipped template.

Everything timed is copied as its offset from the start, so the new ceremony's windows, deadlines,
reminders and program fall on its own date. Every new ceremony gets the default readiness windows
and checklist (``core.timeline`` on-create hook), so its operators can report at once.
Flush, never commit; every refusal is Vietnamese and names its field.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.ceremonies.models import Ceremony
from ceremony.ceremonies.operations import create_ceremony
from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.time import as_utc
from ceremony.delegates.categories import create_category
from ceremony.delegates.models import CompositionCategory
from ceremony.extensions import db
from ceremony.followup.models import FollowupTask
from ceremony.followup.operations import create_task
from ceremony.program.operations import create_segment, duplicate_program
from ceremony.readiness.models import ReadinessItem, ReadinessPhase
from ceremony.setup.kinds import TEMPLATES
from ceremony.sites.models import ReferenceNetwork, Site
from ceremony.sites.operations import apply_network

# What can be copied from a past ceremony, in the order it is copied (the program needs the points).
PARTS = ("network", "categories", "readiness", "program", "followup")
CARRIED = ("kind", "venue", "venue_address", "host_unit", "implementing_unit", "issuing_unit", "plan_reference",
           "province_code")
SITE_SKIPPED = {"id", "ceremony_id", "parent_id"}


def give_points(ceremony: Ceremony, network_id: int) -> list[Site]:
    """The bridge points of a ceremony that has none, one per unit of the reference network
    ``network_id`` (the API's applyNetworkToCeremony does this, and may also replace unused points)."""
    network = db.session.get(ReferenceNetwork, network_id) if network_id else None
    if network is None:
        raise InvalidInput(_("No reference network %(id)s.", id=network_id), field="network_id")
    if db.session.scalar(sa.select(sa.func.count(Site.id)).where(Site.ceremony_id == ceremony.id)):
        raise Conflict(_("This ceremony already has its bridge points."), field="network_id")
    return apply_network(ceremony, network)


def start_empty(*, network_id: int | None = None, **fields) -> Ceremony:
    """A new draft ceremony (with the default windows and checklist), its points from a network if given."""
    ceremony = create_ceremony(**fields)
    if network_id is not None:
        give_points(ceremony, network_id)
    return ceremony


def copy_points(source: Ceremony, target: Ceremony) -> list[Site]:
    """The source's bridge points with their venue, address and operator fields, parents kept."""
    if db.session.scalar(sa.select(sa.func.count(Site.id)).where(Site.ceremony_id == target.id)):
        raise Conflict(_("This ceremony already has its bridge points."), field="network")
    columns = [c.key for c in Site.__table__.columns if c.key not in SITE_SKIPPED]
    old = list(db.session.scalars(sa.select(Site).where(Site.ceremony_id == source.id)
                                  .order_by(Site.position, Site.id)))
    new_by_old: dict[int, Site] = {}
    for site in old:  # positions follow the tree (parents first), as apply_network made them
        new_by_old[site.id] = Site(ceremony_id=target.id, **{k: getattr(site, k) for k in columns})
    for site in old:
        if site.parent_id is not None and site.parent_id in new_by_old:
            new_by_old[site.id].parent = new_by_old[site.parent_id]
    db.session.add_all(new_by_old.values())
    db.session.flush()
    return list(new_by_old.values())


def copy_categories(source: Ceremony, target: Ceremony) -> int:
    rows = db.session.scalars(sa.select(CompositionCategory).where(CompositionCategory.ceremony_id == source.id)
                              .order_by(CompositionCategory.tier, CompositionCategory.position))
    count = 0
    for c in rows:
        db.session.add(CompositionCategory(ceremony_id=target.id, tier=c.tier, code=c.code, name=c.name,
                                           protocol_rank=c.protocol_rank, colour=c.colour, position=c.position))
        count += 1
    db.session.flush()
    return count


def copy_readiness(source: Ceremony, target: Ceremony) -> None:
    """Replace the target's windows and checklist by the source's (offsets as they are)."""
    for model in (ReadinessPhase, ReadinessItem):
        db.session.execute(sa.delete(model).where(model.ceremony_id == target.id))
    for p in db.session.scalars(sa.select(ReadinessPhase).where(ReadinessPhase.ceremony_id == source.id)):
        db.session.add(ReadinessPhase(ceremony_id=target.id, key=p.key, name=p.name, kind=p.kind,
                                      opens_offset_minutes=p.opens_offset_minutes,
                                      closes_offset_minutes=p.closes_offset_minutes))
    for i in db.session.scalars(sa.select(ReadinessItem).where(ReadinessItem.ceremony_id == source.id)):
        db.session.add(ReadinessItem(ceremony_id=target.id, key=i.key, label=i.label, kind=i.kind,
                                     position=i.position, is_active=i.is_active))
    db.session.flush()


def copy_followup(source: Ceremony, target: Ceremony) -> int:
    """The source's tasks, due at the same offset; named points are kept where the target has them."""
    codes = set(db.session.scalars(sa.select(Site.code).where(Site.ceremony_id == target.id)))
    count = 0
    for t in db.session.scalars(sa.select(FollowupTask).where(FollowupTask.ceremony_id == source.id)):
        db.session.add(FollowupTask(ceremony_id=target.id, code=t.code, title=t.title, instructions=t.instructions,
                                    tier=t.tier, due_offset_minutes=t.due_offset_minutes, metric_label=t.metric_label,
                                    remind_hours_before=t.remind_hours_before,
                                    site_codes=",".join(c for c in t.codes if c in codes)))
        count += 1
    db.session.flush()
    return count


def start_from_past(source: Ceremony, *, copy, network_id: int | None = None, **fields) -> Ceremony:
    """A new ceremony like ``source``: its facts unless given, and the chosen ``copy`` parts of PARTS."""
    copy = set(copy or ())
    unknown = copy - set(PARTS)
    if unknown:
        raise InvalidInput(_("Unknown part to copy: %(parts)s.", parts=", ".join(sorted(unknown))), field="copy")
    if "network" in copy and network_id is not None:
        raise InvalidInput(_("Copy the past ceremony's points or choose a network, not both."), field="network_id")
    if fields.get("starts_at") is None:
        raise InvalidInput(_("Give the new ceremony's start."), field="starts_at")
    for key in CARRIED:
        if not fields.get(key):
            fields[key] = getattr(source, key)
    if fields.get("ends_at") is None and source.ends_at is not None:
        fields["ends_at"] = as_utc(fields["starts_at"]) + (source.ends_at - source.starts_at)
    target = start_empty(network_id=network_id, **fields)
    if "network" in copy:
        copy_points(source, target)
    if "categories" in copy:
        copy_categories(source, target)
    if "readiness" in copy:
        copy_readiness(source, target)
    if "program" in copy:
        duplicate_program(target, source, replace=True)
    if "followup" in copy:
        copy_followup(source, target)
    return target


def start_from_template(kind: str, *, network_id: int | None = None, **fields) -> Ceremony:
    """A new ceremony of a shipped kind: categories, windows and checklist, program skeleton, follow-up."""
    template = TEMPLATES.get(kind)
    if template is None:
        raise InvalidInput(_("Unknown template %(kind)s: movement_launch or app_launch.", kind=kind), field="template")
    if fields.get("starts_at") is None:
        raise InvalidInput(_("Give the new ceremony's start."), field="starts_at")
    fields["kind"] = kind
    if fields.get("ends_at") is None:
        fields["ends_at"] = as_utc(fields["starts_at"]) + timedelta(minutes=template["duration_minutes"])
    ceremony = start_empty(network_id=network_id, **fields)
    for tier, rows in template["composition"].items():
        for code, name, rank, colour in rows:
            create_category(ceremony, tier=tier, name=name, code=code, colour=colour, protocol_rank=rank)
    for kind_, title, minutes in template["program"]:
        create_segment(ceremony, kind=kind_, title=title, planned_minutes=minutes)
    for task in template["followup"]:
        create_task(ceremony, **task)
    return ceremony
