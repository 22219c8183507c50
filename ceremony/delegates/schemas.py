"""API shapes of delegates."""
import marshmallow as ma

from ceremony.core.paging import PageArgs, page_schema
from ceremony.sites.models import Tier


class DelegateSiteSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String(metadata={"example": "21550"})
    name = ma.fields.String(metadata={"example": "Huyện Đức Phổ"})
    tier = ma.fields.Enum(Tier, by_value=True)


class DelegateCategorySchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()
    colour = ma.fields.String(metadata={"example": "#c0392b"})


class DelegateSchema(ma.Schema):
    id = ma.fields.Integer()
    ceremony_id = ma.fields.Integer()
    full_name = ma.fields.String(attribute="person.full_name")
    honorific = ma.fields.String(attribute="person.honorific")
    title = ma.fields.String(attribute="person.title")
    unit = ma.fields.Function(lambda d: d.person.organisation.name if d.person.organisation else "",
                              metadata={"type": "string"})
    phone = ma.fields.String(attribute="person.phone")
    email = ma.fields.String(attribute="person.email")
    site = ma.fields.Nested(DelegateSiteSchema)
    category = ma.fields.Nested(DelegateCategorySchema, allow_none=True)
    zone = ma.fields.String()
    seat = ma.fields.String()
    is_vip = ma.fields.Boolean()
    role = ma.fields.String()


class DelegateListArgs(PageArgs):
    site = ma.fields.String(metadata={"description": "bridge point code (or id)"})
    tier = ma.fields.Enum(Tier, by_value=True)
    category = ma.fields.String(metadata={"description": "composition category code"})
    vip = ma.fields.Boolean()
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=100),
                         metadata={"description": "part of a name, phone, unit or title"})
    order = ma.fields.String(load_default="name", validate=ma.validate.OneOf(["name", "site"]),
                             metadata={"description": "name: Vietnamese name order; site: by point, then name"})


DelegatePageSchema = page_schema(DelegateSchema, "DelegatePage")


class DelegateImportQueryArgs(ma.Schema):
    dry_run = ma.fields.Boolean(load_default=False, metadata={"description": "check only, write nothing"})


class DelegateImportJsonSchema(ma.Schema):
    rows = ma.fields.List(ma.fields.Dict(), required=True, validate=ma.validate.Length(min=1, max=20_000),
                          metadata={"description": "one object per delegate; keys: full_name (ho_ten), title "
                                                   "(chuc_vu), unit (don_vi), site_code (ma_diem_cau), category "
                                                   "(thanh_phan), phone (dien_thoai), email, zone (khu_vuc), seat "
                                                   "(ghe), vip, gender (gioi_tinh), role (vai_tro)"})
    dry_run = ma.fields.Boolean(load_default=False)


class DelegateImportResultSchema(ma.Schema):
    dry_run = ma.fields.Boolean()
    rows = ma.fields.Integer(metadata={"description": "rows read and accepted"})
    created = ma.fields.Integer()
    delegate_ids = ma.fields.List(ma.fields.Integer())
    ignored_columns = ma.fields.List(ma.fields.String())
