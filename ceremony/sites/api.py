"""JSON API: bridge points, and the reference networks a ceremony takes them from."""
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles, user_covers_site
from ceremony.core.errors import Forbidden
from ceremony.core.paging import paginate
from ceremony.extensions import db
from ceremony.sites import operations, queries
from ceremony.sites.queries import site_query
from ceremony.sites.schemas import (ApplyNetworkResultSchema, ApplyNetworkSchema, NetworkCsvImportSchema,
                                    ReferenceImportSchema, ReferenceNetworkListSchema, ReferenceNetworkSchema,
                                    ReferenceSetListSchema, SiteListArgs, SitePageSchema, SiteSchema,
                                    SiteUpdateSchema)

blp = Blueprint("sites_api", __name__, description="Bridge points (sites) and reference networks")


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


@blp.route("/ceremonies/<int:ceremony_id>/sites/<int:site_id>")
@blp.response(200, SiteSchema)
@blp.doc(operationId="getSite")
@require_api_roles()
def get_site(ceremony_id, site_id):
    """One bridge point: venue, address and operator contacts."""
    return queries.get_site(site_id, get_ceremony(ceremony_id).id)


@blp.route("/ceremonies/<int:ceremony_id>/sites/<int:site_id>", methods=["PATCH"])
@blp.arguments(SiteUpdateSchema)
@blp.response(200, SiteSchema)
@blp.doc(operationId="updateSite")
@require_api_roles("organizer", "operator")
def update_site(data, ceremony_id, site_id):
    """Change a point's venue, address or operator contacts (an operator: only their own points)."""
    site = queries.get_site(site_id, get_ceremony(ceremony_id).id)
    if not user_covers_site(api_user(), site):
        raise Forbidden("this point is not yours")
    operations.update_site(site, **data)
    db.session.commit()
    return site


@blp.route("/reference-networks")
@blp.response(200, ReferenceNetworkListSchema)
@blp.doc(operationId="listReferenceNetworks")
@require_api_roles()
def list_reference_networks():
    """The reference networks imported so far (built-in sets and CSV), with units per tier."""
    return {"items": queries.reference_networks()}


@blp.route("/reference-networks/sets")
@blp.response(200, ReferenceSetListSchema)
@blp.doc(operationId="listReferenceSets")
@require_api_roles()
def list_reference_sets():
    """The built-in sets (2023: three tiers; 2025: two tiers) and the provinces each can import."""
    return {"items": queries.reference_sets()}


@blp.route("/reference-networks", methods=["POST"])
@blp.arguments(ReferenceImportSchema)
@blp.response(201, ReferenceNetworkSchema)
@blp.alt_response(404, description="no such province in the reference set")
@blp.doc(operationId="importReferenceNetwork")
@require_api_roles("organizer")
def import_reference_network(data):
    """Import one province of a built-in set, or the whole country (``whole_country``); the same key
    again replaces the earlier copy."""
    if data["whole_country"]:
        network = operations.import_national_network(data["dataset"], key=data.get("key"))
    else:
        network = operations.import_reference_network(data["dataset"], data["province_code"], key=data.get("key"))
    db.session.commit()
    return queries.network_summary(network)


@blp.route("/reference-networks/csv", methods=["POST"])
@blp.arguments(NetworkCsvImportSchema)
@blp.response(201, ReferenceNetworkSchema)
@blp.alt_response(422, description="bad lines: nothing imported; `errors` lists each (row, field, reason)")
@blp.doc(operationId="importNetworkCsv")
@require_api_roles("organizer")
def import_network_csv(data):
    """Import a network from CSV text (code,name,tier,parent_code); refused whole if a line is bad."""
    network = operations.import_network_csv(data["csv"].lstrip("\ufeff"), key=data["key"])
    db.session.commit()
    return queries.network_summary(network)


@blp.route("/ceremonies/<int:ceremony_id>/network", methods=["PUT"])
@blp.arguments(ApplyNetworkSchema)
@blp.response(200, ApplyNetworkResultSchema)
@blp.alt_response(409, description="the ceremony's points are in use (delegates, check-ins…)")
@blp.doc(operationId="applyNetworkToCeremony")
@require_api_roles("organizer")
def apply_network(data, ceremony_id):
    """Give a ceremony the points of a reference network (replacing points nothing uses yet)."""
    ceremony = get_ceremony(ceremony_id)
    network = operations.network_for(data.get("network_id"), data.get("dataset"),
                                     "all" if data.get("whole_country") else data.get("province_code"))
    operations.apply_network(ceremony, network)
    db.session.commit()
    return {"ceremony_id": ceremony.id, "network": queries.network_summary(network),
            "counts": queries.tier_counts(ceremony.id)}
