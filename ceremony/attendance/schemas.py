"""API shapes of check-ins, offline batches and attendance counts."""
import marshmallow as ma

from ceremony.attendance.models import ScanResult

RESULTS = [r.value for r in ScanResult]


class RedeemCheckinArgs(ma.Schema):
    text = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=2000),
                            metadata={"description": "what the scanner read or the person typed: the QR's "
                                                     "URL or the bare token"})
    token = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=2000), metadata={"description": "alias of text"})
    delegate_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1),
                                    metadata={"description": "instead of text: a delegate picked from a name search"})
    gate = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=60))
    device = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    nonce = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80),
                             metadata={"description": "unique per device: a retried request is recorded once"})
    method = ma.fields.String(load_default="scan", validate=ma.validate.OneOf(["scan", "typed", "search"]))

    @ma.validates_schema
    def one_of_text_or_delegate(self, data, **kwargs):
        if not (data.get("text") or data.get("token")) and not data.get("delegate_id"):
            raise ma.ValidationError("give the scanned text (or token) or a delegate_id", "text")


class OfflineScanArgs(RedeemCheckinArgs):
    scanned_at = ma.fields.AwareDateTime(required=True, metadata={"description": "the gate's clock"})
    local_result = ma.fields.String(load_default="", validate=ma.validate.OneOf(RESULTS + [""]),
                                    metadata={"description": "what the offline gate showed"})


class ScanUploadArgs(ma.Schema):
    scans = ma.fields.List(ma.fields.Nested(OfflineScanArgs), required=True,
                           validate=ma.validate.Length(min=1, max=1000))


class AttendanceSiteRefSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.Function(lambda s: s.tier.value)


class AttendanceDelegateSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.Function(lambda d: d.person.full_name)
    title = ma.fields.Function(lambda d: d.person.title)
    unit = ma.fields.Function(lambda d: d.person.organisation.name if d.person.organisation else "")
    zone = ma.fields.String()
    seat = ma.fields.String()
    is_vip = ma.fields.Boolean()
    site = ma.fields.Nested(AttendanceSiteRefSchema)


class ArrivalSchema(ma.Schema):
    checked_in_at = ma.fields.AwareDateTime()
    gate = ma.fields.String()
    method = ma.fields.Function(lambda c: c.method.value)
    is_late = ma.fields.Boolean()
    late_segment = ma.fields.String(attribute="late_segment_title")


class CheckinOutcomeSchema(ma.Schema):
    result = ma.fields.Function(lambda o: o.result.value, metadata={"enum": RESULTS})
    delegate = ma.fields.Nested(AttendanceDelegateSchema, allow_none=True)
    first_checkin = ma.fields.Nested(ArrivalSchema, attribute="checkin", allow_none=True)
    replayed = ma.fields.Boolean()
    is_conflict = ma.fields.Boolean()
    nonce = ma.fields.Function(lambda o: o.scan.nonce if o.scan else None)


class ScanUploadSchema(ma.Schema):
    accepted = ma.fields.Integer()
    conflicts = ma.fields.Integer()
    results = ma.fields.List(ma.fields.Nested(CheckinOutcomeSchema))


class AttendanceCountSchema(ma.Schema):
    invited = ma.fields.Integer()
    present = ma.fields.Integer()


class AttendanceTierCountSchema(AttendanceCountSchema):
    tier = ma.fields.String()


class AttendanceCategoryCountSchema(AttendanceCountSchema):
    category_id = ma.fields.Integer(allow_none=True)
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String()


class AttendanceSiteCountSchema(AttendanceCountSchema):
    site_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String()
    headcount = ma.fields.Integer(allow_none=True)
    headcount_at = ma.fields.AwareDateTime(allow_none=True)


class AttendanceSchema(AttendanceCountSchema):
    ceremony_id = ma.fields.Integer()
    late = ma.fields.Integer()
    vip = ma.fields.Nested(AttendanceCountSchema)
    by_tier = ma.fields.List(ma.fields.Nested(AttendanceTierCountSchema))
    by_category = ma.fields.List(ma.fields.Nested(AttendanceCategoryCountSchema))
    by_site = ma.fields.List(ma.fields.Nested(AttendanceSiteCountSchema))
    headcount_total = ma.fields.Integer()
    scans = ma.fields.Integer()
    conflicts = ma.fields.Integer()


class GateEntrySchema(ma.Schema):
    token = ma.fields.String()
    revoked = ma.fields.Boolean()
    delegate_id = ma.fields.Integer()
    name = ma.fields.String()
    title = ma.fields.String()
    zone = ma.fields.String()
    seat = ma.fields.String()
    is_vip = ma.fields.Boolean()
    checked_in_at = ma.fields.AwareDateTime(allow_none=True)
    gate = ma.fields.String(allow_none=True)


class GateListSchema(ma.Schema):
    ceremony_id = ma.fields.Integer()
    generated_at = ma.fields.AwareDateTime()
    items = ma.fields.List(ma.fields.Nested(GateEntrySchema))


class CheckinSearchArgs(ma.Schema):
    q = ma.fields.String(required=True, validate=ma.validate.Length(min=2, max=100))


class CheckinCandidateSchema(AttendanceDelegateSchema):
    checkin = ma.fields.Nested(ArrivalSchema, allow_none=True)


class CheckinCandidatesSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(CheckinCandidateSchema))


class PointHeadcountArgs(ma.Schema):
    count = ma.fields.Integer(required=True, validate=ma.validate.Range(min=0, max=100_000))


class PointHeadcountSchema(ma.Schema):
    site_id = ma.fields.Integer()
    count = ma.fields.Integer()
    reported_at = ma.fields.AwareDateTime()
