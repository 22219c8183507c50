"""Pages: choose badges to print and download them as one streamed PDF."""
from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ceremony.badges.printing import badge_stream
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError, InvalidInput
from ceremony.core.nav import ceremony_nav
from ceremony.delegates.views import for_page, print_choices, print_filter

bp = Blueprint("badges", __name__)
ceremony_nav(bp, _l("Badges"), "badges.index", order=24, roles=("organizer", "operator"))


@bp.route("/ceremonies/<int:ceremony_id>/badges")
@roles_required("organizer", "operator")
def index(ceremony_id):
    return render_template("badges/index.html", **print_choices(get_ceremony(ceremony_id)))


@bp.route("/ceremonies/<int:ceremony_id>/badges.pdf")
@roles_required("organizer", "operator")
def badges_pdf(ceremony_id):
    """The chosen badges as one PDF, written to the response page by page."""
    ceremony = get_ceremony(ceremony_id)
    f, _args = print_filter(ceremony)
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
