"""Reads for setting up a ceremony: what is in place and what is still missing."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ceremony.delegates.models import CompositionCategory, Delegate
from ceremony.extensions import db
from ceremony.followup.models import FollowupTask
from ceremony.program.models import Segment
from ceremony.readiness.models import ReadinessItem, ReadinessPhase
from ceremony.sites.models import Site


@dataclass(frozen=True)
class Step:
    key: str
    label: object     # lazy text
    count: int
    done: bool
    endpoint: str     # the page that sets it up (takes ceremony_id)
    missing: object   # what to do when it is not done (lazy text)


def _count(model, ceremony_id: int, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count(model.id)).where(model.ceremony_id == ceremony_id, *where)) or 0


def setup_steps(ceremony) -> list[Step]:
    """The set-up checklist of a ceremony, in the order an organizer goes through it."""
    cid = ceremony.id
    points = _count(Site, cid)
    categories = _count(CompositionCategory, cid)
    windows, items = _count(ReadinessPhase, cid), _count(ReadinessItem, cid, ReadinessItem.is_active.is_(True))
    segments, tasks, delegates = _count(Segment, cid), _count(FollowupTask, cid), _count(Delegate, cid)
    return [
        # Without points the set-up page is where a network is chosen; with them, the network tree.
        Step("network", _l("Bridge points"), points, points > 0, "sites.network" if points else "setup.checklist",
             _l("Give the ceremony its bridge points (a reference network).")),
        Step("categories", _l("Composition categories"), categories, categories > 0, "delegates.categories",
             _l("Add the composition categories of each tier: imports need them.")),
        Step("readiness", _l("Check-in windows and checklist"), windows, windows > 0 and items > 0,
             "readiness.checklist", _l("Add check-in windows and checklist items: operators report in them.")),
        Step("program", _l("Program"), segments, segments > 0, "program.builder",
             _l("Build the program: the run-of-show and the launch.")),
        Step("followup", _l("Follow-up tasks"), tasks, tasks > 0, "followup.index",
             _l("Say what the points must do and report after the ceremony.")),
        Step("delegates", _l("Delegates"), delegates, delegates > 0, "delegates.index",
             _l("Import the delegate lists of the points.")),
    ]


def missing_steps(ceremony) -> list[Step]:
    return [step for step in setup_steps(ceremony) if not step.done]
