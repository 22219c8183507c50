"""JSON API: ceremonies."""
import sqlalchemy as sa
from flask_smorest import Blueprint

from ceremony.ceremonies import queries
from ceremony.ceremonies.models import Ceremony
from ceremony.ceremonies.schemas import CeremonyDetailSchema, CeremonyPageSchema
from ceremony.core.paging import PageArgs, paginate
from ceremony.core.auth import require_api_roles
from ceremony.sites.queries import tier_counts

blp = Blueprint("ceremonies_api", __name__, description="Ceremonies")


@blp.route("/ceremonies")
@blp.arguments(PageArgs, location="query")
@blp.response(200, CeremonyPageSchema)
@blp.doc(operationId="listCeremonies")
@require_api_roles()
def list_ceremonies(args):
    """List ceremonies, the most recent first."""
    return paginate(sa.select(Ceremony).order_by(Ceremony.starts_at.desc(), Ceremony.id), **args)


@blp.route("/ceremonies/<int:ceremony_id>")
@blp.response(200, CeremonyDetailSchema)
@blp.doc(operationId="getCeremony")
@require_api_roles()
def get_ceremony(ceremony_id):
    """One ceremony with the number of bridge points of each tier."""
    ceremony = queries.get_ceremony(ceremony_id)
    ceremony.site_counts = tier_counts(ceremony.id)
    return ceremony
