"""JSON API: bridge points."""
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.paging import paginate
from ceremony.core.auth import require_api_roles
from ceremony.sites.queries import site_query
from ceremony.sites.schemas import SiteListArgs, SitePageSchema

blp = Blueprint("sites_api", __name__, description="Bridge points (sites)")


@blp.route("/ceremonies/<int:ceremony_id>/sites")
@blp.arguments(SiteListArgs, location="query")
@blp.response(200, SitePageSchema)
@blp.doc(operationId="listSites")
@require_api_roles()
def list_sites(args, ceremony_id):
    """A ceremony's bridge points in network order; filter by ``tier`` and ``parent`` (a site id)."""
    get_ceremony(ceremony_id)
    query = site_query(ceremony_id, tier=args.get("tier"), parent_id=args.get("parent"))
    return paginate(query, args["page"], args["per_page"])
