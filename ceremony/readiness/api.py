"""JSON API: report readiness, send heartbeats, read the board and a point's history."""
from __future__ import annotations

import marshmallow as ma
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import require_api_roles
from ceremony.core.openapi import PDF, XLSX, download, file_response
from ceremony.core.paging import id_field, paginate
from ceremony.extensions import db
from ceremony.readiness import operations, queries, reports
from ceremony.readiness.access import authorize_site, visible_site_ids
from ceremony.readiness.schemas import (BoardArgs, BoardSchema, CheckInArgs, CheckInPageSchema, CheckInSchema,
                                        HeartbeatSchema, HistoryArgs, ItemSchema, PhaseSchema)
from ceremony.sites.queries import get_site, list_sites

blp = Blueprint("readiness_api", __name__, description="Bridge-point readiness")
SITE_AUTH = {"description": "Bearer token of an organizer or operator account, or the point's "
                            "operator link token in the X-Site-Token header"}


def _site(ceremony_id: int, site_id: int):
    get_ceremony(ceremony_id)
    return get_site(site_id, ceremony_id)


@blp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>/checkins", methods=["POST"])
@blp.arguments(CheckInArgs)
@blp.response(201, CheckInSchema)
@blp.alt_response(200, schema=CheckInSchema, description="the same idempotency key was stored before")
@blp.doc(operationId="reportReadiness", description=SITE_AUTH["description"])
def report_readiness(args, ceremony_id, site_id):
    """Report a point's checklist; sending the same ``idempotency_key`` again stores nothing new."""
    site = _site(ceremony_id, site_id)
    reporter = authorize_site(site, write=True)
    answers = [{"item": a["item"], "state": a["state"].value, "note": a["note"], "value": a["value"],
                "is_measured": a["is_measured"]} for a in args["answers"]]
    checkin, created = operations.record_checkin(
        site, idempotency_key=args["idempotency_key"], answers=answers, bandwidth_mbps=args["bandwidth_mbps"],
        headcount=args["headcount"], note=args["note"], reported_by=reporter, observed_at=args["observed_at"],
        measurements=args["measurements"])
    db.session.commit()
    return checkin, 201 if created else 200


@blp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>/checkins", methods=["GET"])
@blp.arguments(HistoryArgs, location="query")
@blp.response(200, CheckInPageSchema)
@blp.doc(operationId="listReadinessHistory", description=SITE_AUTH["description"])
def list_history(args, ceremony_id, site_id):
    """A point's check-ins, the latest first."""
    site = _site(ceremony_id, site_id)
    authorize_site(site, write=False)
    return paginate(queries.history_query(site.id), args["page"], args["per_page"])


@blp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>/heartbeat", methods=["POST"])
@blp.response(200, HeartbeatSchema)
@blp.doc(operationId="sendHeartbeat", description=SITE_AUTH["description"])
def send_heartbeat(ceremony_id, site_id):
    """The point is online (send every 15 s during the live phase)."""
    site = _site(ceremony_id, site_id)
    authorize_site(site, write=True)
    beat = operations.record_heartbeat(site)
    db.session.commit()
    return beat


@blp.route("/ceremonies/<int:ceremony_id>/readiness/board")
@blp.arguments(BoardArgs, location="query")
@blp.response(200, BoardSchema)
@blp.doc(operationId="getReadinessBoard")
@require_api_roles()
def get_board(args, ceremony_id):
    """Counts per tier and status, and every point's status, grouped by district (an operator sees
    only their points). A unit too big to draw (the nation of a nationwide network) comes as its child
    units with their counts (``mode`` units); ``parent`` draws one of them."""
    get_ceremony(ceremony_id)
    phase = queries.get_phase(ceremony_id, args["phase"]) if args.get("phase") else \
        queries.current_phase(ceremony_id)
    return queries.board(ceremony_id, phase, visible=visible_site_ids(lambda: list_sites(ceremony_id)),
                         status=args.get("status"), parent=args.get("parent"))


