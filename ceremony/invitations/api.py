"""JSON API: issue invitations and print their letters (Giấy mời) as PDF."""
from datetime import date

import marshmallow as ma
import sqlalchemy as sa
from flask import Response
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.errors import InvalidInput
from ceremony.core.openapi import PDF, file_response
from ceremony.delegates import queries
from ceremony.delegates.printing import api_selection, invited_selection, letter_for, letter_head
from ceremony.extensions import db
from ceremony.invitations.models import Invitation, RsvpStatus
from ceremony.invitations.letter import glyph_problems, stream_letters
from ceremony.invitations.operations import issue_invitations as issue
from ceremony.invitations.operations import reissue_invitation as reissue
from ceremony.invitations.operations import withdraw_invitation as withdraw
from ceremony.invitations.tokens import invitation_url

blp = Blueprint("invitations_api", __name__, description="Invitations and their letters")
PDF_RESPONSE = {**file_response(PDF, description="the letters, one A4 page each"),
                "409": {"description": "a delegate of the selection has no invitation yet: `errors` names them"},
                "422": {"description": "invalid query, or the font lacks a character of a name: `errors` names "
                                       "each delegate"}}


class InvitationIssueSchema(ma.Schema):
    delegate_ids = ma.fields.List(ma.fields.Integer(strict=True, validate=ma.validate.Range(min=1, max=2**31 - 1)),
                                  metadata={"description": "only these delegates (default: every delegate)"})
    site = ma.fields.String(metadata={"description": "only the delegates of this bridge point (code or id)"})


class IssuedInvitationSchema(ma.Schema):
    delegate_id = ma.fields.Integer()
    serial = ma.fields.Integer()
    token = ma.fields.String()
    url = ma.fields.Function(lambda i: invitation_url(i.token), metadata={"type": "string"})
    rsvp_status = ma.fields.Enum(RsvpStatus, by_value=True)
    revoked_at = ma.fields.AwareDateTime(allow_none=True)


class InvitationIssueResultSchema(ma.Schema):
    issued = ma.fields.Integer(metadata={"description": "invitations created by this call"})
    total = ma.fields.Integer()
    invitations = ma.fields.List(ma.fields.Nested(IssuedInvitationSchema))


class InvitationLetterArgs(ma.Schema):
    delegate_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1),
                                    metadata={"description": "one delegate's letter"})
    site = ma.fields.String(metadata={"description": "every letter of a bridge point (code or id)"})
    category = ma.fields.String(metadata={"description": "composition category code"})
    signer_name = ma.fields.String(load_default="", validate=ma.validate.Length(max=120))
    signer_title = ma.fields.String(load_default="", validate=ma.validate.Length(max=120),
                                    metadata={"description": "default CHÁNH VĂN PHÒNG"})
    signer_authority = ma.fields.String(load_default="", validate=ma.validate.Length(max=60),
                                        metadata={"description": "default TL. CHỦ TỊCH (or KT. CHỦ TỊCH)"})
    letter_date = ma.fields.Date(metadata={"description": "date printed on the letters (default: date issued)"})


@blp.route("/ceremonies/<int:ceremony_id>/invitations", methods=["POST"])
@blp.arguments(InvitationIssueSchema)
@blp.response(201, InvitationIssueResultSchema)
@blp.doc(operationId="issueInvitations")
@require_api_roles("organizer")
def issue_invitations(args, ceremony_id):
    """Issue invitations (signed QR tokens) to the delegates who have none; idempotent."""
    ceremony = get_ceremony(ceremony_id)
    ids = args.get("delegate_ids")
    site = queries.site_for(ceremony.id, args.get("site"))
    if site is not None:
        f = queries.DelegateFilter(ceremony.id, site_id=site.id, delegate_ids=ids)
        ids = [d.id for d in queries.list_delegates(f)]
    before = set(db.session.scalars(sa.select(Invitation.id).where(Invitation.ceremony_id == ceremony.id)))
    invitations = issue(ceremony.id, ids)
    db.session.commit()
    return {"issued": sum(1 for i in invitations if i.id not in before), "total": len(invitations),
            "invitations": invitations}


def pdf_response(chunks, filename: str) -> Response:
    response = Response(chunks, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@blp.route("/ceremonies/<int:ceremony_id>/invitations/letters.pdf")
@blp.arguments(InvitationLetterArgs, location="query")
@blp.doc(operationId="getInvitationPdf", responses=PDF_RESPONSE)
@require_api_roles("organizer", "operator")
def get_invitation_pdf(args, ceremony_id):
    """The Giấy mời of one delegate, or of every delegate of a bridge point or ceremony, as one PDF."""
    ceremony = get_ceremony(ceremony_id)
    f, site = api_selection(ceremony, args, api_user(), "letters")
    delegate_id = args.get("delegate_id")
    selection = invited_selection(f)
    issued_on: date | None = args.get("letter_date")
    letters = [letter_for(ceremony, d, i, issued_on) for d, i in selection]
    problems = glyph_problems(letters)
    if problems:
        raise InvalidInput(f"the letter font cannot draw {problems[0]['characters'][0]!r} in the name of "
                           f"{problems[0]['full_name']}", field=problems[0]["field"], details=problems)
    head = letter_head(ceremony, signer_name=args["signer_name"], signer_title=args["signer_title"],
                       signer_authority=args["signer_authority"])
    name = f"giay-moi-{ceremony.slug}" + (f"-{site.code}" if site else "") + (f"-{delegate_id}" if delegate_id else "")
    return pdf_response(stream_letters(head, letters), f"{name}.pdf")


class InvitationChangeArgs(ma.Schema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200),
                              metadata={"description": "why: kept with the revoked invitation"})


@blp.route("/ceremonies/<int:ceremony_id>/delegates/<int:delegate_id>/invitation/reissue", methods=["POST"])
@blp.arguments(InvitationChangeArgs)
@blp.response(201, IssuedInvitationSchema)
@blp.doc(operationId="reissueInvitation")
@require_api_roles("organizer")
def reissue_invitation(args, ceremony_id, delegate_id):
    """Revoke a delegate's invitation (lost, leaked) and issue a new one: the old QR checks nobody in."""
    get_ceremony(ceremony_id)
    invitation = reissue(ceremony_id, delegate_id, args["reason"])
    db.session.commit()
    return invitation


@blp.route("/ceremonies/<int:ceremony_id>/delegates/<int:delegate_id>/invitation/revoke", methods=["POST"])
@blp.arguments(InvitationChangeArgs)
@blp.response(200, IssuedInvitationSchema)
@blp.doc(operationId="revokeInvitation")
@require_api_roles("organizer")
def revoke_invitation(args, ceremony_id, delegate_id):
    """Revoke a delegate's invitation without a new one (the delegate no longer comes)."""
    get_ceremony(ceremony_id)
    invitation = withdraw(ceremony_id, delegate_id, args["reason"])
    db.session.commit()
    return invitation
