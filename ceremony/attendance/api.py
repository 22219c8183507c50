"""JSON API: redeem check-ins at the gates, upload offline queues, read live attendance."""
import gzip
import json

import marshmallow as ma
from flask import current_app, request
from flask_smorest import Blueprint

from ceremony.attendance import operations, queries, report
from ceremony.attendance.models import CheckInMethod
from ceremony.attendance.schemas import (AttendanceSchema, CheckinCandidatesSchema, CheckinOutcomeSchema,
                                         CheckinSearchArgs, GateListArgs, GateListSchema, PointHeadcountArgs, PointHeadcountSchema,
                                         RedeemCheckinArgs, ScanUploadArgs, ScanUploadSchema, checkin_payload,
                                         delegate_payload, outcome_payload, outcome_response)
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.openapi import PDF, XLSX, download, file_response
from ceremony.core.paging import id_field
from ceremony.core.time import now
from ceremony.delegates.queries import scope_site_ids, site_for
from ceremony.extensions import db
from ceremony.sites.queries import get_site

blp = Blueprint("attendance_api", __name__, description="Attendance: gates, check-ins, remote points")
GATE_ROLES = ("checker", "organizer")


@blp.route("/ceremonies/<int:ceremony_id>/checkins", methods=["POST"])
@blp.arguments(RedeemCheckinArgs())  # an instance: webargs builds a class's schema on every request
@blp.response(200, CheckinOutcomeSchema)
@blp.doc(operationId="redeemCheckin")
@require_api_roles(*GATE_ROLES)
def redeem_checkin(args, ceremony_id):
    """Answer one scan at a gate: welcome, already (with the first check-in's time and gate),
    not_invited, revoked or unreadable. Idempotent by (device, nonce)."""
    outcome = operations.redeem_checkin(  # the id: the ceremony is read in the scan's first statement
        ceremony_id, args.get("text") or args.get("token") or "", args["gate"], args["device"], args["nonce"],
        method=CheckInMethod(args["method"]), delegate_id=args.get("delegate_id"), user=api_user())
    payload = outcome_payload(outcome)
    db.session.commit()
    # The hot path answers without the schema layer: the payload is already plain data
    # (CheckinOutcomeSchema documents it; tests validate answers against the OpenAPI document).
    return outcome_response(payload)


@blp.route("/ceremonies/<int:ceremony_id>/checkins/batch", methods=["POST"])
@blp.arguments(ScanUploadArgs)
@blp.response(200, ScanUploadSchema)
@blp.doc(operationId="uploadScans")
@require_api_roles(*GATE_ROLES)
def upload_scans(args, ceremony_id):
    """Upload the queue of a gate that was offline. Scans already received (same device and nonce)
    are answered as before; scans the server refuses but the gate let in are flagged conflicts."""
    ceremony = get_ceremony(ceremony_id)
    items = [{**item, "text": item.get("text") or item.get("token") or ""} for item in args["scans"]]
    outcomes = operations.upload_scans(ceremony, items, user=api_user())
    payload = {"accepted": len(outcomes), "conflicts": sum(o.is_conflict for o in outcomes),
               "results": [outcome_payload(o) for o in outcomes]}
    db.session.commit()
    return payload


@blp.route("/ceremonies/<int:ceremony_id>/attendance")
@blp.response(200, AttendanceSchema)
@blp.doc(operationId="getAttendance")
@require_api_roles()
def get_attendance(ceremony_id):
    """Invited and present: in total, per point, tier and category, of VIPs; headcounts of points.
    An operator sees only the points they answer for, as on their board."""
    get_ceremony(ceremony_id)
    return queries.attendance_counts(ceremony_id, scope_site_ids(api_user(), ceremony_id))


@blp.route("/ceremonies/<int:ceremony_id>/gate-list")
@blp.arguments(GateListArgs, location="query")
@blp.response(200, GateListSchema)
@blp.doc(operationId="getGateList")
@require_api_roles(*GATE_ROLES)
def get_gate_list(args, ceremony_id):
    """The local copy a gate keeps to go on scanning without network: the invitations of the
    delegates of its point (and of the points meeting in the same hall), as hashes of their tokens
    and short codes with name, title, unit, zone, seat and revoked flag. Compact rows (``fields``),
    gzip when the client accepts it; ``since`` answers only what changed (a delta)."""
    get_ceremony(ceremony_id)
    site = site_for(ceremony_id, args.get("site")) if args.get("site") else None
    sites = queries.gate_sites(ceremony_id, site)
    generated = now()
    body = {"ceremony_id": ceremony_id, "generated_at": generated, "version": generated,
            "full": args.get("since") is None,
            "site": _gate_site(sites[0]) if sites else None, "sites": [_gate_site(s) for s in sites],
            "hash": "sha256-72-base64url", "fields": queries.GATE_FIELDS,
            "items": queries.gate_list(ceremony_id, sites, args.get("since"))}
    return gzipped(GateListSchema().dump(body))


