"""JSON API: issue invitations, print their letters (Giấy mời), set what every letter shares, and the
delegate's own answers (RSVP, send a substitute) authorised by the invitation token, as on the page."""
import sqlalchemy as sa
from flask import Response
from flask_babel import gettext as _
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.errors import InvalidInput
from ceremony.core.openapi import PDF, file_response
from ceremony.delegates import jobs, queries
from ceremony.delegates.api import job_accepted
from ceremony.delegates.printing import api_selection, letter_batch
from ceremony.delegates.schemas import DelegateJobSchema
from ceremony.extensions import db
from ceremony.invitations import rsvp
from ceremony.invitations.letter import stream_letters
from ceremony.invitations.models import Invitation
from ceremony.invitations.operations import issue_invitations as issue
from ceremony.invitations.operations import reissue_invitation as reissue
from ceremony.invitations.operations import update_letter_settings
from ceremony.invitations.operations import withdraw_invitation as withdraw
from ceremony.invitations.queries import letter_settings, letter_warnings, no_longer_invited
from ceremony.invitations.schemas import (InvitationChangeArgs, InvitationIssueResultSchema, InvitationIssueSchema,
                                          InvitationLetterArgs, IssuedInvitationSchema, LetterSettingsResultSchema,
                                          LetterSettingsSchema, PublicInvitationSchema, RsvpArgs, SubstituteArgs,
                                          public_payload)

blp = Blueprint("invitations_api", __name__, description="Invitations and their letters")
WARNINGS_HEADER = "X-Letter-Warnings"
PDF_RESPONSE = file_response(PDF, description="the letters, one A4 page each; the header X-Letter-Warnings "
                                              "lists the codes of getLetterSettings' warnings (blank signer, date "
                                              "after the event, ...) when there are any")
PDF_RESPONSE["200"]["headers"][WARNINGS_HEADER] = {"schema": {"type": "string"},
                                                   "description": "comma-separated warning codes"}
PDF_RESPONSE.update({
    "409": {"description": "a delegate of the selection has no invitation yet: `errors` names them"},
    "422": {"description": "invalid query, or the font lacks a character of a name: `errors` names each delegate"},
})


@blp.route("/ceremonies/<int:ceremony_id>/invitations", methods=["POST"])
@blp.arguments(InvitationIssueSchema)
@blp.response(201, InvitationIssueResultSchema)
@blp.alt_response(202, schema=DelegateJobSchema, description="`background`: the job issuing them by batches")
@blp.alt_response(409, description="`background`: another import or invitation issue of this ceremony is running")
@blp.doc(operationId="issueInvitations")
@require_api_roles("organizer")
def issue_invitations(args, ceremony_id):
    """Issue invitations (signed QR token and short code) to the delegates who have none; idempotent.
    Delegates replaced by a substitute or withdrawn are passed by (``skipped``), never invited again.
    ``background``: every missing one of the ceremony, by a job in batches (202, ``getDelegateJob``)."""
    ceremony = get_ceremony(ceremony_id)
    if args["background"]:
        if args.get("delegate_ids") is not None or args.get("site"):
            raise InvalidInput(_("A background issue is for the whole ceremony: leave out delegate_ids and site."),
                               field="background")
        job = jobs.queue_invitations(ceremony.id, requested_by=api_user().email)
        db.session.commit()
        jobs.start(job)
        return job_accepted(job)
    ids = args.get("delegate_ids")
    site = queries.site_for(ceremony.id, args.get("site"))
    if site is not None:
        f = queries.DelegateFilter(ceremony.id, site_id=site.id, delegate_ids=ids)
        ids = queries.delegate_ids(f)
    before = set(db.session.scalars(sa.select(Invitation.id).where(Invitation.ceremony_id == ceremony.id)))
    invitations = issue(ceremony.id, ids)
    skipped = sorted(no_longer_invited(ceremony.id, ids))
    db.session.commit()
    return {"issued": sum(1 for i in invitations if i.id not in before), "total": len(invitations),
            "skipped": skipped, "invitations": invitations}


