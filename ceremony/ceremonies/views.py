"""Pages: the list of ceremonies, a ceremony's overview, creating and editing one."""
from datetime import datetime

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from ceremony.ceremonies import operations, queries
from ceremony.ceremonies.forms import CeremonyForm, NewCeremonyForm
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav, overview_panels
from ceremony.core.time import as_utc, local
from ceremony.extensions import db
from ceremony.sites.operations import copy_network, network_from_choice
from ceremony.sites.queries import network_choices, tier_counts

bp = Blueprint("ceremonies", __name__)
ceremony_nav(bp, _l("Overview"), "ceremonies.overview", order=0)


def _form_fields(form) -> dict:
    return {name: getattr(form, name).data for name in operations.EDITABLE}


@bp.route("/")
@roles_required()
def index():
    ceremonies = queries.list_ceremonies()
    counts = {c.id: tier_counts(c.id) for c in ceremonies}
    return render_template("ceremonies/index.html", ceremonies=ceremonies, counts=counts)


@bp.route("/ceremonies/new", methods=["GET", "POST"])
@roles_required("organizer")
def new():
    form = NewCeremonyForm()
    networks = network_choices()  # imported networks, then every built-in province
    form.network.choices = [SelectChoice(value, label) for value, label in networks]
    if form.validate_on_submit():
        try:
            ceremony = operations.create_ceremony(**_form_fields(form))
            copy_network(ceremony, network_from_choice(form.network.data),
                         provincial_venue=ceremony.venue, provincial_address=ceremony.venue_address)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Ceremony created with its bridge points."), "info")
            return redirect(url_for("ceremonies.overview", ceremony_id=ceremony.id))
    return render_template("ceremonies/form.html", form=form, ceremony=None, networks=networks)


@bp.route("/ceremonies/<int:ceremony_id>")
@roles_required()
def overview(ceremony_id):
    ceremony = queries.get_ceremony(ceremony_id)
    moved = [(label, datetime.fromisoformat(old), datetime.fromisoformat(new))
             for label, old, new in session.pop(f"moved-{ceremony.id}", [])]
    return render_template("ceremonies/overview.html", ceremony=ceremony, counts=tier_counts(ceremony.id),
                           panels=overview_panels(current_app, ceremony), moved=moved)


@bp.route("/ceremonies/<int:ceremony_id>/edit", methods=["GET", "POST"])
@roles_required("organizer")
def edit(ceremony_id):
    ceremony = queries.get_ceremony(ceremony_id)
    form = CeremonyForm(obj=ceremony)
    if not form.is_submitted():
        form.starts_at.data = local(ceremony.starts_at).replace(tzinfo=None)
        form.ends_at.data = local(ceremony.ends_at).replace(tzinfo=None) if ceremony.ends_at else None
    if form.validate_on_submit():
        fields = _form_fields(form)
        old_end = local(ceremony.ends_at).replace(tzinfo=None) if ceremony.ends_at else None
        if fields["ends_at"] == old_end and as_utc(fields["starts_at"]) != ceremony.starts_at:
            del fields["ends_at"]  # only the start was changed: the end moves along with it
        try:
            operations.update_ceremony(ceremony, **fields)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Saved."), "info")
            if ceremony.moved:
                flash(_("The new date moved %(n)d times: windows, deadlines, reminders and the program.",
                        n=len(ceremony.moved)), "info")
                # Shown once on the overview (old → new); capped so the session cookie stays small.
                session[f"moved-{ceremony.id}"] = [[m.label, m.old.isoformat(), m.new.isoformat()]
                                                   for m in ceremony.moved[:40]]
            return redirect(url_for("ceremonies.overview", ceremony_id=ceremony.id))
    return render_template("ceremonies/form.html", form=form, ceremony=ceremony)


@bp.route("/ceremonies/<int:ceremony_id>/status/<status>", methods=["POST"])
@roles_required("organizer")
def set_status(ceremony_id, status):
    ceremony = queries.get_ceremony(ceremony_id)
    try:
        operations.change_status(ceremony, status)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
    return redirect(url_for("ceremonies.overview", ceremony_id=ceremony.id))
