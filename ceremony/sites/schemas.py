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


class SiteUpdateSchema(ma.Schema):
    """The fields of a point an organizer (or the point's operator) may change."""
    venue = ma.fields.String(validate=ma.validate.Length(max=300))
    address = ma.fields.String(validate=ma.validate.Length(max=300))
    operator_name = ma.fields.String(validate=ma.validate.Length(max=120))
    operator_phone = ma.fields.String(validate=ma.validate.Length(max=30))
    operator_email = ma.fields.Email(validate=ma.validate.Length(max=200))


class ReferenceNetworkSchema(ma.Schema):
    id = ma.fields.Integer()
    key = ma.fields.String()
    name = ma.fields.String()
    source = ma.fields.String()
    province_code = ma.fields.String()
    tiers = ma.fields.Integer(metadata={"description": "3: province → district → commune; 2: province → commune; "
                                                      "one more with the nation above the provinces (4 or 3)"})
    counts = ma.fields.Dict(metadata={"description": "units per tier: {province, district, commune}, and nation "
                                                     "on a nationwide network"})
    units = ma.fields.Integer()


class ReferenceNetworkListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ReferenceNetworkSchema), required=True)


class ReferenceProvinceSchema(ma.Schema):
    code = ma.fields.Integer()
    name = ma.fields.String()
    units = ma.fields.Integer()


class ReferenceSetSchema(ma.Schema):
    key = ma.fields.String()
    label = ma.fields.String()
    tiers = ma.fields.Integer()
    source = ma.fields.String()
    provinces = ma.fields.List(ma.fields.Nested(ReferenceProvinceSchema))


class ReferenceSetListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ReferenceSetSchema), required=True)


DATASET_FIELD = dict(validate=ma.validate.OneOf(["2023", "2025"]),
                     metadata={"description": "built-in set: 2023 (three tiers) or 2025 (two tiers, since 1 July 2025)"})
KEY_FIELD = dict(validate=[ma.validate.Length(max=80), ma.validate.Regexp(r"^[a-z0-9-]+$")],
                 metadata={"description": "name to keep the network under; default vn-<province>-<set>"})


WHOLE_COUNTRY = dict(load_default=False, metadata={
    "description": "the whole country as one network (nation → every province → …) instead of one province; "
                   "key vn-all-<set>"})


class ReferenceImportSchema(ma.Schema):
    dataset = ma.fields.String(required=True, **DATASET_FIELD)
    province_code = ma.fields.Integer(validate=ma.validate.Range(min=1, max=999))
    whole_country = ma.fields.Boolean(**WHOLE_COUNTRY)
    key = ma.fields.String(**KEY_FIELD)

    @ma.validates_schema
    def one_scope(self, data, **kwargs):
        if ("province_code" in data) == bool(data.get("whole_country")):
            raise ma.ValidationError("give province_code, or whole_country: true", "province_code")


class NetworkCsvImportSchema(ma.Schema):
    key = ma.fields.String(required=True, **KEY_FIELD)
    csv = ma.fields.String(required=True, validate=ma.validate.Length(max=5_000_000),
                           metadata={"description": "code,name,tier,parent_code lines, header first"})


class ApplyNetworkSchema(ma.Schema):
    """Either an imported network's id, or a built-in set and a province (imported on the way)."""
    network_id = id_field()
    dataset = ma.fields.String(**DATASET_FIELD)
    province_code = ma.fields.Integer(validate=ma.validate.Range(min=1, max=999))
    whole_country = ma.fields.Boolean(**WHOLE_COUNTRY)

    @ma.validates_schema
    def one_source(self, data, **kwargs):
        scope = "province_code" in data or bool(data.get("whole_country"))
        if ("network_id" in data) == ("dataset" in data or scope):
            raise ma.ValidationError("give network_id, or dataset and province_code", "network_id")
        if "network_id" not in data and not ("dataset" in data and scope):
            raise ma.ValidationError("give both dataset and province_code", "province_code")
        if "province_code" in data and data.get("whole_country"):
            raise ma.ValidationError("give province_code or whole_country, not both", "whole_country")


class ApplyNetworkResultSchema(ma.Schema):
    ceremony_id = ma.fields.Integer()
    network = ma.fields.Nested(ReferenceNetworkSchema)
    counts = ma.fields.Dict(metadata={"description": "the ceremony's points per tier"})
