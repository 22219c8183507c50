"""Pages: a ceremony's bridge network as a tree that folds by district; reference networks; a point."""
import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.errors import RowError
from ceremony.core.nav import ceremony_nav
from ceremony.extensions import db
from ceremony.sites import operations
from ceremony.sites.forms import NetworkImportForm, SiteForm
from ceremony.sites.models import ReferenceNetwork
from ceremony.sites.queries import get_site, site_tree, tier_counts

bp = Blueprint("sites", __name__)
ceremony_nav(bp, _l("Bridge points"), "sites.network", order=10)


@bp.route("/ceremonies/<int:ceremony_id>/network")
@roles_required()
def network(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    return render_template("sites/network.html", ceremony=ceremony, roots=site_tree(ceremony.id),
                           counts=tier_counts(ceremony.id))


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


@bp.route("/networks", methods=["GET", "POST"])
@roles_required("organizer")
def networks():
    """Reference networks, and importing one from CSV (refused whole when a line is bad)."""
    form = NetworkImportForm()
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
    rows = db.session.execute(
        sa.select(ReferenceNetwork, sa.func.count()).join(ReferenceNetwork.units).group_by(ReferenceNetwork.id)
        .order_by(ReferenceNetwork.name)
    ).all()
    return render_template("sites/networks.html", form=form, rows=rows, errors=errors)
