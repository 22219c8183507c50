"""What the audit trail covers: the entities people (or their tokens) change.

Ceremonies, bridge points, delegates and their people, invitations, composition categories, readiness
windows and checklist, program segments and the people on stage, follow-up tasks, and check-ins made by hand (typed,
picked from a search, ticked on a roster). Gate scans are the check-in log's own business.
"""
from __future__ import annotations

import sqlalchemy as sa

from ceremony.audit.tracking import audit

MANUAL_METHODS = {"typed", "search", "roster"}


def _loaded(obj, name):
    """A related object only if it is already loaded: the trail never issues queries for a label."""
    return obj.__dict__.get(name)


def _person_label(obj) -> str:
    person = _loaded(obj, "person")
    return person.full_name if person is not None else f"#{obj.person_id}"


def _delegate_label(obj) -> str:
    delegate = _loaded(obj, "delegate")
    if delegate is None:
        return f"#{obj.delegate_id}"
    return _person_label(delegate)


def _person_ceremony(obj, session):
    from ceremony.delegates.models import Delegate

    return session.scalar(sa.select(Delegate.ceremony_id).where(Delegate.person_id == obj.id).limit(1))


def _segment_ceremony(obj, session):
    from ceremony.program.models import Segment

    segment = _loaded(obj, "segment") or session.get(Segment, obj.segment_id)
    return segment.ceremony_id if segment is not None else None


def _manual(obj, action) -> bool:
    method = getattr(obj.method, "value", obj.method)
    return action != "create" or method in MANUAL_METHODS


def register_defaults() -> None:
    from ceremony.attendance.models import DelegateCheckIn
    from ceremony.ceremonies.models import Ceremony
    from ceremony.delegates.models import CompositionCategory, Delegate, Person
    from ceremony.followup.models import FollowupTask
    from ceremony.invitations.models import Invitation
    from ceremony.program.models import Segment, SegmentPerson
    from ceremony.readiness.models import ReadinessItem, ReadinessPhase
    from ceremony.sites.models import Site

    audit(Ceremony, "ceremony", ceremony_of=lambda obj, session: obj.id, label=lambda obj: obj.title)
    audit(Site, "site", label=lambda obj: f"{obj.code} {obj.name}")
    audit(Delegate, "delegate", label=_person_label)
    # A person's first version is in their delegate's entry; later edits (a name fixed) are their own.
    audit(Person, "person", ceremony_of=_person_ceremony, label=lambda obj: obj.full_name,
          only=lambda obj, action: action != "create")
    audit(Invitation, "invitation", label=_delegate_label, ignore=frozenset({"key"}))
    audit(CompositionCategory, "category", label=lambda obj: obj.name)
    audit(ReadinessPhase, "window", label=lambda obj: obj.name)
    audit(ReadinessItem, "checklist", label=lambda obj: obj.label)
    audit(Segment, "segment", label=lambda obj: obj.title)
    audit(SegmentPerson, "segment_person", ceremony_of=_segment_ceremony, label=lambda obj: obj.role)
    audit(DelegateCheckIn, "checkin", label=_delegate_label, only=_manual)
    audit(FollowupTask, "followup", label=lambda obj: obj.title)


ENTITY_TYPES = ("ceremony", "site", "delegate", "person", "invitation", "category", "window", "checklist",
                "segment", "segment_person", "checkin", "followup")
