"""The one mechanism that records changes: SQLAlchemy flush events over registered models.

A model is audited once it is registered (``audit(Model, "delegate", ...)``; the defaults are in
``registry.py``). After every flush, each new, changed or deleted instance of a registered model becomes
an ``AuditEntry`` row, written in the same transaction (a rollback drops the change and its entry
together), with only the fields that changed, before and after. No operation has to remember to log.

The actor comes from the request: a bearer token's user (``token``), a logged-in person (``user``), a
link without an account such as an operator's site link or a delegate's invitation (``link``); outside
a request ``acting_as("scheduler")`` (set by the scheduler) or ``system``.
"""
from __future__ import annotations

import contextlib
import contextvars
import enum
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Callable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger("ceremony.audit")
SECRET_HINTS = ("password", "token", "secret", "hash")  # never copied into the trail
_acting = contextvars.ContextVar("audit_actor", default=None)


@dataclass(frozen=True)
class Audited:
    entity_type: str
    ceremony_of: Callable = lambda obj, session: getattr(obj, "ceremony_id", None)
    label: Callable = lambda obj: ""
    only: Callable | None = None  # (obj, action) -> bool: record only these (e.g. check-ins by hand)
    ignore: frozenset = field(default_factory=frozenset)  # noisy columns (timestamps of machines)


REGISTRY: dict[type, Audited] = {}


def audit(model: type, entity_type: str, **options) -> None:
    """Register ``model``: its changes are recorded from now on."""
    REGISTRY[model] = Audited(entity_type, **options)


@contextlib.contextmanager
def acting_as(kind: str, label: str = ""):
    """Attribute changes made outside a request (the scheduler, a CLI command) to ``kind``."""
    token = _acting.set((kind, None, label or kind))
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor() -> dict:
    """Who is acting now, as the actor columns of an entry."""
    kind, user_id, label = _actor()
    return {"actor_kind": kind, "actor_user_id": user_id, "actor_label": (label or "")[:200]}


def _actor() -> tuple:
    from flask import g, has_request_context, request

    explicit = _acting.get()
    if explicit is not None:
        return explicit
    if not has_request_context():
        return ("system", None, "system")
    user = g.get("api_user")
    from ceremony.core.auth import bearer_token

    if user is not None and bearer_token() is not None:
        return ("token", user.id, user.email)
    if user is None:
        from flask_login import current_user

        user = current_user if getattr(current_user, "is_authenticated", False) else None
    if user is not None:
        return ("user", user.id, user.email)
    return ("link", None, f"{request.endpoint or ''} {request.path}"[:200])


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes>"
    if isinstance(value, (list, tuple, dict)):
        return json.loads(json.dumps(value, default=str))
    return str(value)


def _columns(obj, spec: Audited):
    for attr in sa.inspect(type(obj)).column_attrs:
        key = attr.key
        if key in spec.ignore or any(hint in key.lower() for hint in SECRET_HINTS):
            continue
        yield key


def _changes(obj, action: str, spec: Audited) -> dict:
    state = sa.inspect(obj)
    if action == "create":
        return {"after": {k: _jsonable(state.dict.get(k)) for k in _columns(obj, spec)}}
    if action == "delete":
        return {"before": {k: _jsonable(state.dict[k]) for k in _columns(obj, spec) if k in state.dict}}
    before, after = {}, {}
    for key in _columns(obj, spec):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if _jsonable(old) == _jsonable(new):
            continue
        before[key], after[key] = _jsonable(old), _jsonable(new)
    return {"before": before, "after": after} if after or before else {}


def _entries(session: Session) -> list[dict]:
    if not REGISTRY:
        return []
    from ceremony.core.time import now

    rows, at = [], now()
    for action, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            spec = REGISTRY.get(type(obj))
            if spec is None or (spec.only is not None and not spec.only(obj, action)):
                continue
            changes = _changes(obj, action, spec)
            if not changes:
                continue
            identity = sa.inspect(obj).mapper.primary_key_from_instance(obj)
            rows.append({
                "ceremony_id": spec.ceremony_of(obj, session), "at": at, "entity_type": spec.entity_type,
                "entity_id": ":".join(str(part) for part in identity)[:40], "action": action,
                "entity_label": (spec.label(obj) or "")[:300],
                "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True),
            })
    return rows


@event.listens_for(Session, "after_flush")
def _record(session: Session, flush_context) -> None:
    rows = _entries(session)
    if not rows:
        return
    from ceremony.audit.models import AuditEntry

    actor = current_actor()
    session.connection().execute(sa.insert(AuditEntry.__table__), [{**row, **actor} for row in rows])


@event.listens_for(Session, "do_orm_execute")
def _record_bulk_update(state) -> None:
    """An ``UPDATE`` statement on a registered model (a claim such as "revoke unless already revoked")
    bypasses the flush: read the rows it matches first, run it, and record what changed."""
    if not state.is_update or not REGISTRY:
        return
    statement = state.statement
    model = (getattr(statement, "entity_description", None) or {}).get("entity")
    spec = REGISTRY.get(model)
    values = getattr(statement, "_values", None)
    if spec is None or not values:
        return
    table = model.__table__
    changed = {(k.key if hasattr(k, "key") else str(k)): v for k, v in values.items()}
    changed = {k: v for k, v in changed.items() if k in table.c and k not in spec.ignore
               and not any(hint in k.lower() for hint in SECRET_HINTS)}
    if not changed:
        return
    keys = [c.name for c in table.primary_key.columns]
    extra = ["ceremony_id"] if "ceremony_id" in table.c and "ceremony_id" not in keys else []
    matched = state.session.execute(
        sa.select(*(table.c[k] for k in keys + extra + list(changed))).where(*statement._where_criteria)).all()
    result = state.invoke_statement()
    if not matched or result.rowcount != len(matched):  # lost a race: nothing (or not only these) changed
        return result
    from ceremony.audit.models import AuditEntry
    from ceremony.core.time import now

    actor, at, rows = current_actor(), now(), []
    for row in matched:
        mapping = row._mapping
        before = {k: _jsonable(mapping[k]) for k in changed}
        after = {k: _jsonable(v.value if hasattr(v, "value") and not isinstance(v, enum.Enum) else v)
                 for k, v in changed.items()}
        rows.append({**actor, "ceremony_id": mapping["ceremony_id"] if extra else None, "at": at,
                     "entity_type": spec.entity_type, "entity_id": ":".join(str(mapping[k]) for k in keys)[:40],
                     "entity_label": "", "action": "update",
                     "changes": json.dumps({"before": before, "after": after}, ensure_ascii=False, sort_keys=True)})
    state.session.connection().execute(sa.insert(AuditEntry.__table__), rows)
    return result
