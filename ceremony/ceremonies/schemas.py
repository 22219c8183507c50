"""API shapes of ceremonies."""
import marshmallow as ma

from ceremony.ceremonies.models import CeremonyStatus
from ceremony.core.paging import page_schema


class CeremonySchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    slug = ma.fields.String()
    title = ma.fields.String()
    kind = ma.fields.String()
    status = ma.fields.Enum(CeremonyStatus, by_value=True)
    starts_at = ma.fields.AwareDateTime()
    ends_at = ma.fields.AwareDateTime(allow_none=True)
    timezone = ma.fields.String()
    venue = ma.fields.String()
    venue_address = ma.fields.String()
    host_unit = ma.fields.String()
    implementing_unit = ma.fields.String()
    issuing_unit = ma.fields.String()
    province_code = ma.fields.String()
    demo_note = ma.fields.String(dump_only=True, allow_none=True, metadata={
        "description": "demo ceremonies only: the facts the demo assumes where its plan is silent, one a line"})


class CeremonyDetailSchema(CeremonySchema):
    site_counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


CeremonyPageSchema = page_schema(CeremonySchema, "CeremonyPage")


def _text(max_length: int, required: bool = False) -> ma.fields.String:
    return ma.fields.String(required=required, validate=ma.validate.Length(max=max_length))


class CeremonyUpdateSchema(ma.Schema):
    """What an organizer may change; a new ``starts_at`` moves everything timed from it."""
    title = _text(300)
    kind = ma.fields.String(validate=ma.validate.OneOf(["movement_launch", "app_launch", "other"]))
    starts_at = ma.fields.DateTime()
    ends_at = ma.fields.DateTime(allow_none=True)
    venue = _text(300)
    venue_address = _text(300)
    host_unit = _text(200)
    implementing_unit = _text(300)
    issuing_unit = _text(200)
    plan_reference = _text(200)


class CeremonyCreateSchema(CeremonyUpdateSchema):
    title = _text(300, required=True)
    kind = ma.fields.String(load_default="other", validate=ma.validate.OneOf(["movement_launch", "app_launch", "other"]))
    starts_at = ma.fields.DateTime(required=True)
    venue = _text(300, required=True)
    host_unit = _text(200, required=True)
    network_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1),
                                   metadata={"description": "reference network whose units become the bridge points"})


class StatusSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(["draft", "published", "live", "closed"]))


class MoveSchema(ma.Schema):
    key = ma.fields.String()
    label = ma.fields.String()
    old = ma.fields.AwareDateTime()
    new = ma.fields.AwareDateTime()


class CeremonyChangedSchema(CeremonySchema):
    moved = ma.fields.List(ma.fields.Nested(MoveSchema), metadata={"description": "what the new start moved"})
