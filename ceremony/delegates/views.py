"""Pages: the delegate list with filters, import with preview and confirm, XLSX export, letters."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError, Forbidden, InvalidInput, RowError
from ceremony.core.nav import ceremony_nav
from ceremony.core.uploads import list_upload
from ceremony.delegates import jobs, queries, staging
from ceremony.delegates.exporting import delegates_xlsx
from ceremony.delegates.forms import ConfirmImportForm, ImportForm, IssueForm
from ceremony.delegates.importing import read_table
from ceremony.delegates.operations import import_delegates, validate_rows
from ceremony.delegates.problems import explain, field_label
from ceremony.delegates.printing import active_invitations, count_active_invitations
from ceremony.extensions import db
from ceremony.invitations.operations import issue_invitations
from ceremony.invitations.queries import no_longer_invited
from ceremony.sites.models import Tier
from ceremony.sites.queries import get_site, list_sites

bp = Blueprint("delegates", __name__)
ceremony_nav(bp, _l("Delegates"), "delegates.index", order=20)
ceremony_nav(bp, _l("Invitation letters"), "delegates.letters", order=22, roles=("organizer", "operator"))
PER_PAGE = 100
MAX_PAGE = (2**31 - 1) // PER_PAGE


@bp.context_processor
def problem_helpers():
    return {"explain": explain, "field_label": field_label, "sync_max": jobs.setting("IMPORT_SYNC_MAX_ROWS"),
            "job_max": jobs.setting("DELEGATE_JOB_MAX_ROWS")}


def for_page(error: DomainError) -> DomainError:
    """The same refusal with its details shaped for the HTML error page (who, what, why)."""
    error.details = [{"row": d.get("full_name", d.get("row", "")), "field": d.get("field", ""),
                      "reason": d.get("reason", "")} for d in error.details]
    return error


def print_choices(ceremony) -> dict:
    """What the letters and badges pages offer: the caller's points, the categories, how many are invited."""
    scope = queries.scope_site_ids(current_user, ceremony.id)
    return {"ceremony": ceremony, "sites": [s for s in list_sites(ceremony.id) if scope is None or s.id in scope],
            "categories": queries.categories(ceremony.id), "invited": count_active_invitations(ceremony.id)}


def print_filter(ceremony) -> tuple[queries.DelegateFilter, dict]:
    """Whom to print letters or badges for: the list filter, one delegate (``?delegate=``), and an
    operator limited to choosing one of their own points."""
    f, args = delegate_filter(ceremony)
    if f.site_ids is not None and f.site_id is None:
        raise Forbidden(_("Choose one of your bridge points."))
    delegate_id = request.args.get("delegate", type=int)
    if delegate_id:
        f.delegate_ids = [queries.get_delegate(delegate_id, ceremony.id).id]
    return f, args


def delegate_filter(ceremony) -> tuple[queries.DelegateFilter, dict]:
    """The list filter from the query string; ``args`` echoes it back to the form and links."""
    args = {k: request.args.get(k, "").strip() for k in ("site", "tier", "category", "vip", "q")}
    site = queries.site_for(ceremony.id, args["site"]) if args["site"] else None
    tier = Tier(args["tier"]) if args["tier"] in Tier._value2member_map_ else None
    vip = {"1": True, "0": False}.get(args["vip"])
    f = queries.DelegateFilter(ceremony.id, site_id=site.id if site else None, tier=tier,
                               category=args["category"] or None, is_vip=vip, search=args["q"][:100],
                               site_ids=queries.scope_site_ids(current_user, ceremony.id))
    return f, {k: v for k, v in args.items() if v}


