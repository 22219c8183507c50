"""JSON API: ceremonies."""
import sqlalchemy as sa
from flask_smorest import Blueprint

from ceremony.ceremonies import operations, queries
from ceremony.ceremonies.models import Ceremony
from ceremony.ceremonies.schemas import (CeremonyChangedSchema, CeremonyDetailSchema,
                                         CeremonyPageSchema, CeremonySchema, CeremonyUpdateSchema,
                                         StatusSchema)
from ceremony.extensions import db
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


@blp.route("/ceremonies/<int:ceremony_id>", methods=["PATCH"])
@blp.arguments(CeremonyUpdateSchema)
@blp.response(200, CeremonyChangedSchema)
@blp.doc(operationId="updateCeremony")
@require_api_roles("organizer")
def update_ceremony(body, ceremony_id):
    """Change a ceremony; a new start moves windows, deadlines, reminders and the program, listed in ``moved``."""
    ceremony = operations.update_ceremony(queries.get_ceremony(ceremony_id), **body)
    db.session.commit()
    return ceremony


@blp.route("/ceremonies/<int:ceremony_id>/status", methods=["POST"])
@blp.arguments(StatusSchema)
@blp.response(200, CeremonySchema)
@blp.doc(operationId="changeCeremonyStatus")
@require_api_roles("organizer")
def change_status(body, ceremony_id):
    """Move a ceremony along draft → published → live → closed."""
    ceremony = operations.change_status(queries.get_ceremony(ceremony_id), body["status"])
    db.session.commit()
    return ceremony
