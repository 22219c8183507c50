"""Pages: the gate scanner, the live attendance board, the roll call of remote points, the reports."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.attendance import operations, queries
from ceremony.attendance.forms import HeadcountForm, PresentForm
from ceremony.attendance.models import ScanResult
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.nav import ceremony_nav, overview_panel
from ceremony.extensions import db
from ceremony.live.sse import sse_response
from ceremony.sites.queries import get_site

bp = Blueprint("attendance", __name__)
ceremony_nav(bp, _l("Attendance"), "attendance.board", order=60, roles=("organizer", "viewer"))
ceremony_nav(bp, _l("Gate scanner"), "attendance.scanner", order=61, roles=("checker", "organizer"))
ceremony_nav(bp, _l("Roll call"), "attendance.points", order=62, roles=("operator", "organizer"))


def _panel(ceremony) -> dict:
    return {"counts": queries.attendance_counts(ceremony.id)}


overview_panel(bp, "attendance/_panel.html", _panel, order=60)


@bp.route("/ceremonies/<int:ceremony_id>/attendance/scan")
@roles_required("checker", "organizer")
def scanner(ceremony_id):
    """The gate's page; ``?site=`` (code or id) for a gate at another point than the venue: the gate
    keeps the offline list of its point and of the points meeting in the same hall."""
    from ceremony.delegates.queries import site_for

    ceremony = get_ceremony(ceremony_id)
    chosen = site_for(ceremony.id, request.args.get("site")) if request.args.get("site") else None
    served = queries.gate_sites(ceremony.id, chosen)
    return render_template("attendance/scanner.html", ceremony=ceremony, venue=served[0] if served else None,
                           served=served, chosen=chosen)


@bp.route("/attendance-gate-sw.js")
def gate_service_worker():
    """The scanner's service worker, served from the root so it may control /ceremonies/ pages."""
    response = current_app.send_static_file("attendance/gate-sw.js")
    response.headers["Cache-Control"] = "no-cache"
    response.mimetype = "text/javascript"
    return response


@bp.route("/ceremonies/<int:ceremony_id>/attendance")
@roles_required("organizer", "viewer")
def board(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    return render_template("attendance/board.html", ceremony=ceremony, counts=queries.attendance_counts(ceremony.id),
                           conflicts=queries.conflicts(ceremony.id), scans=queries.recent_scans(ceremony.id))


@bp.route("/ceremonies/<int:ceremony_id>/attendance/stream")
@roles_required("organizer", "viewer")
def stream(ceremony_id):
    get_ceremony(ceremony_id)
    return sse_response([operations.topic(ceremony_id)],
                        initial=lambda: [("snapshot", queries.attendance_counts(ceremony_id))])


@bp.route("/ceremonies/<int:ceremony_id>/attendance/points")
@roles_required("operator", "organizer")
def points(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    sites = queries.covered_sites(ceremony.id, current_user)
    counts = {row["site_id"]: row for row in queries.attendance_counts(ceremony.id)["by_site"]}
    return render_template("attendance/points.html", ceremony=ceremony, sites=sites, counts=counts)


def _covered_site(ceremony, site_id):
    site = get_site(site_id, ceremony.id)
    if not user_covers_site(current_user, site):
        abort(403)
    return site


@bp.route("/ceremonies/<int:ceremony_id>/attendance/points/<int:site_id>")
@roles_required("operator", "organizer")
def roster(ceremony_id, site_id):
    ceremony = get_ceremony(ceremony_id)
    site = _covered_site(ceremony, site_id)
    return render_template("attendance/roster.html", ceremony=ceremony, site=site,
                           roster=queries.roster(ceremony.id, site.id), form=PresentForm(),
                           headcount=queries.headcount_of(ceremony.id, site.id), headcount_form=HeadcountForm())


@bp.route("/ceremonies/<int:ceremony_id>/attendance/points/<int:site_id>/present", methods=["POST"])
@roles_required("operator", "organizer")
def present(ceremony_id, site_id):
    ceremony = get_ceremony(ceremony_id)
    site = _covered_site(ceremony, site_id)
    form = PresentForm()
    if not form.validate_on_submit() or not form.delegate_id.data.isdigit():
        abort(400)
    outcome = operations.mark_present(ceremony, int(form.delegate_id.data), current_user)
    db.session.commit()
    if outcome.result is ScanResult.welcome:
        flash(_("%(name)s is marked present.", name=outcome.delegate.name), "info")
    return redirect(url_for(".roster", ceremony_id=ceremony.id, site_id=site.id, _anchor=f"d{outcome.delegate.id}"))


@bp.route("/ceremonies/<int:ceremony_id>/attendance/points/<int:site_id>/headcount", methods=["POST"])
@roles_required("operator", "organizer")
def headcount(ceremony_id, site_id):
    ceremony = get_ceremony(ceremony_id)
    site = _covered_site(ceremony, site_id)
    form = HeadcountForm()
    if form.validate_on_submit():
        operations.report_headcount(ceremony, site, form.count.data, current_user)
        db.session.commit()
        flash(_("Headcount of %(n)d people reported.", n=form.count.data), "info")
    else:
        flash(_("The headcount must be a whole number from 0."), "error")
    return redirect(url_for(".roster", ceremony_id=ceremony.id, site_id=site.id))


@bp.route("/ceremonies/<int:ceremony_id>/attendance/report.<any(pdf, xlsx):fmt>")
@roles_required("organizer", "viewer")
def report(ceremony_id, fmt):
    """The attendance report of one point (``?site=<id>``) or of every point."""
    from ceremony.attendance.report import report_document

    ceremony = get_ceremony(ceremony_id)
    site_id = request.args.get("site", type=int)
    body, mimetype, name = report_document(ceremony, get_site(site_id, ceremony.id) if site_id else None, fmt)
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
