"""Pages: report requests and where every unit stands, a unit's report (text and files), the province's
review, and the unit's own link page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav
from ceremony.extensions import db
from ceremony.reports import access, operations, queries
from ceremony.reports.api import file_response, uploads_from

bp = Blueprint("reports", __name__)
ceremony_nav(bp, _l("Unit reports"), "reports.index", order=86)
STATE_LABELS = {"accepted": _l("Accepted"), "submitted": _l("Submitted"), "returned": _l("Sent back"),
                "missing": _l("Not yet reported"), "overdue": _l("Overdue")}
KIND_LABELS = {"department": _l("Department"), "district": _l("District"), "commune": _l("Commune"),
               "sector": _l("Sector")}


def _flash_error(error: DomainError) -> None:
    db.session.rollback()
    flash(error.message, "error")


@bp.route("/ceremonies/<int:ceremony_id>/unit-reports", methods=["GET", "POST"])
@roles_required()
def index(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    if request.method == "POST":
        if not current_user.has_role("organizer"):
            abort(403)
        form = request.form
        try:
            if form.get("action") == "unit":
                operations.create_unit(ceremony, kind=form.get("kind", ""), name=form.get("name", ""),
                                       email=form.get("email", ""), phone=form.get("phone", ""))
            else:
                operations.ensure_site_units(ceremony)
                days = form.get("due_days", type=float)
                operations.create_request(ceremony, code=form.get("code", ""), title=form.get("title", ""),
                                          instructions=form.get("instructions", ""), unit_kinds=form.getlist("unit_kinds"),
                                          due_offset_minutes=int(round((days or 0) * 24 * 60)),
                                          remind_hours_before=form.get("remind_hours_before", 48, type=int))
        except DomainError as error:
            _flash_error(error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
        return redirect(url_for("reports.index", ceremony_id=ceremony_id))
    rows = [(r, queries.summary(r)) for r in queries.list_requests(ceremony.id)]
    units = queries.list_units(ceremony.id)
    return render_template("reports/index.html", ceremony=ceremony, rows=rows,
                           units=[u for u in units if u.site_id is None], kind_labels=KIND_LABELS)


@bp.route("/ceremonies/<int:ceremony_id>/unit-reports/<int:request_id>")
@roles_required()
def detail(ceremony_id, request_id):
    ceremony = get_ceremony(ceremony_id)
    req = queries.get_request(ceremony.id, request_id)
    rows = [r for r in queries.standings(req) if access.user_may_file(current_user, r.unit)
            or current_user.has_role("viewer")]
    return render_template("reports/detail.html", ceremony=ceremony, req=req, rows=rows, summary=queries.summary(req),
                           state_labels=STATE_LABELS, kind_labels=KIND_LABELS)


def _unit_page(req, unit, *, signed: str, back: str, token: str = ""):
    ceremony = get_ceremony(req.ceremony_id)
    if request.method == "POST":
        try:
            operations.submit_report(req, unit, text=request.form.get("text", ""), uploads=uploads_from(request.files),
                                     submitted_by=signed)
        except DomainError as error:
            _flash_error(error)
        else:
            db.session.commit()
            flash(_("Report sent."), "success")
        return redirect(request.url)
    report = next((r.report for r in queries.standings(req, {unit.id})), None)
    return render_template("reports/unit.html", ceremony=ceremony, req=req, unit=unit, report=report, back=back,
                           token=token, state_labels=STATE_LABELS)


@bp.route("/ceremonies/<int:ceremony_id>/unit-reports/<int:request_id>/units/<int:unit_id>", methods=["GET", "POST"])
@roles_required()
def unit_report(ceremony_id, request_id, unit_id):
    req = queries.get_request(ceremony_id, request_id)
    unit = queries.get_unit(ceremony_id, unit_id)
    may_file = access.user_may_file(current_user, unit)
    if not (may_file or current_user.has_role("viewer")) or (request.method == "POST" and not may_file):
        abort(403)
    return _unit_page(req, unit, signed=current_user.email,
                      back=url_for("reports.detail", ceremony_id=ceremony_id, request_id=request_id))


@bp.route("/ceremonies/<int:ceremony_id>/unit-reports/reports/<int:report_id>/review", methods=["POST"])
@roles_required("organizer")
def review(ceremony_id, report_id):
    report = queries.get_report(ceremony_id, report_id)
    try:
        operations.review_report(report, decision=request.form.get("decision", ""),
                                 comment=request.form.get("comment", ""), reviewed_by=current_user.email)
    except DomainError as error:
        _flash_error(error)
    else:
        db.session.commit()
        flash(_("Review saved."), "success")
    return redirect(url_for("reports.unit_report", ceremony_id=ceremony_id, request_id=report.request_id,
                            unit_id=report.unit_id))


@bp.route("/ceremonies/<int:ceremony_id>/unit-reports/files/<int:file_id>")
@roles_required()
def download(ceremony_id, file_id):
    row = queries.get_file(ceremony_id, file_id)
    if not (current_user.has_role("organizer", "viewer") or access.user_may_file(current_user, row.report.unit)):
        abort(403)
    return file_response(row)


@bp.route("/ceremonies/<int:ceremony_id>/unit-reports/units/<int:unit_id>/link")
@roles_required("organizer")
def unit_link(ceremony_id, unit_id):
    unit = queries.get_unit(ceremony_id, unit_id)
    token = access.unit_token(unit)
    db.session.commit()
    return render_template("reports/unit_link.html", ceremony=get_ceremony(ceremony_id), unit=unit,
                           link=url_for("reports.unit_home", token=token, _external=True))


@bp.route("/u/<token>")
def unit_home(token):
    """A unit's own page (no password): the reports asked of it."""
    unit = access.unit_from_token(token)
    return render_template("reports/unit_home.html", unit=unit, token=token, rows=queries.reports_of_unit(unit),
                           state_labels=STATE_LABELS)


@bp.route("/u/<token>/<int:request_id>", methods=["GET", "POST"])
def unit_link_report(token, request_id):
    unit = access.unit_from_token(token)
    req = queries.get_request(unit.ceremony_id, request_id)
    return _unit_page(req, unit, signed=f"unit:{unit.name}", back=url_for("reports.unit_home", token=token),
                      token=token)


@bp.route("/u/<token>/files/<int:file_id>")
def unit_link_file(token, file_id):
    unit = access.unit_from_token(token)
    row = queries.get_file(unit.ceremony_id, file_id)
    if row.report.unit_id != unit.id:
        abort(403)
    return file_response(row)
