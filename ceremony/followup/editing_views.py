"""Pages: the organizer adds, edits and removes follow-up tasks (same operations as the API)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError
from ceremony.core.time import local
from ceremony.extensions import db
from ceremony.followup import operations, queries
from ceremony.followup.views import bp
from ceremony.sites.models import Tier


def _fields(form) -> dict:
    """The task's fields from the page: who reports (tier or named points), due N days after, reminder."""
    fields = {name: form.get(name, "") for name in ("title", "instructions", "metric_label", "tier", "site_codes")}
    fields["due_days"] = form.get("due_days") or None
    fields["due_time"] = form.get("due_time") or None
    fields["remind_hours_before"] = form.get("remind_hours_before") or 0
    return fields


def _form_page(ceremony, task=None):
    start = local(ceremony.starts_at)
    due = local(task.due_at) if task else None
    values = {"due_days": (due.date() - start.date()).days if due else 7,
              "due_time": due.strftime("%H:%M") if due else "17:00"}
    return render_template("followup/edit.html", ceremony=ceremony, task=task, tiers=[t for t in Tier if t is not Tier.nation], values=values)


@bp.route("/ceremonies/<int:ceremony_id>/followup/new", methods=["GET", "POST"])
@roles_required("organizer")
def new_task(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    if request.method == "POST":
        try:
            fields = _fields(request.form)
            operations.create_task(ceremony, code=request.form.get("code") or None, **fields)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Task added."), "success")
            return redirect(url_for("followup.index", ceremony_id=ceremony_id))
    return _form_page(ceremony)


@bp.route("/ceremonies/<int:ceremony_id>/followup/<int:task_id>/edit", methods=["GET", "POST"])
@roles_required("organizer")
def edit_task(ceremony_id, task_id):
    ceremony = get_ceremony(ceremony_id)
    task = queries.get_task(task_id, ceremony.id)
    if request.method == "POST":
        try:
            operations.update_task(task, **_fields(request.form))
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Task saved."), "success")
            return redirect(url_for("followup.index", ceremony_id=ceremony_id))
    return _form_page(ceremony, task)


@bp.route("/ceremonies/<int:ceremony_id>/followup/<int:task_id>/delete", methods=["POST"])
@roles_required("organizer")
def delete_task(ceremony_id, task_id):
    task = queries.get_task(task_id, get_ceremony(ceremony_id).id)
    try:
        operations.delete_task(task)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Task removed."), "success")
    return redirect(url_for("followup.index", ceremony_id=ceremony_id))
