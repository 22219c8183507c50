"""JSON API: a ceremony's webhook endpoints and their deliveries; the events, documented as OpenAPI 3.1
``webhooks``."""
from __future__ import annotations

from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import require_api_roles, require_scope
from ceremony.core.paging import paginate
from ceremony.extensions import db
from ceremony.live import on_publish
from ceremony.webhooks import events, operations, queries
from ceremony.webhooks.schemas import (EVENT_DATA, CreatedEndpointSchema, DeliveryListArgs, DeliveryPageSchema,
                                       DeliverySchema, EndpointCreateArgs, EndpointListSchema, EndpointSchema,
                                       EndpointUpdateArgs)

blp = Blueprint("webhooks_api", __name__, description="Webhooks: signed events for a province's other systems")
on_publish(events.enqueue_from_live)  # every live change of a domain may become a delivery (same transaction)


def _with_queue(endpoint, counts: dict) -> object:
    endpoint.queue = counts.get(endpoint.id, {"pending": 0, "delivered": 0, "failed": 0})
    return endpoint


@blp.route("/ceremonies/<int:ceremony_id>/webhooks")
@blp.response(200, EndpointListSchema)
@blp.doc(operationId="listWebhookEndpoints")
@require_api_roles("organizer")
@require_scope("admin")
def list_endpoints(ceremony_id):
    """The ceremony's webhook endpoints with how many deliveries are pending, delivered, failed."""
    get_ceremony(ceremony_id)
    counts = queries.queue_counts(ceremony_id)
    return {"items": [_with_queue(e, counts) for e in queries.endpoints(ceremony_id)]}


@blp.route("/ceremonies/<int:ceremony_id>/webhooks", methods=["POST"])
@blp.arguments(EndpointCreateArgs)
@blp.response(201, CreatedEndpointSchema)
@blp.doc(operationId="createWebhookEndpoint")
@require_api_roles("organizer")
@require_scope("admin")
def create_endpoint(args, ceremony_id):
    """Register an endpoint for some events; the answer carries its signing secret, once."""
    endpoint = operations.create_endpoint(get_ceremony(ceremony_id), url=args["url"], events=args["events"],
                                          description=args["description"])
    db.session.commit()
    return _with_queue(endpoint, {})


@blp.route("/ceremonies/<int:ceremony_id>/webhooks/<int:endpoint_id>", methods=["PATCH"])
@blp.arguments(EndpointUpdateArgs)
@blp.response(200, EndpointSchema)
@blp.doc(operationId="updateWebhookEndpoint")
@require_api_roles("organizer")
@require_scope("admin")
def update_endpoint(args, ceremony_id, endpoint_id):
    """Change the URL, the events, the description, or hold the endpoint (``is_active: false``)."""
    endpoint = operations.update_endpoint(operations.get_endpoint(ceremony_id, endpoint_id), **args)
    db.session.commit()
    return _with_queue(endpoint, queries.queue_counts(ceremony_id))


@blp.route("/ceremonies/<int:ceremony_id>/webhooks/<int:endpoint_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(operationId="deleteWebhookEndpoint")
@require_api_roles("organizer")
@require_scope("admin")
def delete_endpoint(ceremony_id, endpoint_id):
    """Remove an endpoint and its deliveries."""
    operations.delete_endpoint(operations.get_endpoint(ceremony_id, endpoint_id))
    db.session.commit()


@blp.route("/ceremonies/<int:ceremony_id>/webhooks/deliveries")
@blp.arguments(DeliveryListArgs, location="query")
@blp.response(200, DeliveryPageSchema)
@blp.doc(operationId="listWebhookDeliveries")
@require_api_roles("organizer")
@require_scope("admin")
def list_deliveries(args, ceremony_id):
    """Deliveries, the newest first, each with its attempts (filter by endpoint and status)."""
    get_ceremony(ceremony_id)
    if args.get("endpoint_id"):
        operations.get_endpoint(ceremony_id, args["endpoint_id"])
    query = queries.deliveries_query(ceremony_id, args.get("endpoint_id"), args.get("status"))
    return paginate(query, args["page"], args["per_page"])


@blp.route("/ceremonies/<int:ceremony_id>/webhooks/deliveries/<int:delivery_id>/replay", methods=["POST"])
@blp.response(200, DeliverySchema)
@blp.doc(operationId="replayWebhookDelivery")
@require_api_roles("organizer")
@require_scope("admin")
def replay_delivery(ceremony_id, delivery_id):
    """Send a delivery again with the same ``webhook-id`` (the scheduler sends it within seconds)."""
    delivery = operations.replay(operations.get_delivery(ceremony_id, delivery_id))
    db.session.commit()
    return delivery


# -- the events in the document ------------------------------------------------------------------

SIGNATURE_HELP = ("Standard Webhooks: `v1,` + base64(HMAC-SHA256(base64-decoded secret after `whsec_`, "
                  "`{webhook-id}.{webhook-timestamp}.{body}`)). Refuse a timestamp more than 5 minutes away; "
                  "drop a `webhook-id` you have already processed. See docs/api.md.")
HEADERS = [
    {"name": "webhook-id", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "the delivery's message id: the same on every retry and replay (deduplicate on it)"},
    {"name": "webhook-timestamp", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "Unix seconds of this attempt"},
    {"name": "webhook-signature", "in": "header", "required": True, "schema": {"type": "string"},
     "description": SIGNATURE_HELP},
]


def document_webhooks(spec) -> None:
    """Add every event to the OpenAPI 3.1 ``webhooks`` section, each body an envelope around its data."""
    names = {schema: schema.__name__.removesuffix("Schema") for schema in set(EVENT_DATA.values())}
    for schema, name in names.items():
        if name not in spec.components.schemas:
            spec.components.schema(name, schema=schema)
    documented = {}
    for event in events.EVENT_TYPES:
        envelope = {"type": "object", "additionalProperties": False,
                    "required": ["id", "type", "timestamp", "ceremony_id", "data"],
                    "properties": {"id": {"type": "string", "description": "equals the webhook-id header"},
                                   "type": {"type": "string", "const": event.name},
                                   "timestamp": {"type": "string", "format": "date-time"},
                                   "ceremony_id": {"type": "integer"},
                                   "data": {"$ref": f"#/components/schemas/{names[EVENT_DATA[event.name]]}"}}}
        documented[event.name] = {"post": {
            "operationId": "on" + "".join(part.title() for part in event.name.replace(".", "_").split("_")),
            "summary": event.summary, "description": SIGNATURE_HELP, "parameters": HEADERS,
            "requestBody": {"required": True, "content": {"application/json": {"schema": envelope}}},
            "responses": {"2XX": {"description": "received; any other answer (or none in 10 s) is retried with "
                                                 "back-off (5 s doubling to 10 min) for up to 3 days"}}}}
    spec.options["webhooks"] = documented


@blp.record_once
def _document(state) -> None:
    api = state.app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    document_webhooks(api.spec)
