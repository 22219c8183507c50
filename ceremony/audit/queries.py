"""Reading the audit trail of one ceremony: filters, pages, rows for the exports."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from ceremony.audit.models import AuditEntry
from ceremony.core.paging import paginate
from ceremony.core.time import VIETNAM
from ceremony.extensions import db


@dataclass
class AuditFilter:
    entity_type: str = ""
    actor: str = ""      # part of the actor's e-mail or label
    since: date | None = None  # Vietnam dates, both ends included
    until: date | None = None
    text: str = ""       # part of the entity's label, id or of the changes

    def where(self, ceremony_id: int) -> list:
        clauses = [AuditEntry.ceremony_id == ceremony_id]
        if self.entity_type:
            clauses.append(AuditEntry.entity_type == self.entity_type)
        if self.actor:
            clauses.append(sa.func.lower(AuditEntry.actor_label).contains(self.actor.lower(), autoescape=True))
        if self.since:
            clauses.append(AuditEntry.at >= _start_of(self.since))
        if self.until:
            clauses.append(AuditEntry.at < _start_of(self.until + timedelta(days=1)))
        if self.text:
            needle = self.text.lower()
            clauses.append(sa.or_(sa.func.lower(AuditEntry.entity_label).contains(needle, autoescape=True),
                                  AuditEntry.entity_id == self.text,
                                  sa.func.lower(AuditEntry.changes).contains(_json_escaped(needle), autoescape=True)))
        return clauses


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=VIETNAM)


def _json_escaped(text: str) -> str:
    """The text as it appears inside the stored JSON (quotes and backslashes escaped; Vietnamese kept)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def _query(ceremony_id: int, where: AuditFilter) -> sa.Select:
    return sa.select(AuditEntry).where(*where.where(ceremony_id)).order_by(AuditEntry.at.desc(),
                                                                          AuditEntry.id.desc())


def list_entries(ceremony_id: int, where: AuditFilter, page: int = 1, per_page: int = 50) -> dict:
    """One page of entries, newest first, with the total."""
    return paginate(_query(ceremony_id, where), page, per_page)


def iter_entries(ceremony_id: int, where: AuditFilter, chunk: int = 1000):
    """Every matching entry, newest first, read in chunks (for the exports)."""
    offset = 0
    while True:
        rows = list(db.session.scalars(_query(ceremony_id, where).limit(chunk).offset(offset)))
        yield from rows
        if len(rows) < chunk:
            return
        offset += chunk


def actors(ceremony_id: int) -> list[str]:
    """The actors seen in the ceremony's trail (for the filter's suggestions)."""
    return list(db.session.scalars(sa.select(AuditEntry.actor_label).where(AuditEntry.ceremony_id == ceremony_id)
                                   .distinct().order_by(AuditEntry.actor_label).limit(200)))


def decoded(entry: AuditEntry) -> dict:
    """``changes`` as a dict, and a list of (field, before, after) for display."""
    try:
        changes = json.loads(entry.changes or "{}")
    except ValueError:
        changes = {}
    before, after = changes.get("before", {}), changes.get("after", {})
    fields = sorted(set(before) | set(after))
    return {"before": before, "after": after, "fields": [(f, before.get(f), after.get(f)) for f in fields]}
