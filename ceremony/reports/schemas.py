"""JSON shapes of the unit-report API."""
from __future__ import annotations

import marshmallow as ma

from ceremony.reports.models import UnitKind

KINDS = [k.value for k in UnitKind]


class UnitSchema(ma.Schema):
    id = ma.fields.Integer()
    kind = ma.fields.Function(lambda u: u.kind.value)
    name = ma.fields.String()
    site_id = ma.fields.Integer(allow_none=True)
    email = ma.fields.String()
    phone = ma.fields.String()


class UnitIn(ma.Schema):
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(["department", "sector"]))
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    email = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    phone = ma.fields.String(load_default="", validate=ma.validate.Length(max=30))


class RequestIn(ma.Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=300))
    instructions = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))
    unit_kinds = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(KINDS)), required=True,
                                validate=ma.validate.Length(min=1, max=4))
    due_offset_minutes = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1, max=366 * 24 * 60))
    remind_hours_before = ma.fields.Integer(load_default=48, validate=ma.validate.Range(min=0, max=720))


class FileSchema(ma.Schema):
    id = ma.fields.Integer()
    filename = ma.fields.String()
    kind = ma.fields.String()
    size = ma.fields.Integer()
    sha256 = ma.fields.String()


class ReportSchema(ma.Schema):
    id = ma.fields.Integer()
    request_id = ma.fields.Integer()
    unit_id = ma.fields.Integer()
    text = ma.fields.String()
    status = ma.fields.Function(lambda r: r.status.value)
    submitted_at = ma.fields.AwareDateTime()
    submitted_by = ma.fields.String()
    is_late = ma.fields.Boolean()
    review_comment = ma.fields.String()
    reviewed_at = ma.fields.AwareDateTime(allow_none=True)
    files = ma.fields.List(ma.fields.Nested(FileSchema))


class StandingSchema(ma.Schema):
    unit = ma.fields.Nested(UnitSchema)
    state = ma.fields.String()
    flagged = ma.fields.Boolean()
    report = ma.fields.Nested(ReportSchema, allow_none=True)


class RequestSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    title = ma.fields.String()
    instructions = ma.fields.String()
    unit_kinds = ma.fields.Function(lambda r: [k.value for k in r.kinds])
    due_offset_minutes = ma.fields.Integer()
    due_at = ma.fields.AwareDateTime()
    remind_hours_before = ma.fields.Integer()
    summary = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    standings = ma.fields.List(ma.fields.Nested(StandingSchema))


class SubmitForm(ma.Schema):
    text = ma.fields.String(load_default="", validate=ma.validate.Length(max=50_000))


class ReviewIn(ma.Schema):
    decision = ma.fields.String(required=True, validate=ma.validate.OneOf(["accept", "return"]))
    comment = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))