@bp.route("/ceremonies/<int:ceremony_id>/delegates")
@roles_required()
def index(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    f, args = delegate_filter(ceremony)
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    order = request.args.get("order", "name")
    listing = queries.page_delegates(f, order="site" if order == "site" else "name", page=page, per_page=PER_PAGE)
    ids = [d.id for d in listing["items"]]
    invited = active_invitations(ceremony.id, ids)
    return render_template("delegates/index.html", ceremony=ceremony, listing=listing, args=args, invited=invited,
                           struck=no_longer_invited(ceremony.id, ids),
                           sites=point_choices(ceremony.id), categories=queries.categories(ceremony.id),
                           issue_form=IssueForm(), pages=(listing["total"] + PER_PAGE - 1) // PER_PAGE)


@bp.route("/ceremonies/<int:ceremony_id>/delegates/export.xlsx")
@roles_required("organizer", "operator", "viewer")
def export(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    f, _args = delegate_filter(ceremony)
    data = delegates_xlsx(queries.list_delegates(f, order="site"))
    response = Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="dai-bieu-{ceremony.slug}.xlsx"'
    return response


MAX_POINT_CHOICES = 500


def point_choices(ceremony_id: int):
    """The points the list's filter offers as a choice; None for a national network (thousands of
    points): the filter then takes a point's code typed in."""
    from ceremony.sites.models import Site

    count = db.session.scalar(sa.select(sa.func.count(Site.id)).where(Site.ceremony_id == ceremony_id))
    return list_sites(ceremony_id) if count <= MAX_POINT_CHOICES else None


def import_form(ceremony) -> ImportForm:
    """The upload form, its point choice listing every point of the ceremony in network order."""
    form = ImportForm()
    form.site.choices = [("", _("The point named in a column of the file"))] + [
        (str(s.id), f"{s.name} ({s.code})") for s in list_sites(ceremony.id)]
    return form


@bp.route("/ceremonies/<int:ceremony_id>/delegates/import", methods=["GET", "POST"])
@list_upload
@roles_required("organizer")
def import_page(ceremony_id):
    """Upload (for one point, or each row naming its point) → preview with every bad row and the
    column taken for each field (nothing written) → confirm. A big list is checked by a job whose
    progress the job page shows, then confirmed there."""
    ceremony = get_ceremony(ceremony_id)
    form = import_form(ceremony)
    if not form.validate_on_submit():
        return render_template("delegates/import.html", ceremony=ceremony, form=form,
                               running=jobs.active_job(ceremony.id))
    site = get_site(int(form.site.data), ceremony.id) if form.site.data else None
    upload = form.file.data
    data = upload.read()
    rows = jobs.estimate_rows(upload.filename, data)
    if rows > jobs.setting("IMPORT_SYNC_MAX_ROWS") or jobs.sqlite_limit_exceeded(rows):
        try:
            job = jobs.queue_import(ceremony.id, upload.filename, data, site=site, confirm_required=True,
                                    requested_by=current_user.email)
        except DomainError as error:
            db.session.rollback()
            form.file.errors = [error.message]
            return render_template("delegates/import.html", ceremony=ceremony, form=form), error.status
        db.session.commit()
        jobs.start(job)
        return redirect(url_for("delegates.job_page", ceremony_id=ceremony.id, job_id=job.id))
    try:
        table = read_table(upload.filename, data)
    except InvalidInput as error:
        form.file.errors = [error.message]
        return render_template("delegates/import.html", ceremony=ceremony, form=form), 422
    checked, errors = validate_rows(ceremony.id, table, site)
    bad_rows = {}
    for error in errors:
        bad_rows.setdefault(error["row"], []).append(error)
    confirm = None
    if not errors:
        confirm = ConfirmImportForm(key=staging.stage(ceremony.id, table, site.id if site else None))
    return render_template("delegates/import.html", ceremony=ceremony, form=form, table=table, errors=errors,
                           bad_rows=bad_rows, checked=checked, confirm=confirm, site=site,
                           filename=upload.filename), 422 if errors else 200


@bp.route("/ceremonies/<int:ceremony_id>/delegates/import/confirm", methods=["POST"])
@roles_required("organizer")
def confirm_import(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    table, site_id = staging.take(ceremony.id, form.key.data)
    site = get_site(site_id, ceremony.id) if site_id else None
    try:
        result = import_delegates(ceremony.id, table, site=site)
    except RowError as error:  # the ceremony changed since the preview
        db.session.rollback()
        return render_template("delegates/import.html", ceremony=ceremony, form=import_form(ceremony), table=table,
                               errors=error.details, bad_rows={}, checked=[], confirm=None, site=site), 422
    db.session.commit()
    flash(_("%(n)d delegates imported.", n=len(result.created)), "info")
    return redirect(url_for("delegates.index", ceremony_id=ceremony.id))


@bp.route("/ceremonies/<int:ceremony_id>/delegates/jobs/<int:job_id>")
@roles_required("organizer")
def job_page(ceremony_id, job_id):
    """A big import or invitation issue: its progress bar (the page polls getDelegateJob), then the
    bad rows, the confirmation awaited, or the result."""
    ceremony = get_ceremony(ceremony_id)
    job = jobs.get_job(ceremony.id, job_id)
    return render_template("delegates/job.html", ceremony=ceremony, job=job, errors=(job.errors or [])[:1000],
                           confirm=IssueForm() if job.status == "checked" else None)


@bp.route("/ceremonies/<int:ceremony_id>/delegates/jobs/<int:job_id>/confirm", methods=["POST"])
@roles_required("organizer")
def confirm_job(ceremony_id, job_id):
    ceremony = get_ceremony(ceremony_id)
    if not IssueForm().validate_on_submit():
        abort(400)
    job = jobs.confirm(jobs.get_job(ceremony.id, job_id))
    db.session.commit()
    jobs.start(job)
    return redirect(url_for("delegates.job_page", ceremony_id=ceremony.id, job_id=job.id))


@bp.route("/ceremonies/<int:ceremony_id>/delegates/invitations", methods=["POST"])
@roles_required("organizer")
def issue(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    if not IssueForm().validate_on_submit():
        abort(400)
    if queries.count_delegates(queries.DelegateFilter(ceremony.id)) > jobs.setting("IMPORT_SYNC_MAX_ROWS"):
        job = jobs.queue_invitations(ceremony.id, requested_by=current_user.email)
        db.session.commit()
        jobs.start(job)
        return redirect(url_for("delegates.job_page", ceremony_id=ceremony.id, job_id=job.id))
    before = count_active_invitations(ceremony.id)
    invitations = issue_invitations(ceremony.id)
    passed_by = len(no_longer_invited(ceremony.id))
    db.session.commit()
    flash(_("%(n)d invitations issued; %(total)d delegates are invited.", n=len(invitations) - before,
            total=len(invitations)), "info")
    if passed_by:
        flash(_("%(n)d delegates replaced by a substitute or withdrawn were passed by: their revoked "
                "invitations stay revoked.", n=passed_by), "info")
    return redirect(url_for("delegates.index", ceremony_id=ceremony.id))


from ceremony.delegates import category_views, letter_views  # noqa: E402,F401  (categories, letter pages)
