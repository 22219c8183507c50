"""Pages: follow-up tasks after the ceremony, where each point stands, and a point's report."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav, overview_panel
from ceremony.extensions import db
from ceremony.followup import operations, queries
from ceremony.followup.forms import ReportForm
from ceremony.sites.queries import get_site

bp = Blueprint("followup", __name__)
ceremony_nav(bp, _l("Follow-up"), "followup.index", order=80)


def _panel(ceremony) -> dict:
    return {"rows": [(task, queries.summary(task)) for task in queries.list_tasks(ceremony.id)]}


overview_panel(bp, "followup/_panel.html", _panel, order=80)


@bp.route("/ceremonies/<int:ceremony_id>/followup")
@roles_required()
def index(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    tasks = queries.list_tasks(ceremony.id)
    return render_template("followup/index.html", ceremony=ceremony,
                           rows=[(task, queries.summary(task)) for task in tasks])


@bp.route("/ceremonies/<int:ceremony_id>/followup/<int:task_id>")
@roles_required()
def task(ceremony_id, task_id):
    ceremony = get_ceremony(ceremony_id)
    task = queries.get_task(task_id, ceremony.id)
    rows = [row for row in queries.standings(task) if user_covers_site(current_user, row.site)]
    return render_template("followup/task.html", ceremony=ceremony, task=task, rows=rows,
                           summary=queries.summary(task))


@bp.route("/ceremonies/<int:ceremony_id>/followup/<int:task_id>/sites/<int:site_id>", methods=["GET", "POST"])
@roles_required("organizer", "operator")
def report(ceremony_id, task_id, site_id):
    ceremony = get_ceremony(ceremony_id)
    task = queries.get_task(task_id, ceremony.id)
    site = get_site(site_id, ceremony.id)
    if not user_covers_site(current_user, site):
        abort(403)
    existing = next((r.report for r in queries.standings(task, {site.id})), None)
    form = ReportForm(obj=existing)
    if form.validate_on_submit():
        try:
            operations.submit_report(task, site, value=form.value.data, note=form.note.data or "",
                                     submitted_by=current_user.email)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Report saved."), "info")
            return redirect(url_for("followup.task", ceremony_id=ceremony.id, task_id=task.id))
    return render_template("followup/report.html", ceremony=ceremony, task=task, site=site, form=form)


from ceremony.followup import editing_views  # noqa: E402,F401  (adding and editing tasks)
