"""JSON API: create a ceremony (empty, from a past one, from a template) and read its set-up checklist."""
import marshmallow as ma
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.ceremonies.schemas import CeremonyCreateSchema, CeremonyDetailSchema
from ceremony.core.auth import require_api_roles
from ceremony.core.paging import id_field
from ceremony.extensions import db
from ceremony.setup import operations, queries
from ceremony.setup.kinds import TEMPLATES
from ceremony.sites.queries import tier_counts

blp = Blueprint("setup_api", __name__, description="Setting up a ceremony")


class FromPastSchema(ma.Schema):
    source_id = id_field(required=True, metadata={"description": "the past ceremony"})
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=300))
    starts_at = ma.fields.DateTime(required=True, metadata={"description": "without a zone: Vietnam time"})
    ends_at = ma.fields.DateTime(allow_none=True)
    venue = ma.fields.String(validate=ma.validate.Length(max=300))
    copy = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(operations.PARTS)),
                          load_default=list(operations.PARTS), validate=ma.validate.Length(max=10),
                          metadata={"description": "parts to copy: " + ", ".join(operations.PARTS)})
    network_id = id_field(metadata={"description": "a reference network, when the points are not copied"})


class FromTemplateSchema(CeremonyCreateSchema):
    template = ma.fields.String(required=True, validate=ma.validate.OneOf(list(TEMPLATES)))
    kind = ma.fields.String(dump_only=True)


class TemplateSchema(ma.Schema):
    key = ma.fields.String()
    name = ma.fields.String()
    description = ma.fields.String()


class StepSchema(ma.Schema):
    key = ma.fields.String()
    label = ma.fields.Function(lambda s: str(s.label))
    count = ma.fields.Integer()
    done = ma.fields.Boolean()
    missing = ma.fields.Function(lambda s: "" if s.done else str(s.missing))


class SetupSchema(ma.Schema):
    ceremony_id = ma.fields.Integer()
    slug = ma.fields.String()
    steps = ma.fields.List(ma.fields.Nested(StepSchema))


def _detail(ceremony):
    db.session.commit()
    ceremony.site_counts = tier_counts(ceremony.id)
    return ceremony


@blp.route("/ceremonies", methods=["POST"])
@blp.arguments(CeremonyCreateSchema)
@blp.response(201, CeremonyDetailSchema)
@blp.doc(operationId="createCeremony")
@require_api_roles("organizer")
def create_ceremony(body):
    """Create an empty draft ceremony with the default readiness windows and checklist, and its
    bridge points from ``network_id`` when given. Times without a zone are Vietnam time."""
    return _detail(operations.start_empty(**body))


@blp.route("/ceremonies/from-past", methods=["POST"])
@blp.arguments(FromPastSchema)
@blp.response(201, CeremonyDetailSchema)
@blp.doc(operationId="createCeremonyFromPast")
@require_api_roles("organizer")
def create_from_past(body):
    """A new ceremony like a past one: its facts, and the chosen parts copied with their times moved."""
    source = get_ceremony(body.pop("source_id"))
    return _detail(operations.start_from_past(source, **body))


@blp.route("/ceremony-templates")
@blp.response(200, TemplateSchema(many=True))
@blp.doc(operationId="listCeremonyTemplates")
@require_api_roles()
def list_templates():
    """The shipped templates (movement launch, product launch)."""
    return [{"key": key, "name": t["name"], "description": t["description"]} for key, t in TEMPLATES.items()]


@blp.route("/ceremonies/from-template", methods=["POST"])
@blp.arguments(FromTemplateSchema)
@blp.response(201, CeremonyDetailSchema)
@blp.doc(operationId="createCeremonyFromTemplate")
@require_api_roles("organizer")
def create_from_template(body):
    """A new ceremony of a shipped kind: categories per tier, windows and checklist, program, follow-up."""
    body.pop("kind", None)
    return _detail(operations.start_from_template(body.pop("template"), **body))


@blp.route("/ceremonies/<int:ceremony_id>/setup")
@blp.response(200, SetupSchema)
@blp.doc(operationId="getCeremonySetup")
@require_api_roles()
def get_setup(ceremony_id):
    """The set-up checklist: what is in place and what is still missing."""
    ceremony = get_ceremony(ceremony_id)
    return {"ceremony_id": ceremony.id, "slug": ceremony.slug, "steps": queries.setup_steps(ceremony)}

