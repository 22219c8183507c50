"""Pages: start a ceremony from a past one or a template; the set-up checklist of a ceremony."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from ceremony.ceremonies.queries import get_ceremony, list_ceremonies
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav, overview_panel
from ceremony.extensions import db
from ceremony.setup import operations, queries
from ceremony.setup.forms import FromPastForm, FromTemplateForm
from ceremony.setup import timeline  # noqa: F401  (lists the after-launch times among what moves)
from ceremony.setup.kinds import TEMPLATES
from ceremony.sites.operations import network_from_choice
from ceremony.sites.queries import network_choices

bp = Blueprint("setup", __name__)
ceremony_nav(bp, _l("Set-up"), "setup.checklist", order=1, roles=("organizer",))
overview_panel(bp, "setup/_panel.html", lambda ceremony: {"steps": queries.setup_steps(ceremony)}, order=1)


@bp.app_context_processor
def setup_helpers():
    return {"setup_missing": queries.missing_steps}


def _networks() -> list[SelectChoice]:
    """Imported networks, then every built-in province (imported when chosen), as on the new-ceremony page."""
    return [SelectChoice(value, label) for value, label in network_choices()]


def _network_id(value) -> int | None:
    """The reference network a choice names (a built-in province is imported now); none for "" or "0"."""
    return network_from_choice(value).id if value and value != "0" else None


def _created(ceremony):
    db.session.commit()
    flash(_("Ceremony %(slug)s created.", slug=ceremony.slug), "success")
    return redirect(url_for("setup.checklist", ceremony_id=ceremony.id))


@bp.route("/ceremonies/new/from-past", methods=["GET", "POST"])
@roles_required("organizer")
def from_past():
    form = FromPastForm()
    form.source.choices = [SelectChoice(c.id, f"{c.title} ({c.slug})") for c in list_ceremonies()]
    form.network.choices = [SelectChoice("", _("— none —")), *_networks()]
    if form.validate_on_submit():
        try:
            ceremony = operations.start_from_past(
                get_ceremony(form.source.data), copy=form.copy.data, network_id=_network_id(form.network.data),
                title=form.title.data, starts_at=form.starts_at.data, ends_at=form.ends_at.data,
                venue=form.venue.data or None)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            return _created(ceremony)
    return render_template("setup/new.html", form=form, heading=_("New ceremony from a past one"))


@bp.route("/ceremonies/new/from-template", methods=["GET", "POST"])
@roles_required("organizer")
def from_template():
    form = FromTemplateForm()
    form.template.choices = [SelectChoice(key, t["name"]) for key, t in TEMPLATES.items()]
    form.network.choices = _networks()
    if form.validate_on_submit():
        try:
            ceremony = operations.start_from_template(
                form.template.data, network_id=_network_id(form.network.data), title=form.title.data,
                starts_at=form.starts_at.data, ends_at=form.ends_at.data, venue=form.venue.data,
                venue_address=form.venue_address.data or "", host_unit=form.host_unit.data,
                issuing_unit=form.issuing_unit.data or "")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            return _created(ceremony)
    return render_template("setup/new.html", form=form, heading=_("New ceremony from a template"),
                           templates=TEMPLATES)


@bp.route("/ceremonies/<int:ceremony_id>/setup")
@roles_required("organizer")
def checklist(ceremony_id):
    """What is in place and what is still missing, each with the page that sets it up."""
    ceremony = get_ceremony(ceremony_id)
    steps = queries.setup_steps(ceremony)
    networks = _networks() if not steps[0].done else []
    return render_template("setup/checklist.html", ceremony=ceremony, steps=steps, networks=networks)


@bp.route("/ceremonies/<int:ceremony_id>/setup/points", methods=["POST"])
@roles_required("organizer")
def add_points(ceremony_id):
    """Give a ceremony made without bridge points those of a reference network."""
    ceremony = get_ceremony(ceremony_id)
    try:
        operations.give_points(ceremony, _network_id(request.form.get("network_id", "")) or 0)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The bridge points were added."), "success")
    return redirect(url_for("setup.checklist", ceremony_id=ceremony_id))
