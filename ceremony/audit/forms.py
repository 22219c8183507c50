"""The trail's filters, read from a query string (the page, the exports) with errors naming the field."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from ceremony.audit.queries import AuditFilter
from ceremony.audit.registry import ENTITY_TYPES
from ceremony.core.errors import InvalidInput

LIMITS = {"actor": 200, "text": 200}


def _text(args, name: str) -> str:
    value = (args.get(name) or "").strip()
    if "\x00" in value:
        raise InvalidInput(_("The field %(field)s contains a forbidden character.", field=name), field=name)
    if len(value) > LIMITS[name]:
        raise InvalidInput(_("The field %(field)s is longer than %(limit)d characters.", field=name,
                             limit=LIMITS[name]), field=name)
    return value


def _day(args, name: str) -> date | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(_("The field %(field)s must be a date (YYYY-MM-DD).", field=name), field=name) from None


def parse_filter(args) -> AuditFilter:
    entity_type = (args.get("entity_type") or "").strip()
    if entity_type and entity_type not in ENTITY_TYPES:
        raise InvalidInput(_("Unknown entity type %(value)s.", value=entity_type[:40]), field="entity_type")
    where = AuditFilter(entity_type=entity_type, actor=_text(args, "actor"), since=_day(args, "since"),
                        until=_day(args, "until"), text=_text(args, "text"))
    if where.since and where.until and where.since > where.until:
        raise InvalidInput(_("The start date is after the end date."), field="since")
    return where
