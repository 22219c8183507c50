"""JSON API: badges as PDF."""
import marshmallow as ma
from flask_smorest import Blueprint

from ceremony.badges.printing import badge_stream
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.openapi import PDF, file_response
from ceremony.delegates.printing import api_selection
from ceremony.invitations.api import pdf_response
from ceremony.sites.models import Tier

blp = Blueprint("badges_api", __name__, description="Badges")
PDF_RESPONSE = {**file_response(PDF, description="badges: A4 sheets of 2 × 4, or one 90 × 130 mm badge per page"),
                "409": {"description": "a delegate of the selection has no invitation yet: `errors` names them"},
                "422": {"description": "invalid query, or the font lacks a character of a name: `errors` names "
                                       "each delegate"}}

class BadgePdfArgs(ma.Schema):
    delegate_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))
    site = ma.fields.String(metadata={"description": "bridge point code (or id)"})
    tier = ma.fields.Enum(Tier, by_value=True)
    category = ma.fields.String(metadata={"description": "composition category code"})
    vip = ma.fields.Boolean()
    format = ma.fields.String(load_default="sheet", validate=ma.validate.OneOf(["sheet", "single"]))

@blp.route("/ceremonies/<int:ceremony_id>/badges.pdf")
@blp.arguments(BadgePdfArgs, location="query")
@blp.doc(operationId="getBadgesPdf", responses=PDF_RESPONSE)
@require_api_roles("organizer", "operator")
def get_badges_pdf(args, ceremony_id):
    """Badges of a selection of delegates (every invited delegate by default), streamed as one PDF."""
    ceremony = get_ceremony(ceremony_id)
    f, site = api_selection(ceremony, args, api_user(), "badges")
    name = f"the-{ceremony.slug}" + (f"-{site.code}" if site else "") + f"-{args['format']}.pdf"
    return pdf_response(badge_stream(f, args["format"]), name)
