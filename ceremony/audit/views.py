"""Pages: a ceremony's audit trail with filters, and its CSV and XLSX exports (organizers only)."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import lazy_gettext as _l

from ceremony.audit import exports, queries
from ceremony.audit.forms import parse_filter
from ceremony.audit.registry import ENTITY_TYPES
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import InvalidInput
from ceremony.core.nav import ceremony_nav
from ceremony.core.time import now

bp = Blueprint("audit", __name__)
ceremony_nav(bp, _l("Audit log"), "audit.index", order=95, roles=("organizer",))
PER_PAGE = 50


def entity_labels() -> dict:
    return {"ceremony": _l("Ceremony"), "site": _l("Bridge point"), "delegate": _l("Delegate"),
            "person": _l("Person"), "invitation": _l("Invitation"), "category": _l("Category"),
            "window": _l("Readiness window"), "checklist": _l("Checklist item"), "segment": _l("Program segment"),
            "segment_person": _l("Person on stage"), "checkin": _l("Manual check-in"),
            "followup": _l("Follow-up task")}


def _page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 10**6))
    except ValueError:
        return 1


@bp.route("/ceremonies/<int:ceremony_id>/audit")
@roles_required("organizer")
def index(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    error = None
    try:
        where = parse_filter(request.args)
    except InvalidInput as refused:
        error, where = refused, queries.AuditFilter()
    result = queries.list_entries(ceremony.id, where, _page_number(), PER_PAGE)
    pages = max(1, -(-result["total"] // PER_PAGE))
    return render_template("audit/index.html", ceremony=ceremony, result=result, pages=pages, where=where,
                           error=error, decoded=queries.decoded, entity_types=ENTITY_TYPES,
                           labels=entity_labels(), actors=queries.actors(ceremony.id),
                           args={k: v for k, v in request.args.items() if k != "page"}), 422 if error else 200


@bp.route("/ceremonies/<int:ceremony_id>/audit.<any(csv, xlsx):fmt>")
@roles_required("organizer")
def export(ceremony_id, fmt):
    ceremony = get_ceremony(ceremony_id)
    entries = queries.iter_entries(ceremony.id, parse_filter(request.args))
    stamp = now().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        body, mimetype = exports.audit_csv(entries), "text/csv; charset=utf-8"
    else:
        body = exports.audit_xlsx(entries)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="nhat-ky-{ceremony.slug}-{stamp}.{fmt}"'})
