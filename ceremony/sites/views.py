"""Pages: a ceremony's bridge network as a tree that folds by district."""
from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.nav import ceremony_nav
from ceremony.sites.queries import site_tree, tier_counts

bp = Blueprint("sites", __name__)
ceremony_nav(bp, _l("Bridge points"), "sites.network", order=10)


@bp.route("/ceremonies/<int:ceremony_id>/network")
@roles_required()
def network(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    return render_template("sites/network.html", ceremony=ceremony, roots=site_tree(ceremony.id),
                           counts=tier_counts(ceremony.id))
