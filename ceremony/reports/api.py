"""JSON API: reporting units, report requests, unit reports with files, the province's review."""
from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint

from ceremony.campaign.i18n import _
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.errors import Forbidden
from ceremony.core.storage import get_storage
from ceremony.extensions import db
from ceremony.reports import access, operations, queries
from ceremony.reports.files import MIME
from ceremony.reports.schemas import (ReportSchema, RequestIn, RequestSchema, ReviewIn, SubmitForm, UnitIn,
                                      UnitSchema)

blp = Blueprint("reports_api", __name__, description="Reports from the units a plan names")
SUBMIT_BODY = {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
    "text": {"type": "string"},
    "files": {"type": "array", "items": {"type": "string", "format": "binary"},
              "description": "PDF, DOCX or XLSX, at most 20 MB each, 10 per report"}}}}}}


FILE_RESPONSE = {"200": {"description": "the file (PDF, DOCX or XLSX)", "content": {
    mime: {"schema": {"type": "string", "format": "binary"}} for mime in MIME.values()}}}


def uploads_from(files) -> list[tuple[str, bytes]]:
    return [(f.filename or "tep", f.read()) for f in files.getlist("files") if f and (f.filename or f.content_length)]


@blp.route("/ceremonies/<int:ceremony_id>/report-units")
@blp.response(200, UnitSchema(many=True))
@blp.doc(operationId="listReportUnits")
@require_api_roles()
def list_report_units(ceremony_id):
    """The units that report to the province (departments, sectors, districts, communes)."""
    get_ceremony(ceremony_id)
    return queries.list_units(ceremony_id)


@blp.route("/ceremonies/<int:ceremony_id>/report-units", methods=["POST"])
@blp.arguments(UnitIn)
@blp.response(201, UnitSchema)
@blp.doc(operationId="createReportUnit")
@require_api_roles("organizer")
def create_report_unit(body, ceremony_id):
    """Add a department or sector unit (district and commune units come from the points)."""
    unit = operations.create_unit(get_ceremony(ceremony_id), **body)
    db.session.commit()
    return unit


@blp.route("/ceremonies/<int:ceremony_id>/unit-reports")
@blp.response(200, RequestSchema(many=True))
@blp.doc(operationId="listUnitReports")
@require_api_roles()
def list_unit_reports(ceremony_id):
    """Every report request with each expected unit's state: accepted, submitted, returned, missing, overdue."""
    get_ceremony(ceremony_id)
    out = []
    for req in queries.list_requests(ceremony_id):
        req.standings = queries.standings(req)
        req.summary = queries.summary(req)
        out.append(req)
    return out


@blp.route("/ceremonies/<int:ceremony_id>/unit-reports", methods=["POST"])
@blp.arguments(RequestIn)
@blp.response(201, RequestSchema)
@blp.doc(operationId="createReportRequest")
@require_api_roles("organizer")
def create_report_request(body, ceremony_id):
    """Ask units of some kinds for a report due a number of minutes after the ceremony starts."""
    ceremony = get_ceremony(ceremony_id)
    operations.ensure_site_units(ceremony)
    req = operations.create_request(ceremony, **body)
    db.session.commit()
    req.standings, req.summary = queries.standings(req), queries.summary(req)
    return req


@blp.route("/ceremonies/<int:ceremony_id>/unit-reports/<int:request_id>/units/<int:unit_id>", methods=["POST"])
@blp.arguments(SubmitForm, location="form")
@blp.response(200, ReportSchema)
@blp.doc(operationId="submitUnitReport", requestBody=SUBMIT_BODY,
         description="Bearer token (organizer, or operator of the unit's point) or the unit's link in X-Unit-Token")
def submit_unit_report(form, ceremony_id, request_id, unit_id):
    """File or correct a unit's report: text and attached files (type checked by content, size bounded)."""
    req = queries.get_request(ceremony_id, request_id)
    unit = queries.get_unit(ceremony_id, unit_id)
    signed = access.authorize_unit(unit)
    report = operations.submit_report(req, unit, text=form["text"], uploads=uploads_from(request.files),
                                      submitted_by=signed)
    db.session.commit()
    return report


@blp.route("/ceremonies/<int:ceremony_id>/unit-reports/reports/<int:report_id>/review", methods=["POST"])
@blp.arguments(ReviewIn)
@blp.response(200, ReportSchema)
@blp.doc(operationId="reviewUnitReport")
@require_api_roles("organizer")
def review_unit_report(body, ceremony_id, report_id):
    """Accept a unit's report, or send it back with a comment."""
    report = queries.get_report(ceremony_id, report_id)
    operations.review_report(report, decision=body["decision"], comment=body["comment"],
                             reviewed_by=api_user().email)
    db.session.commit()
    return report


@blp.route("/ceremonies/<int:ceremony_id>/unit-reports/files/<int:file_id>")
@blp.doc(operationId="getUnitReportFile", responses=FILE_RESPONSE)
def get_unit_report_file(ceremony_id, file_id):
    """Download an attached file (organizers and viewers; the unit through its link)."""
    row = queries.get_file(ceremony_id, file_id)
    token = request.headers.get("X-Unit-Token")
    if token:
        if access.unit_from_token(token).id != row.report.unit_id:
            raise Forbidden(_("this link belongs to another unit"))
    else:
        user = api_user()
        if not (user.has_role("organizer", "viewer") or access.user_may_file(user, row.report.unit)):
            raise Forbidden(_("you may not read this file"))
    return file_response(row)


def file_response(row) -> Response:
    from urllib.parse import quote

    body = get_storage().get(row.storage_key)
    return Response(body, mimetype=MIME[row.kind], headers={
        "Content-Disposition": f"attachment; filename=\"bao-cao.{row.kind}\"; filename*=UTF-8''{quote(row.filename)}",
        "X-Content-Type-Options": "nosniff"})