def pdf_response(chunks, filename: str, warnings: list[dict] | None = None) -> Response:
    response = Response(chunks, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if warnings:
        response.headers[WARNINGS_HEADER] = ",".join(w["code"] for w in warnings)
    return response


@blp.route("/ceremonies/<int:ceremony_id>/invitations/letters.pdf")
@blp.arguments(InvitationLetterArgs, location="query")
@blp.doc(operationId="getInvitationPdf", responses=PDF_RESPONSE)
@require_api_roles("organizer", "operator")
def get_invitation_pdf(args, ceremony_id):
    """The Giấy mời of one delegate, or of every delegate of a bridge point or ceremony, as one PDF.
    Every letter carries the ceremony's one number, date and signer (updateLetterSettings)."""
    ceremony = get_ceremony(ceremony_id)
    f, site = api_selection(ceremony, args, api_user(), "letters")
    delegate_id = args.get("delegate_id")
    batch = letter_batch(ceremony, f)
    name = f"giay-moi-{ceremony.slug}" + (f"-{site.code}" if site else "") + (f"-{delegate_id}" if delegate_id else "")
    return pdf_response(stream_letters(batch.head, batch.letters), f"{name}.pdf", batch.warnings)


def _settings_payload(ceremony) -> dict:
    settings = letter_settings(ceremony.id)
    fields = ("number", "symbol", "letter_date", "signer_authority", "signer_title", "signer_name", "updated_at")
    number = settings.number or "\u2026"
    return {**{f: getattr(settings, f) for f in fields}, "number_text": f"Số: {number}/{settings.symbol}",
            "warnings": letter_warnings(ceremony, settings)}


@blp.route("/ceremonies/<int:ceremony_id>/invitations/letter-settings")
@blp.response(200, LetterSettingsResultSchema)
@blp.doc(operationId="getLetterSettings")
@require_api_roles("organizer", "operator")
def get_letter_settings(ceremony_id):
    """The number, date and signer every Giấy mời of the ceremony carries, with the warnings that
    printing would give (blank number, date or signer; a date after the ceremony)."""
    return _settings_payload(get_ceremony(ceremony_id))


@blp.route("/ceremonies/<int:ceremony_id>/invitations/letter-settings", methods=["PUT"])
@blp.arguments(LetterSettingsSchema)
@blp.response(200, LetterSettingsResultSchema)
@blp.doc(operationId="updateLetterSettings")
@require_api_roles("organizer")
def put_letter_settings(args, ceremony_id):
    """Set the letters' number, date and signer once for the ceremony (fields not sent are kept)."""
    ceremony = get_ceremony(ceremony_id)
    update_letter_settings(ceremony.id, args)
    db.session.commit()
    return _settings_payload(ceremony)


@blp.route("/ceremonies/<int:ceremony_id>/delegates/<int:delegate_id>/invitation/reissue", methods=["POST"])
@blp.arguments(InvitationChangeArgs)
@blp.response(201, IssuedInvitationSchema)
@blp.doc(operationId="reissueInvitation")
@require_api_roles("organizer")
def reissue_invitation(args, ceremony_id, delegate_id):
    """Revoke a delegate's invitation (lost, leaked) and issue a new one: the old QR and code check
    nobody in. Also invites a withdrawn delegate again; never one replaced by a substitute."""
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


TOKEN_AUTH = {"security": [], "description": "Authorised by the invitation token in the path, as the "
                                             "delegate's own page /i/{token}: no account needed."}


@blp.route("/invitations/<string:token>")
@blp.response(200, PublicInvitationSchema)
@blp.doc(operationId="getInvitationByToken", **TOKEN_AUTH)
def get_by_token(token):
    """An invitation as its delegate sees it: ceremony, point, seat, short code, RSVP, who replaced whom."""
    return public_payload(rsvp.invitation_for_page(token))


@blp.route("/invitations/<string:token>/rsvp", methods=["POST"])
@blp.arguments(RsvpArgs)
@blp.response(200, PublicInvitationSchema)
@blp.doc(operationId="respondToInvitation", **TOKEN_AUTH)
def respond(args, token):
    """The delegate attends or declines (they may change their mind until the invitation is revoked)."""
    invitation = rsvp.respond(rsvp.invitation_for_page(token), args["answer"])
    payload = public_payload(invitation)
    db.session.commit()
    return payload


@blp.route("/invitations/<string:token>/substitute", methods=["POST"])
@blp.arguments(SubstituteArgs)
@blp.response(201, IssuedInvitationSchema)
@blp.doc(operationId="sendSubstitute", **TOKEN_AUTH)
def send_substitute(args, token):
    """Send someone in the delegate's place: the original's QR and code are revoked at once, the
    substitute gets an invitation (letter, badge, short code) of their own, returned here."""
    invitation = rsvp.send_substitute(rsvp.invitation_for_page(token), args["full_name"], args["title"],
                                      args["phone"])
    db.session.commit()
    return invitation
