"""JSON shapes of the campaign API."""
from __future__ import annotations

import marshmallow as ma

from ceremony.campaign.models import TeamLevel
from ceremony.core.paging import PageArgs, id_field, page_schema

LEVELS = [level.value for level in TeamLevel]


class MemberSchema(ma.Schema):
    id = ma.fields.Integer()
    site_id = ma.fields.Integer()
    site_code = ma.fields.Function(lambda m: m.site.code)
    site_name = ma.fields.Function(lambda m: m.site.name)
    level = ma.fields.Function(lambda m: m.level.value)
    village = ma.fields.String()
    full_name = ma.fields.String()
    role = ma.fields.String()
    phone = ma.fields.String()


MemberPageSchema = page_schema(MemberSchema, "MemberPageSchema")


class MemberListArgs(PageArgs):
    site_code = ma.fields.String(validate=ma.validate.Length(max=10))


class MemberIn(ma.Schema):
    site_id = id_field()
    site_code = ma.fields.String(validate=ma.validate.Length(max=10))
    full_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    phone = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=30))
    role = ma.fields.String(load_default="", validate=ma.validate.Length(max=120))
    level = ma.fields.String(load_default=None, validate=ma.validate.OneOf(LEVELS))
    village = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))


class MemberPatch(ma.Schema):
    full_name = ma.fields.String(validate=ma.validate.Length(min=1, max=120))
    phone = ma.fields.String(validate=ma.validate.Length(min=1, max=30))
    role = ma.fields.String(validate=ma.validate.Length(max=120))
    level = ma.fields.String(validate=ma.validate.OneOf(LEVELS))
    village = ma.fields.String(validate=ma.validate.Length(max=200))


class ImportArgs(ma.Schema):
    site_code = ma.fields.String(validate=ma.validate.Length(max=10))


class ImportResult(ma.Schema):
    imported = ma.fields.Integer()


class SkillSchema(ma.Schema):
    key = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=30))
    label = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))


class CampaignSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    title = ma.fields.String()
    followup_task_id = ma.fields.Integer(allow_none=True)
    target_per_member = ma.fields.Integer()
    opens_offset_minutes = ma.fields.Integer()
    closes_offset_minutes = ma.fields.Integer()
    opens_at = ma.fields.AwareDateTime()
    closes_at = ma.fields.AwareDateTime()
    reminder_hour = ma.fields.Integer()
    skills = ma.fields.List(ma.fields.Nested(SkillSchema))


OFFSET = ma.validate.Range(min=-366 * 24 * 60, max=366 * 24 * 60)


class CampaignIn(ma.Schema):
    code = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=300))
    followup_task_id = id_field(load_default=None, allow_none=True)
    target_per_member = ma.fields.Integer(load_default=7, validate=ma.validate.Range(min=1, max=1000))
    opens_offset_minutes = ma.fields.Integer(load_default=0, validate=OFFSET)
    closes_offset_minutes = ma.fields.Integer(load_default=7 * 24 * 60, validate=OFFSET)
    reminder_hour = ma.fields.Integer(load_default=17, validate=ma.validate.Range(min=0, max=23))
    skills = ma.fields.List(ma.fields.Nested(SkillSchema), load_default=None, validate=ma.validate.Length(max=20))


class CampaignPatch(ma.Schema):
    title = ma.fields.String(validate=ma.validate.Length(min=1, max=300))
    target_per_member = ma.fields.Integer(validate=ma.validate.Range(min=1, max=1000))
    opens_offset_minutes = ma.fields.Integer(validate=OFFSET)
    closes_offset_minutes = ma.fields.Integer(validate=OFFSET)
    reminder_hour = ma.fields.Integer(validate=ma.validate.Range(min=0, max=23))
    skills = ma.fields.List(ma.fields.Nested(SkillSchema), validate=ma.validate.Length(min=1, max=20))


class RecordIn(ma.Schema):
    idempotency_key = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[A-Za-z0-9_-]{8,64}$"))
    member_id = id_field(required=True)
    guided_on = ma.fields.Date(load_default=None)
    count = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=200))
    skills = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=30)), required=True,
                            validate=ma.validate.Length(min=1, max=20))
    has_consent = ma.fields.Boolean(load_default=False)
    citizen_name = ma.fields.String(load_default="", validate=ma.validate.Length(max=120))
    citizen_phone = ma.fields.String(load_default="", validate=ma.validate.Length(max=30))


class RecordOut(ma.Schema):
    id = ma.fields.Integer()
    member_id = ma.fields.Integer()
    site_id = ma.fields.Integer()
    guided_on = ma.fields.Date()
    count = ma.fields.Integer()
    skills = ma.fields.Function(lambda r: r.skill_keys)
    has_consent = ma.fields.Boolean()
    recorded_at = ma.fields.AwareDateTime()
    member_total = ma.fields.Integer()


class BucketSchema(ma.Schema):
    members = ma.fields.Integer()
    target = ma.fields.Integer()
    guided = ma.fields.Integer()
    members_done = ma.fields.Integer()
    members_behind = ma.fields.Integer()
    percent = ma.fields.Float()


class PlaceBucketSchema(BucketSchema):
    site_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    district = ma.fields.String()


class LevelBucketSchema(BucketSchema):
    level = ma.fields.String()
    label = ma.fields.String()


class SkillTotalSchema(ma.Schema):
    key = ma.fields.String()
    label = ma.fields.String()
    guided = ma.fields.Integer()


class DayTotalSchema(ma.Schema):
    day = ma.fields.String()
    guided = ma.fields.Integer()


class MemberProgressSchema(ma.Schema):
    member_id = ma.fields.Integer()
    full_name = ma.fields.String()
    role = ma.fields.String()
    phone = ma.fields.String()
    level = ma.fields.String()
    village = ma.fields.String()
    site_id = ma.fields.Integer()
    site_code = ma.fields.String()
    site_name = ma.fields.String()
    district = ma.fields.String()
    guided = ma.fields.Integer()
    target = ma.fields.Integer()
    is_behind = ma.fields.Boolean()
    by_skill = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())


class ProgressSchema(ma.Schema):
    campaign_id = ma.fields.Integer()
    title = ma.fields.String()
    target_per_member = ma.fields.Integer()
    opens_at = ma.fields.AwareDateTime()
    closes_at = ma.fields.AwareDateTime()
    records = ma.fields.Integer()
    totals = ma.fields.Nested(BucketSchema)
    by_level = ma.fields.List(ma.fields.Nested(LevelBucketSchema))
    by_district = ma.fields.List(ma.fields.Nested(PlaceBucketSchema))
    by_commune = ma.fields.List(ma.fields.Nested(PlaceBucketSchema))
    by_skill = ma.fields.List(ma.fields.Nested(SkillTotalSchema))
    by_day = ma.fields.List(ma.fields.Nested(DayTotalSchema))
    members = ma.fields.List(ma.fields.Nested(MemberProgressSchema))
    behind = ma.fields.List(ma.fields.Nested(MemberProgressSchema))
