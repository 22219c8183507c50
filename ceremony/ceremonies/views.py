"""Pages: the list of ceremonies and a ceremony's overview."""
from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from ceremony.ceremonies import queries
from ceremony.core.auth import roles_required
from ceremony.core.nav import ceremony_nav
from ceremony.sites.queries import tier_counts

bp = Blueprint("ceremonies", __name__)
ceremony_nav(bp, _l("Overview"), "ceremonies.overview", order=0)


@bp.route("/")
@roles_required()
def index():
    ceremonies = queries.list_ceremonies()
    counts = {c.id: tier_counts(c.id) for c in ceremonies}
    return render_template("ceremonies/index.html", ceremonies=ceremonies, counts=counts)


@bp.route("/ceremonies/<int:ceremony_id>")
@roles_required()
def overview(ceremony_id):
    ceremony = queries.get_ceremony(ceremony_id)
    return render_template("ceremonies/overview.html", ceremony=ceremony, counts=tier_counts(ceremony.id))