@blp.route("/ceremonies/<int:ceremony_id>/readiness/checklist")
@blp.response(200, ItemSchema(many=True))
@blp.doc(operationId="listReadinessChecklist")
@require_api_roles()
def list_checklist(ceremony_id):
    """The active checklist items, in order."""
    get_ceremony(ceremony_id)
    return queries.checklist(ceremony_id)


@blp.route("/ceremonies/<int:ceremony_id>/readiness/phases")
@blp.response(200, PhaseSchema(many=True))
@blp.doc(operationId="listReadinessPhases")
@require_api_roles()
def list_phases(ceremony_id):
    """The check-in windows and the live phase, in time order."""
    get_ceremony(ceremony_id)
    return queries.phases(ceremony_id)


# --- operator links, site kits and reports: the API twins of the readiness pages ----------------

class OperatorLinkSchema(ma.Schema):
    site_id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True, metadata={"example": "21550"})
    url = ma.fields.String(required=True, metadata={
        "description": "the link printed as a QR code in the site kit: no password, this point only",
        "example": "https://ceremony.example.vn/r/eyJzIjo0MiwibiI6Ii4uLiJ9.abc"})


class SiteKitArgs(ma.Schema):
    site = id_field(metadata={"description": "one point's kit (site id); default: every point"})


def _link(site) -> dict:
    return {"site_id": site.id, "code": site.code, "url": operations.operator_link(site)}


@blp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>/operator-link", methods=["POST"])
@blp.response(200, OperatorLinkSchema)
@blp.doc(operationId="issueOperatorLink")
@require_api_roles("organizer")
def issue_operator_link(ceremony_id, site_id):
    """The point's operator link, issued when it has none (the same link as in its printed kit)."""
    body = _link(_site(ceremony_id, site_id))
    db.session.commit()
    return body


@blp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>/operator-link/revoke", methods=["POST"])
@blp.response(200, OperatorLinkSchema)
@blp.doc(operationId="revokeOperatorLink")
@require_api_roles("organizer")
def revoke_operator_link(ceremony_id, site_id):
    """Revoke the point's operator links (a lost phone) and issue a new one: print its kit again."""
    site = _site(ceremony_id, site_id)
    url = operations.rotate_operator_link(site)
    db.session.commit()
    return {"site_id": site.id, "code": site.code, "url": url}


@blp.route("/ceremonies/<int:ceremony_id>/readiness/kits.pdf")
@blp.arguments(SiteKitArgs, location="query")
@blp.doc(operationId="getSiteKitsPdf", responses=file_response(
    PDF, description="one A4 page per point: name, code, schedule and the operator link as a QR code"))
@require_api_roles("organizer")
def get_site_kits_pdf(args, ceremony_id):
    """The site kits of every point, or of one (``site``); missing operator links are issued."""
    ceremony = get_ceremony(ceremony_id)
    body, name = operations.site_kits(ceremony, get_site(args["site"], ceremony.id) if args.get("site") else None)
    db.session.commit()
    return download(body, PDF, name)


def _report(ceremony_id: int, phase_key: str, fmt: str):
    ceremony = get_ceremony(ceremony_id)
    return download(*reports.phase_report(ceremony, queries.get_phase(ceremony_id, phase_key), fmt))


@blp.route("/ceremonies/<int:ceremony_id>/readiness/phases/<phase_key>/report.pdf")
@blp.doc(operationId="getReadinessReportPdf", responses=file_response(
    PDF, description="who was ready when, who never reported, in one window"))
@require_api_roles("organizer", "viewer")
def get_readiness_report_pdf(ceremony_id, phase_key):
    """The readiness report of one window (``t60``, ``t30``, ``live``…) as PDF."""
    return _report(ceremony_id, phase_key, "pdf")


@blp.route("/ceremonies/<int:ceremony_id>/readiness/phases/<phase_key>/report.xlsx")
@blp.doc(operationId="getReadinessReportXlsx", responses=file_response(
    XLSX, description="who was ready when, who never reported, in one window"))
@require_api_roles("organizer", "viewer")
def get_readiness_report_xlsx(ceremony_id, phase_key):
    """The readiness report of one window as a spreadsheet."""
    return _report(ceremony_id, phase_key, "xlsx")


from ceremony.readiness import setup_api  # noqa: E402,F401  (windows and checklist editing)
