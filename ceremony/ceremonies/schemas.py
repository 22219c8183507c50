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


class CeremonyDetailSchema(CeremonySchema):
    site_counts = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


CeremonyPageSchema = page_schema(CeremonySchema, "CeremonyPage")
