"""JSON API: a ceremony's audit trail (organizers only)."""
from __future__ import annotations

import json

import marshmallow as ma
from flask_smorest import Blueprint

from ceremony.audit import queries
from ceremony.audit.forms import LIMITS
from ceremony.audit.queries import AuditFilter
from ceremony.audit.registry import ENTITY_TYPES
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import require_api_roles
from ceremony.core.errors import InvalidInput
from ceremony.core.paging import PageArgs, page_schema

blp = Blueprint("audit_api", __name__, description="Audit trail: who changed what, when")
_no_nul = ma.validate.Regexp(r"^[^\x00]*$", error="contains a forbidden character (NUL)")


class AuditArgs(PageArgs):
    entity_type = ma.fields.String(validate=ma.validate.OneOf(ENTITY_TYPES))
    actor = ma.fields.String(validate=[ma.validate.Length(max=LIMITS["actor"]), _no_nul])
    since = ma.fields.Date()
    until = ma.fields.Date()
    text = ma.fields.String(validate=[ma.validate.Length(max=LIMITS["text"]), _no_nul])


class AuditEntrySchema(ma.Schema):
    id = ma.fields.Integer()
    at = ma.fields.AwareDateTime()
    actor_kind = ma.fields.String(metadata={"description": "user, token, link, scheduler or system"})
    actor_user_id = ma.fields.Integer(allow_none=True)
    actor_label = ma.fields.String()
    entity_type = ma.fields.String()
    entity_id = ma.fields.String()
    entity_label = ma.fields.String()
    action = ma.fields.String(metadata={"description": "create, update or delete"})
    before = ma.fields.Function(lambda e: json.loads(e.changes or "{}").get("before"), allow_none=True)
    after = ma.fields.Function(lambda e: json.loads(e.changes or "{}").get("after"), allow_none=True)


AuditPage = page_schema(AuditEntrySchema, "AuditPage")


@blp.route("/ceremonies/<int:ceremony_id>/audit")
@blp.arguments(AuditArgs, location="query")
@blp.response(200, AuditPage)
@blp.doc(operationId="listAuditEntries")
@require_api_roles("organizer")
def list_audit_entries(args, ceremony_id):
    """Every recorded change of the ceremony, newest first: who (person, token, link, scheduler), when,
    which entity, and each changed field before and after. Filter by entity type, actor, dates (Vietnam
    days, both included) and text."""
    get_ceremony(ceremony_id)
    where = AuditFilter(entity_type=args.get("entity_type", ""), actor=(args.get("actor") or "").strip(),
                        since=args.get("since"), until=args.get("until"), text=(args.get("text") or "").strip())
    if where.since and where.until and where.since > where.until:
        raise InvalidInput("since is after until", field="since")
    return queries.list_entries(ceremony_id, where, args["page"], args["per_page"])
