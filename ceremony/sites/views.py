"""Pages: a ceremony's bridge network as a tree that folds by district; reference networks; a point."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.errors import DomainError, RowError
from ceremony.core.nav import ceremony_nav
from ceremony.extensions import db
from ceremony.sites import operations
from ceremony.sites.forms import ApplyNetworkForm, BuiltinNetworkForm, NetworkImportForm, SiteForm
from ceremony.sites.queries import (builtin_choices, get_site, network_choices, reference_networks, site_tree,
                                    tier_counts)

bp = Blueprint("sites", __name__)
ceremony_nav(bp, _l("Bridge points"), "sites.network", order=10)


@bp.route("/ceremonies/<int:ceremony_id>/network")
@roles_required()
def network(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    form = ApplyNetworkForm()
    form.source.choices = network_choices()
    return render_template("sites/network.html", ceremony=ceremony, roots=site_tree(ceremony.id),
                           counts=tier_counts(ceremony.id), apply_form=form)


@bp.route("/ceremonies/<int:ceremony_id>/network", methods=["POST"])
@roles_required("organizer")
def apply_network(ceremony_id):
    """Give the ceremony the points of the chosen network (while nothing uses its points yet)."""
    ceremony = get_ceremony(ceremony_id)
    form = ApplyNetworkForm()
    form.source.choices = network_choices()
    if not form.validate_on_submit():
        flash(_("Choose a network."), "error")
        return redirect(url_for("sites.network", ceremony_id=ceremony.id))
    try:
        network = operations.network_from_choice(form.source.data)
        sites = operations.apply_network(ceremony, network)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The ceremony now has the %(n)d points of %(name)s.", n=len(sites), name=network.name), "info")
    return redirect(url_for("sites.network", ceremony_id=ceremony.id))


@bp.route("/ceremonies/<int:ceremony_id>/sites/<int:site_id>", methods=["GET", "POST"])
@roles_required("organizer", "operator")
def edit_site(ceremony_id, site_id):
    """A point's venue and operator contacts; an operator may edit only their own points."""
    ceremony = get_ceremony(ceremony_id)
    site = get_site(site_id, ceremony.id)
    if not user_covers_site(current_user, site):
        abort(403)
    form = SiteForm(obj=site)
    if form.validate_on_submit():
        operations.update_site(site, **{name: getattr(form, name).data for name in
                                        ("venue", "address", "operator_name", "operator_phone", "operator_email")})
        db.session.commit()
        flash(_("Saved."), "info")
        return redirect(url_for("sites.network", ceremony_id=ceremony.id))
    return render_template("sites/site.html", ceremony=ceremony, site=site, form=form)


@bp.route("/networks/builtin", methods=["POST"])
@roles_required("organizer")
def import_builtin():
    """Import one province of a built-in set (2025 two-tier, 2023 three-tier)."""
    form = BuiltinNetworkForm(prefix="builtin")
    form.source.choices = builtin_choices()
    if not form.validate_on_submit():
        flash(_("Choose a network."), "error")
        return redirect(url_for("sites.networks"))
    dataset, _sep, code = form.source.data.partition(":")
    try:
        network = operations.import_national_network(dataset) if code == "all" else \
            operations.import_reference_network(dataset, code)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Imported %(key)s: %(n)d units.", key=network.key, n=len(network.units)), "info")
    return redirect(url_for("sites.networks"))


@bp.route("/networks", methods=["GET", "POST"])
@roles_required("organizer")
def networks():
    """Reference networks, and importing one from CSV (refused whole when a line is bad)."""
    form = NetworkImportForm()
    builtin = BuiltinNetworkForm(prefix="builtin")
    builtin.source.choices = builtin_choices()
    errors = []
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            errors = [{"row": 1, "field": "file", "reason": _("the file is not UTF-8 text")}]
        else:
            try:
                network = operations.import_network_csv(text, key=form.key.data)
            except RowError as error:
                db.session.rollback()
                errors = error.details
            else:
                db.session.commit()
                flash(_("Imported %(key)s: %(n)d units.", key=network.key, n=len(network.units)), "info")
                return redirect(url_for("sites.networks"))
        if errors:
            flash(_("The file was refused; nothing was imported."), "error")
    return render_template("sites/networks.html", form=form, builtin=builtin, rows=reference_networks(),
                           errors=errors)
