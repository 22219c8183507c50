"""API shapes of webhooks, and the bodies receivers get (documented under ``webhooks`` in OpenAPI 3.1)."""
import json

import marshmallow as ma

from ceremony.core.paging import PageArgs, id_field, page_schema
from ceremony.program.models import ShowStatus
from ceremony.readiness.models import PointStatus
from ceremony.sites.models import Tier
from ceremony.webhooks.events import EVENTS
from ceremony.webhooks.models import DeliveryStatus

EVENT_NAMES = list(EVENTS)


def _event_list(**kwargs):
    return ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(EVENT_NAMES)),
                          validate=ma.validate.Length(min=1, max=len(EVENT_NAMES)), **kwargs)


class EndpointSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    ceremony_id = ma.fields.Integer(required=True)
    url = ma.fields.String(required=True, metadata={"example": "https://cong.quangngai.gov.vn/hooks/le-ra-mat"})
    description = ma.fields.String(required=True)
    events = ma.fields.Function(lambda e: e.event_list, required=True, metadata={
        "type": "array", "items": {"type": "string", "enum": EVENT_NAMES}})
    is_active = ma.fields.Boolean(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    queue = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(), metadata={
        "description": "deliveries by status: pending, delivered, failed"})


class CreatedEndpointSchema(EndpointSchema):
    secret = ma.fields.String(required=True, metadata={
        "description": "signs every delivery (Standard Webhooks); shown in this answer only",
        "example": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})


class EndpointListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(EndpointSchema), required=True)


class EndpointCreateArgs(ma.Schema):
    url = ma.fields.String(required=True, validate=ma.validate.Length(min=8, max=500))
    events = _event_list(required=True)
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))


class EndpointUpdateArgs(ma.Schema):
    url = ma.fields.String(validate=ma.validate.Length(min=8, max=500))
    events = _event_list()
    description = ma.fields.String(validate=ma.validate.Length(max=200))
    is_active = ma.fields.Boolean(metadata={"description": "false: hold the queue (nothing is lost)"})


class AttemptSchema(ma.Schema):
    attempted_at = ma.fields.AwareDateTime(required=True)
    status_code = ma.fields.Integer(required=True, allow_none=True)
    error = ma.fields.String(required=True)
    duration_ms = ma.fields.Integer(required=True)


class DeliverySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    endpoint_id = ma.fields.Integer(required=True)
    message_id = ma.fields.String(required=True, metadata={"description": "the webhook-id header"})
    event_type = ma.fields.String(required=True, validate=ma.validate.OneOf(EVENT_NAMES))
    status = ma.fields.Enum(DeliveryStatus, by_value=True, required=True)
    attempts = ma.fields.Integer(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    next_attempt_at = ma.fields.AwareDateTime(required=True)
    delivered_at = ma.fields.AwareDateTime(required=True, allow_none=True)
    last_status_code = ma.fields.Integer(required=True, allow_none=True)
    last_error = ma.fields.String(required=True)
    payload = ma.fields.Function(lambda d: json.loads(d.payload), required=True,
                                 metadata={"type": "object", "description": "the body sent"})
    attempt_log = ma.fields.List(ma.fields.Nested(AttemptSchema), required=True, data_key="attempt_log")


DeliveryPageSchema = page_schema(DeliverySchema, "WebhookDeliveryPage")


class DeliveryListArgs(PageArgs):
    endpoint_id = id_field()
    status = ma.fields.Enum(DeliveryStatus, by_value=True)


# -- what a receiver gets ---------------------------------------------------------------------------

class PointEventData(ma.Schema):
    site_id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True, metadata={"example": "21550"})
    tier = ma.fields.Enum(Tier, by_value=True, required=True)
    phase = ma.fields.String(required=True, metadata={"description": "the window key", "example": "t30"})
    status = ma.fields.Enum(PointStatus, by_value=True, required=True)
    last_report_at = ma.fields.String(required=True, allow_none=True, metadata={"format": "date-time"})
    last_seen_at = ma.fields.String(required=True, allow_none=True, metadata={"format": "date-time"})


class CheckinEventData(ma.Schema):
    delegate_id = ma.fields.Integer(required=True)
    site_id = ma.fields.Integer(required=True)
    tier = ma.fields.Enum(Tier, by_value=True, required=True)
    category_id = ma.fields.Integer(required=True, allow_none=True)
    is_vip = ma.fields.Boolean(required=True)
    is_late = ma.fields.Boolean(required=True)
    name = ma.fields.String(required=True, metadata={"example": "Nguyễn Thị Bình"})
    gate = ma.fields.String(required=True)
    at = ma.fields.String(required=True, metadata={"format": "date-time"})


class ShowEventData(ma.Schema):
    action = ma.fields.String(required=True, validate=ma.validate.OneOf(
        ["start", "next", "finish", "hold", "resume", "extend", "reset", "floor"]), metadata={"example": "next"})
    status = ma.fields.Enum(ShowStatus, by_value=True, required=True)
    segment_id = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "the current segment"})
    segment_title = ma.fields.String(required=True)
    floor_site_id = ma.fields.Integer(required=True, allow_none=True)


class LaunchEventData(ma.Schema):
    segment_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    dignitaries = ma.fields.List(ma.fields.String(), required=True)
    fired_ms = ma.fields.Integer(required=True, metadata={"description": "Unix milliseconds of the press"})
    switch_ms = ma.fields.Integer(required=True, metadata={"description": "when every screen switches"})


class FollowupReportEventData(ma.Schema):
    task_id = ma.fields.Integer(required=True)
    task_code = ma.fields.String(required=True)
    site_id = ma.fields.Integer(required=True)
    site_code = ma.fields.String(required=True)
    value = ma.fields.Integer(required=True, allow_none=True)
    note = ma.fields.String(required=True)
    is_late = ma.fields.Boolean(required=True)
    submitted_at = ma.fields.String(required=True, metadata={"format": "date-time"})


EVENT_DATA = {
    "point.readiness_changed": PointEventData, "point.offline": PointEventData,
    "delegate.checked_in": CheckinEventData, "show.state_changed": ShowEventData,
    "launch.fired": LaunchEventData, "followup.report_received": FollowupReportEventData,
}
