"""API shapes of sites."""
import marshmallow as ma

from ceremony.core.paging import PageArgs, id_field, page_schema
from ceremony.sites.models import Tier


class SiteSchema(ma.Schema):
    id = ma.fields.Integer()
    ceremony_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.Enum(Tier, by_value=True)
    parent_id = ma.fields.Integer(allow_none=True)
    venue = ma.fields.String()
    address = ma.fields.String()
    operator_name = ma.fields.String()
    operator_phone = ma.fields.String()
    operator_email = ma.fields.String()


class SiteListArgs(PageArgs):
    tier = ma.fields.Enum(Tier, by_value=True)
    parent = id_field(metadata={"description": "id of the parent site"})


SitePageSchema = page_schema(SiteSchema, "SitePage")
