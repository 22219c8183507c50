"""API shapes of the help desk."""
import marshmallow as ma


class OpenTicketArgs(ma.Schema):
    idempotency_key = ma.fields.String(required=True, validate=ma.validate.Length(min=8, max=64),
                                       metadata={"description": "made by the client once per ticket; a resent "
                                                                "ticket with the same key is stored once"})
    problem = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=2000),
                               metadata={"description": "what is wrong"})
    photo = ma.fields.String(load_default=None, allow_none=True, validate=ma.validate.Length(max=4_200_000),
                             metadata={"description": "optional photo, base64 or a data: URL; JPEG, PNG or "
                                                      "WebP, at most 3 MB"})


class ListTicketsArgs(ma.Schema):
    status = ma.fields.String(load_default=None, validate=ma.validate.OneOf(["open", "acknowledged", "resolved"]),
                              metadata={"description": "open: not yet resolved (taken or not)"})
    site_id = ma.fields.Integer(load_default=None, validate=ma.validate.Range(min=1, max=2**31 - 1))


class UpdateTicketArgs(ma.Schema):
    action = ma.fields.String(load_default="comment", validate=ma.validate.OneOf(["acknowledge", "resolve", "comment"]),
                              metadata={"description": "acknowledge: take the ticket; resolve: fixed; comment: "
                                                       "only add the message"})
    message = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000),
                               metadata={"description": "a line for the thread (required with comment)"})


class TicketMessageArgs(ma.Schema):
    body = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1000))


class TicketMessageSchema(ma.Schema):
    id = ma.fields.Integer()
    author = ma.fields.String()
    from_point = ma.fields.Boolean()
    body = ma.fields.String()
    created_at = ma.fields.String()


class TicketSchema(ma.Schema):
    id = ma.fields.Integer()
    ceremony_id = ma.fields.Integer()
    site_id = ma.fields.Integer()
    site_code = ma.fields.String()
    site_name = ma.fields.String()
    site_tier = ma.fields.String()
    district = ma.fields.String()
    status = ma.fields.String()
    problem = ma.fields.String()
    has_photo = ma.fields.Boolean()
    opened_at = ma.fields.String()
    opened_by = ma.fields.String()
    acknowledged_at = ma.fields.String(allow_none=True)
    acknowledged_by = ma.fields.String()
    resolved_at = ma.fields.String(allow_none=True)
    resolved_by = ma.fields.String()
    escalated_at = ma.fields.String(allow_none=True)
    escalated_to = ma.fields.String()
    acknowledge_seconds = ma.fields.Float(allow_none=True)
    resolve_seconds = ma.fields.Float(allow_none=True)
    operator_phone = ma.fields.String()
    messages = ma.fields.List(ma.fields.Nested(TicketMessageSchema))


class TicketListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(TicketSchema))
