"""API shapes of the run-of-show."""
import marshmallow as ma

from ceremony.core.paging import id_field, page_schema
from ceremony.program.models import SegmentKind


class SegmentPersonSchema(ma.Schema):
    delegate_id = id_field(allow_none=True, load_default=None)
    role = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    label = ma.fields.String(dump_only=True)


class SegmentSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    position = ma.fields.Integer(dump_only=True)
    kind = ma.fields.Function(lambda s: s.kind.value, deserialize=lambda v: v, metadata={"type": "string"},
                              validate=ma.validate.OneOf([k.value for k in SegmentKind]))
    title = ma.fields.String(validate=ma.validate.Length(min=1, max=300))
    planned_minutes = ma.fields.Integer(validate=ma.validate.Range(min=0, max=600))
    script = ma.fields.String()
    remote_cue = ma.fields.String(validate=ma.validate.Length(max=300))
    control_cue = ma.fields.String(validate=ma.validate.Length(max=300))
    is_fixed_time = ma.fields.Boolean()
    fixed_start_at = ma.fields.AwareDateTime(allow_none=True)
    floor_site_id = id_field(allow_none=True)
    countdown_seconds = ma.fields.Integer(validate=ma.validate.Range(min=0, max=120))
    media_url = ma.fields.String(validate=ma.validate.Length(max=500))
    media_file = ma.fields.String(dump_only=True)
    people = ma.fields.List(ma.fields.Nested(SegmentPersonSchema))


class SegmentCreateSchema(SegmentSchema):
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=300))
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf([k.value for k in SegmentKind]))


class SegmentUpdateSchema(SegmentSchema):
    kind = ma.fields.String(validate=ma.validate.OneOf([k.value for k in SegmentKind]))


SegmentPageSchema = page_schema(SegmentSchema, "SegmentPage")


class SegmentOrderSchema(ma.Schema):
    segment_ids = ma.fields.List(id_field(), required=True, validate=ma.validate.Length(max=500))


class ShowActionSchema(ma.Schema):
    action = ma.fields.String(required=True, validate=ma.validate.OneOf(
        ["start", "next", "hold", "resume", "extend", "floor", "reset"]))
    minutes = ma.fields.Integer(load_default=None, validate=ma.validate.Range(min=-600, max=600))
    override = ma.fields.String(load_default="", validate=ma.validate.Length(max=300))
    site_code = ma.fields.String(load_default=None, allow_none=True)
    expected_current_id = id_field(load_default=None, allow_none=True)


class FireLaunchArgsSchema(ma.Schema):
    segment_id = id_field(load_default=None, allow_none=True)


class LaunchSchema(ma.Schema):
    id = ma.fields.Integer()
    segment_id = ma.fields.Integer()
    fired_at = ma.fields.AwareDateTime()
    switch_at = ma.fields.AwareDateTime()
    source = ma.fields.String()
    created = ma.fields.Boolean()


class ShowStateSchema(ma.Schema):
    """The live state (as the views receive it); see docs/program.md."""

    class Meta:
        unknown = ma.INCLUDE

    ceremony_id = ma.fields.Integer()
    status = ma.fields.String(validate=ma.validate.OneOf(["ready", "running", "held", "finished"]))
    version = ma.fields.Integer()
    server_ms = ma.fields.Integer()
    current_id = ma.fields.Integer(allow_none=True)
    clock = ma.fields.Dict(allow_none=True)
    drift_seconds = ma.fields.Integer()
    planned_end_ms = ma.fields.Integer(allow_none=True)
    expected_end_ms = ma.fields.Integer(allow_none=True)
    floor = ma.fields.Dict(allow_none=True)
    launch = ma.fields.Dict(allow_none=True)
    segments = ma.fields.List(ma.fields.Dict())
