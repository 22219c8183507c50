"""Pages: the organizer's editor of check-in windows and the checklist (same operations as the API)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError, InvalidInput
from ceremony.core.time import t_label
from ceremony.extensions import db
from ceremony.readiness import queries, setup
from ceremony.readiness.models import ItemKind, PhaseKind
from ceremony.readiness.views import bp

ITEM_KINDS = {ItemKind.check: _l("Check (ok / problem)"), ItemKind.bandwidth: _l("Bandwidth (Mbit/s)"),
              ItemKind.headcount: _l("Headcount (people seated)"), ItemKind.note: _l("Free note")}
PHASE_KINDS = {PhaseKind.window: _l("Check-in window"), PhaseKind.live: _l("Live (heartbeats)")}


def _done(message: str):
    db.session.commit()
    flash(message, "success")


def _back(ceremony_id: int):
    return redirect(url_for("readiness.checklist", ceremony_id=ceremony_id))


def _minutes(name: str, alias: str):
    value = request.form.get(name, request.form.get(alias))
    if value in (None, ""):
        raise InvalidInput(_("Give the time in whole minutes from the start."), field=name)
    return value


def _run(ceremony_id: int, action, message: str):
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        _done(message)
    return _back(ceremony_id)


@bp.route("/ceremonies/<int:ceremony_id>/readiness/checklist", methods=["GET", "POST"])
@roles_required("organizer")
def checklist(ceremony_id):
    """Windows (with T-minutes and the local clock time) and the checklist; POST adds or saves an item."""
    ceremony = get_ceremony(ceremony_id)
    if request.method == "POST":
        return _run(ceremony_id, lambda: setup.save_item(
            ceremony, key=request.form.get("key", ""), label=request.form.get("label", ""),
            kind=request.form.get("kind", "check"), position=request.form.get("position", type=int),
            is_active=request.form.get("is_active") == "on"), _("Checklist saved."))
    return render_template("readiness/checklist.html", ceremony=ceremony,
                           items=queries.checklist(ceremony_id, active_only=False), phases=queries.phases(ceremony_id),
                           item_kinds=ITEM_KINDS, phase_kinds=PHASE_KINDS, t_label=t_label)


@bp.route("/ceremonies/<int:ceremony_id>/readiness/checklist/<int:item_id>/delete", methods=["POST"])
@roles_required("organizer")
def delete_item(ceremony_id, item_id):
    item = setup_item(ceremony_id, item_id)
    removed = {}

    def act():
        removed["yes"] = setup.delete_item(item)

    response = _run(ceremony_id, act, _("Item removed."))
    if removed.get("yes") is False:
        flash(_("The item was already answered in reports, so it was switched off instead."), "info")
    return response


def setup_item(ceremony_id: int, item_id: int):
    from ceremony.readiness.operations import get_item

    return get_item(ceremony_id, item_id)


@bp.route("/ceremonies/<int:ceremony_id>/readiness/windows", methods=["POST"])
@roles_required("organizer")
def add_window(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    return _run(ceremony_id, lambda: setup.add_window(
        ceremony, key=request.form.get("key", ""), name=request.form.get("name", ""),
        kind=request.form.get("kind", "window"),
        opens_offset_minutes=_minutes("opens_offset_minutes", "opens_minutes"),
        closes_offset_minutes=_minutes("closes_offset_minutes", "closes_minutes")), _("Window added."))


@bp.route("/ceremonies/<int:ceremony_id>/readiness/windows/<key>", methods=["POST"])
@roles_required("organizer")
def window(ceremony_id, key):
    """Rename or move a window (minutes relative to the ceremony start)."""
    phase = queries.get_phase(ceremony_id, key)
    return _run(ceremony_id, lambda: setup.update_window(
        phase, name=request.form.get("name") or None,
        opens_offset_minutes=_minutes("opens_offset_minutes", "opens_minutes"),
        closes_offset_minutes=_minutes("closes_offset_minutes", "closes_minutes")), _("Window saved."))


@bp.route("/ceremonies/<int:ceremony_id>/readiness/windows/<key>/delete", methods=["POST"])
@roles_required("organizer")
def delete_window(ceremony_id, key):
    phase = queries.get_phase(ceremony_id, key)
    return _run(ceremony_id, lambda: setup.delete_window(phase), _("Window removed."))


@bp.route("/ceremonies/<int:ceremony_id>/readiness/defaults", methods=["POST"])
@roles_required("organizer")
def apply_defaults(ceremony_id):
    """Give a ceremony without windows or checklist the defaults (a ceremony made before they came with it)."""
    from ceremony.readiness.operations import ensure_defaults

    ceremony = get_ceremony(ceremony_id)
    return _run(ceremony_id, lambda: ensure_defaults(ceremony), _("The default windows and checklist were added."))
