"""API shapes of check-ins, offline batches and attendance counts."""
import json

import marshmallow as ma
from flask import current_app

from ceremony.attendance.cards import DelegateCard
from ceremony.attendance.models import CheckInMethod, ScanResult

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
    # A queued scan is never refused for its text: whatever the camera read (a Wi-Fi QR, a long URL)
    # is kept cut to 300 characters and answered "unreadable", so one odd code cannot block a queue.
    text = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=100_000))
    token = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=100_000))
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
    tier = ma.fields.String(validate=ma.validate.OneOf(["province", "district", "commune"]))


class AttendanceDelegateSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    title = ma.fields.String()
    unit = ma.fields.String()
    zone = ma.fields.String()
    seat = ma.fields.String()
    is_vip = ma.fields.Boolean()
    site = ma.fields.Nested(AttendanceSiteRefSchema)


class ArrivalSchema(ma.Schema):
    checked_in_at = ma.fields.AwareDateTime()
    gate = ma.fields.String()
    method = ma.fields.String(validate=ma.validate.OneOf([m.value for m in CheckInMethod]))
    is_late = ma.fields.Boolean()
    late_segment = ma.fields.String()


class CheckinOutcomeSchema(ma.Schema):
    result = ma.fields.String(metadata={"enum": RESULTS})
    delegate = ma.fields.Nested(AttendanceDelegateSchema, allow_none=True)
    first_checkin = ma.fields.Nested(ArrivalSchema, allow_none=True)
    replayed = ma.fields.Boolean()
    is_conflict = ma.fields.Boolean()
    nonce = ma.fields.String(allow_none=True)
    reason = ma.fields.String(metadata={"description": "why a scan was refused: replaced, withdrawn, unknown, "
                                                       "unknown_code, other_ceremony, letter_number, mistyped, "
                                                       "excluded_characters, length, not_a_code; empty otherwise"})
    message = ma.fields.String(metadata={"description": "the gate's sentence: why refused and what to do"})


def delegate_payload(delegate) -> dict | None:
    """A delegate (a gate's ``DelegateCard`` or an ORM delegate) as the API shows it, read while the
    session is still fresh."""
    if delegate is None:
        return None
    return (delegate if isinstance(delegate, DelegateCard) else DelegateCard.of(delegate)).payload()


def checkin_payload(checkin) -> dict | None:
    if checkin is None:
        return None
    return {"checked_in_at": checkin.checked_in_at, "gate": checkin.gate, "method": checkin.method.value,
            "is_late": checkin.is_late, "late_segment": checkin.late_segment_title}


def outcome_payload(outcome) -> dict:
    """The answer to a scan as plain data, built before the commit expires the objects it reads."""
    from ceremony.attendance.answers import message

    return {"result": outcome.result.value, "delegate": delegate_payload(outcome.delegate),
            "first_checkin": checkin_payload(outcome.checkin), "replayed": outcome.replayed,
            "is_conflict": outcome.is_conflict, "nonce": outcome.scan.nonce if outcome.scan else None,
            "reason": outcome.reason, "message": message(outcome, outcome.scan.text if outcome.scan else "")}


def outcome_response(payload: dict):
    """``payload`` (``outcome_payload``) as the JSON answer CheckinOutcomeSchema would dump, without
    marshmallow: the check-in's time as ISO 8601."""
    first = payload["first_checkin"]
    if first is not None and first["checked_in_at"] is not None:
        payload = {**payload, "first_checkin": {**first, "checked_in_at": first["checked_in_at"].isoformat()}}
    return current_app.response_class(json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                                      mimetype="application/json")


class ScanUploadSchema(ma.Schema):
    accepted = ma.fields.Integer()
    conflicts = ma.fields.Integer()
    results = ma.fields.List(ma.fields.Nested(CheckinOutcomeSchema))


class AttendanceCountSchema(ma.Schema):
    invited = ma.fields.Integer()
    present = ma.fields.Integer()


class AttendanceTierCountSchema(AttendanceCountSchema):
    tier = ma.fields.String(validate=ma.validate.OneOf(["province", "district", "commune"]))


class AttendanceCategoryCountSchema(AttendanceCountSchema):
    category_id = ma.fields.Integer(allow_none=True)
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String(validate=ma.validate.OneOf(["province", "district", "commune"]))


class AttendanceSiteCountSchema(AttendanceCountSchema):
    site_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String(validate=ma.validate.OneOf(["province", "district", "commune"]))
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
    rsvp = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer(),
                          metadata={"description": "invitations per RSVP status: pending, attending, declined, "
                                                   "substituted"})
    scans = ma.fields.Integer()
    conflicts = ma.fields.Integer()


class GateSiteSchema(ma.Schema):
    id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    tier = ma.fields.String(validate=ma.validate.OneOf(["province", "district", "commune"]))


class GateListArgs(ma.Schema):
    site = ma.fields.String(validate=ma.validate.Length(min=1, max=20), metadata={
        "description": "the gate's bridge point (code or id); default: the province's own point (the venue)"})
    since = ma.fields.AwareDateTime(metadata={
        "description": "the ``version`` of the list the gate holds: answer only what changed since (a delta)"})


class GateListSchema(ma.Schema):
    ceremony_id = ma.fields.Integer()
    generated_at = ma.fields.AwareDateTime()
    version = ma.fields.AwareDateTime(metadata={"description": "pass as ``since`` for the next delta"})
    full = ma.fields.Boolean(metadata={"description": "true: the whole list (replace); false: a delta (merge "
                                                     "by token_hash)"})
    site = ma.fields.Nested(GateSiteSchema, allow_none=True, metadata={"description": "the gate's point"})
    sites = ma.fields.List(ma.fields.Nested(GateSiteSchema), metadata={
        "description": "the points the gate serves: its own and those meeting in the same hall"})
    hash = ma.fields.String(metadata={"description": "how codes are hashed: the first 9 bytes of the SHA-256 of the "
                                                     "UTF-8 token (or 8-character short code), base64url"})
    fields = ma.fields.List(ma.fields.String(), metadata={"description": "the meaning of each item's columns"})
    items = ma.fields.List(ma.fields.List(ma.fields.Raw()), metadata={
        "description": "one row per invitation, in the order of ``fields``: token_hash, code_hash, delegate_id, "
                       "name, title, unit, zone, seat, is_vip (0/1), revoked (0/1), replaced_by (the "
                       "substitute's name or null), checked_in_at (or null), gate, site (index in ``sites``)"})


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
