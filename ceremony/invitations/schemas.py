"""API shapes of invitations, their letters, letter settings, RSVP and substitutes."""
import marshmallow as ma

from ceremony.invitations.models import RsvpStatus
from ceremony.invitations.codes import grouped
from ceremony.invitations.tokens import invitation_url

ID = ma.validate.Range(min=1, max=2**31 - 1)


class InvitationIssueSchema(ma.Schema):
    delegate_ids = ma.fields.List(ma.fields.Integer(strict=True, validate=ID),
                                  metadata={"description": "only these delegates (default: every delegate)"})
    site = ma.fields.String(metadata={"description": "only the delegates of this bridge point (code or id)"})
    background = ma.fields.Boolean(load_default=False, metadata={
        "description": "issue every missing invitation of the ceremony by a job, in batches (HTTP 202; follow "
                       "it with getDelegateJob): for a national list; not with delegate_ids or site"})


class IssuedInvitationSchema(ma.Schema):
    delegate_id = ma.fields.Integer()
    serial = ma.fields.Integer(metadata={"description": "internal running number (the letter's Số is the "
                                                        "ceremony's: see getLetterSettings)"})
    token = ma.fields.String()
    short_code = ma.fields.String(metadata={"description": "8 characters printed under the QR, typed at the gate"})
    short_code_display = ma.fields.Function(lambda i: grouped(i.short_code),
                                            metadata={"description": "grouped as printed: ABCD-EFGH"})
    url = ma.fields.Function(lambda i: invitation_url(i.token), metadata={"type": "string"})
    rsvp_status = ma.fields.Enum(RsvpStatus, by_value=True)
    revoked_at = ma.fields.AwareDateTime(allow_none=True)
    substitute_for_id = ma.fields.Integer(allow_none=True, metadata={"description": "the invitation replaced"})


class InvitationIssueResultSchema(ma.Schema):
    issued = ma.fields.Integer(metadata={"description": "invitations created by this call"})
    total = ma.fields.Integer()
    skipped = ma.fields.List(ma.fields.Integer(), metadata={
        "description": "delegates passed by: replaced by a substitute or withdrawn (never invited again in bulk)"})
    invitations = ma.fields.List(ma.fields.Nested(IssuedInvitationSchema))


class InvitationLetterArgs(ma.Schema):
    delegate_id = ma.fields.Integer(validate=ID, metadata={"description": "one delegate's letter"})
    site = ma.fields.String(metadata={"description": "every letter of a bridge point (code or id)"})
    category = ma.fields.String(metadata={"description": "composition category code"})


class LetterWarningSchema(ma.Schema):
    code = ma.fields.String(metadata={"enum": [
        "number_missing", "letter_date_missing", "letter_date_after_event", "letter_date_long_before",
        "signer_title_missing", "signer_name_missing"]})
    message = ma.fields.String()


class LetterSettingsSchema(ma.Schema):
    number = ma.fields.String(validate=ma.validate.Length(max=20),
                              metadata={"description": "the letter's number, e.g. 125 of \"Số: 125/GM-UBND\"; "
                                                       "blank prints a blank for the clerk"})
    symbol = ma.fields.String(validate=ma.validate.Length(min=1, max=40),
                              metadata={"description": "the document symbol (ký hiệu), default GM-UBND"})
    letter_date = ma.fields.Date(allow_none=True, metadata={"description": "the date on every letter"})
    signer_authority = ma.fields.String(validate=ma.validate.Length(max=60),
                                        metadata={"description": "TL. CHỦ TỊCH, KT. CHỦ TỊCH, ..."})
    signer_title = ma.fields.String(validate=ma.validate.Length(max=120))
    signer_name = ma.fields.String(validate=ma.validate.Length(max=120))


class LetterSettingsResultSchema(LetterSettingsSchema):
    number_text = ma.fields.String(metadata={"description": "as printed: Số: 125/GM-UBND"})
    warnings = ma.fields.List(ma.fields.Nested(LetterWarningSchema))
    updated_at = ma.fields.AwareDateTime(allow_none=True)


class InvitationChangeArgs(ma.Schema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                              metadata={"description": "why: kept with the revoked invitation"})


class RsvpArgs(ma.Schema):
    answer = ma.fields.String(required=True, validate=ma.validate.OneOf(["attending", "declined"]))


class SubstituteArgs(ma.Schema):
    full_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    title = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    phone = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=30))


class PersonRefSchema(ma.Schema):
    delegate_id = ma.fields.Integer()
    full_name = ma.fields.String()


class PublicInvitationSchema(ma.Schema):
    """What the invitation's own page shows, as data."""

    ceremony_id = ma.fields.Integer()
    ceremony_title = ma.fields.String()
    starts_at = ma.fields.AwareDateTime()
    delegate = ma.fields.Nested(PersonRefSchema)
    point = ma.fields.String()
    zone = ma.fields.String()
    seat = ma.fields.String()
    short_code = ma.fields.String()
    short_code_display = ma.fields.String()
    url = ma.fields.String()
    rsvp_status = ma.fields.String(metadata={"enum": ["pending", "attending", "declined", "substituted"]})
    revoked = ma.fields.Boolean()
    substitute_for = ma.fields.Nested(PersonRefSchema, allow_none=True,
                                      metadata={"description": "the delegate this person stands in for"})
    replaced_by = ma.fields.Nested(PersonRefSchema, allow_none=True,
                                   metadata={"description": "who came in this delegate's place"})


def person_ref(delegate) -> dict | None:
    return {"delegate_id": delegate.id, "full_name": delegate.person.full_name} if delegate is not None else None


def public_payload(invitation) -> dict:
    delegate, ceremony = invitation.delegate, invitation.ceremony
    return {"ceremony_id": ceremony.id, "ceremony_title": ceremony.title, "starts_at": ceremony.starts_at,
            "delegate": person_ref(delegate), "point": delegate.site.name, "zone": delegate.zone,
            "seat": delegate.seat, "short_code": invitation.short_code,
            "short_code_display": grouped(invitation.short_code), "url": invitation_url(invitation.token),
            "rsvp_status": invitation.rsvp_status.value, "revoked": invitation.is_revoked,
            "substitute_for": person_ref(delegate.substitute_for), "replaced_by": person_ref(delegate.replaced_by)}