def _gate_site(site) -> dict:
    return {"id": site.id, "code": site.code, "name": site.name, "tier": site.tier.value}


def gzipped(payload: dict):
    """``payload`` as JSON, gzip-compressed when the client says it accepts gzip."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    response = current_app.response_class(data, mimetype="application/json")
    response.vary.add("Accept-Encoding")
    if "gzip" in request.accept_encodings:
        response.set_data(gzip.compress(data, compresslevel=6))
        response.headers["Content-Encoding"] = "gzip"
    return response


@blp.route("/ceremonies/<int:ceremony_id>/checkin-candidates")
@blp.arguments(CheckinSearchArgs, location="query")
@blp.response(200, CheckinCandidatesSchema)
@blp.doc(operationId="searchCheckinCandidates")
@require_api_roles(*GATE_ROLES)
def search_candidates(args, ceremony_id):
    """Delegates whose name or title holds ``q`` (tones ignored), with their check-in if any."""
    get_ceremony(ceremony_id)
    delegates = queries.search_delegates(ceremony_id, args["q"])
    checkins = queries.checkins_by_delegate(ceremony_id, [d.id for d in delegates])
    return {"items": [{**delegate_payload(d), "checkin": checkin_payload(checkins.get(d.id))} for d in delegates]}


@blp.route("/ceremonies/<int:ceremony_id>/delegates/<int:delegate_id>/presence", methods=["POST"])
@blp.response(200, CheckinOutcomeSchema)
@blp.doc(operationId="markPresent")
@require_api_roles("operator", "organizer")
def mark_present(ceremony_id, delegate_id):
    """A remote point's operator marks one of its delegates present (idempotent)."""
    ceremony = get_ceremony(ceremony_id)
    outcome = operations.mark_present(ceremony, delegate_id, api_user())
    payload = outcome_payload(outcome)
    db.session.commit()
    return payload


@blp.route("/ceremonies/<int:ceremony_id>/sites/<int:site_id>/headcount", methods=["PUT"])
@blp.arguments(PointHeadcountArgs)
@blp.response(200, PointHeadcountSchema)
@blp.doc(operationId="reportHeadcount")
@require_api_roles("operator", "organizer")
def report_headcount(args, ceremony_id, site_id):
    """A remote point reports how many people are in its hall (the latest report counts)."""
    ceremony = get_ceremony(ceremony_id)
    headcount = operations.report_headcount(ceremony, get_site(site_id, ceremony_id), args["count"], api_user())
    db.session.commit()
    return headcount


class AttendanceReportArgs(ma.Schema):
    site = id_field(metadata={"description": "one point's report (site id); default: every point"})


def _report(args, ceremony_id: int, fmt: str):
    ceremony = get_ceremony(ceremony_id)
    site = get_site(args["site"], ceremony.id) if args.get("site") else None
    return download(*report.report_document(ceremony, site, fmt))


@blp.route("/ceremonies/<int:ceremony_id>/attendance/report.pdf")
@blp.arguments(AttendanceReportArgs, location="query")
@blp.doc(operationId="getAttendanceReportPdf", responses=file_response(
    PDF, description="invited and present per point, tier and category; who came late; each delegate"))
@require_api_roles("organizer", "viewer")
def get_attendance_report_pdf(args, ceremony_id):
    """The attendance report of the ceremony or of one point as PDF."""
    return _report(args, ceremony_id, "pdf")


@blp.route("/ceremonies/<int:ceremony_id>/attendance/report.xlsx")
@blp.arguments(AttendanceReportArgs, location="query")
@blp.doc(operationId="getAttendanceReportXlsx", responses=file_response(
    XLSX, description="invited and present per point, tier and category; each delegate"))
@require_api_roles("organizer", "viewer")
def get_attendance_report_xlsx(args, ceremony_id):
    """The attendance report of the ceremony or of one point as a spreadsheet."""
    return _report(args, ceremony_id, "xlsx")
