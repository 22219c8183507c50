"""Pages: start a ceremony from a past one or a template; the set-up checklist of a ceremony."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
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
from ceremony.setup.kinds import TEMPLATES
from ceremony.sites.models import ReferenceNetwork

bp = Blueprint("setup", __name__)
ceremony_nav(bp, _l("Set-up"), "setup.checklist", order=1, roles=("organizer",))
overview_panel(bp, "setup/_panel.html", lambda ceremony: {"steps": queries.setup_steps(ceremony)}, order=1)


@bp.app_context_processor
def setup_helpers():
    return {"setup_missing": queries.missing_steps}


def _networks() -> list[SelectChoice]:
    networks = db.session.scalars(sa.select(ReferenceNetwork).order_by(ReferenceNetwork.name))
    return [SelectChoice(n.id, f"{n.name} · {n.key} ({len(n.units)})") for n in networks]


def _created(ceremony):
    db.session.commit()
    flash(_("Ceremony %(slug)s created.", slug=ceremony.slug), "success")
    return redirect(url_for("setup.checklist", ceremony_id=ceremony.id))


@bp.route("/ceremonies/new/from-past", methods=["GET", "POST"])
@roles_required("organizer")
def from_past():
    form = FromPastForm()
    form.source.choices = [SelectChoice(c.id, f"{c.title} ({c.slug})") for c in list_ceremonies()]
    form.network.choices = [SelectChoice(0, _("— none —")), *_networks()]
    if form.validate_on_submit():
        try:
            ceremony = operations.start_from_past(
                get_ceremony(form.source.data), copy=form.copy.data, network_id=form.network.data or None,
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
                form.template.data, network_id=form.network.data, title=form.title.data,
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
    return render_template("setup/checklist.html", ceremony=ceremony, steps=queries.setup_steps(ceremony))
