"""Pages: choose badges to print and download them as one streamed PDF."""
from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.badges.printing import badge_stream
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError, Forbidden, InvalidInput
from ceremony.core.nav import ceremony_nav
from ceremony.delegates import queries
from ceremony.delegates.printing import active_invitations
from ceremony.delegates.views import delegate_filter, for_page
from ceremony.sites.queries import list_sites

bp = Blueprint("badges", __name__)
ceremony_nav(bp, _l("Badges"), "badges.index", order=24, roles=("organizer", "operator"))


@bp.route("/ceremonies/<int:ceremony_id>/badges")
@roles_required("organizer", "operator")
def index(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    scope = queries.scope_site_ids(current_user, ceremony.id)
    sites = [s for s in list_sites(ceremony.id) if scope is None or s.id in scope]
    return render_template("badges/index.html", ceremony=ceremony, sites=sites,
                           categories=queries.categories(ceremony.id), invited=len(active_invitations(ceremony.id)))


@bp.route("/ceremonies/<int:ceremony_id>/badges.pdf")
@roles_required("organizer", "operator")
def badges_pdf(ceremony_id):
    """The chosen badges as one PDF, written to the response page by page."""
    ceremony = get_ceremony(ceremony_id)
    f, _args = delegate_filter(ceremony)
    if f.site_ids is not None and f.site_id is None:
        raise Forbidden(_("Choose one of your bridge points."))
    delegate_id = request.args.get("delegate", type=int)
    if delegate_id:
        f.delegate_ids = [queries.get_delegate(delegate_id, ceremony.id).id]
    layout = request.args.get("format", "sheet")
    if layout not in ("sheet", "single"):
        raise InvalidInput(_("Unknown badge format."), field="format")
    try:
        chunks = badge_stream(f, layout)
    except InvalidInput as error:
        raise for_page(InvalidInput(
            _("Printing refused: the badge font cannot draw every character of the names below."),
            field=error.field, details=error.details)) from None
    except DomainError as error:
        raise for_page(error) from None
    response = Response(chunks, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="the-{ceremony.slug}-{layout}.pdf"'
    return response
