"""JSON API: team members, campaigns, the records members send, progress against target."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from ceremony.campaign import access, operations, queries
from ceremony.campaign.i18n import _
from ceremony.campaign.schemas import (CampaignIn, CampaignPatch, CampaignSchema, ImportArgs, ImportResult,
                                       MemberIn, MemberListArgs, MemberPageSchema, MemberPatch, MemberSchema,
                                       ProgressSchema, RecordIn, RecordOut)
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles, user_covers_site
from ceremony.core.errors import Forbidden, InvalidInput
from ceremony.core.paging import paginate
from ceremony.core.wording import in_sentence
from ceremony.extensions import db
from ceremony.sites.queries import get_site, get_site_by_code

blp = Blueprint("campaign_api", __name__, description="Community technology teams and per-member campaigns")
RECORD_AUTH = ("Bearer token of an organizer or an operator covering the member's point, the point's operator "
               "link token in X-Site-Token, or the member's own link token in X-Member-Token")
IMPORT_BODY = {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
    "file": {"type": "string", "format": "binary", "description": "the team list (.xlsx)"}}}}}}


def _site_from(ceremony_id: int, body: dict):
    if body.get("site_id"):
        return get_site(body["site_id"], ceremony_id)
    if body.get("site_code"):
        return get_site_by_code(ceremony_id, body["site_code"])
    raise InvalidInput(_("give site_id or site_code"), field="site_id")


def _covering(site):
    user = api_user()
    if not user_covers_site(user, site):
        raise Forbidden(_("you do not answer for %(site)s", site=in_sentence(site.name)))
    return user


@blp.route("/ceremonies/<int:ceremony_id>/team-members")
@blp.arguments(MemberListArgs, location="query")
@blp.response(200, MemberPageSchema)
@blp.doc(operationId="listTeamMembers", description="Bearer token, or a point's operator link in X-Site-Token")
def list_team_members(args, ceremony_id):
    """The members of the community technology teams (an operator or a point's link: its own points)."""
    get_ceremony(ceremony_id)
    token = request.headers.get("X-Site-Token")
    if token:
        site = access.site_from_token(token)
        if site.ceremony_id != ceremony_id:
            raise Forbidden(_("this operator link belongs to another point"))
        visible = {site.id}
    else:
        visible = access.visible_site_ids(ceremony_id, api_user())
    site_id = get_site_by_code(ceremony_id, args["site_code"]).id if args.get("site_code") else None
    return paginate(queries.members_query(ceremony_id, visible, site_id), args["page"], args["per_page"])


@blp.route("/ceremonies/<int:ceremony_id>/team-members", methods=["POST"])
@blp.arguments(MemberIn)
@blp.response(201, MemberSchema)
@blp.doc(operationId="createTeamMember")
@require_api_roles("organizer", "operator")
def create_team_member(body, ceremony_id):
    """Add a member to a point's team (level province, district, commune or village)."""
    get_ceremony(ceremony_id)
    site = _site_from(ceremony_id, body)
    _covering(site)
    member = operations.create_member(site, full_name=body["full_name"], phone=body["phone"], role=body["role"],
                                      level=body["level"], village=body["village"])
    db.session.commit()
    return member


@blp.route("/ceremonies/<int:ceremony_id>/team-members/<int:member_id>", methods=["PATCH"])
@blp.arguments(MemberPatch)
@blp.response(200, MemberSchema)
@blp.doc(operationId="updateTeamMember")
@require_api_roles("organizer", "operator")
def update_team_member(body, ceremony_id, member_id):
    """Change a member's name, phone, role, level or village."""
    member = queries.get_member(ceremony_id, member_id)
    _covering(member.site)
    operations.update_member(member, **body)
    db.session.commit()
    return member


@blp.route("/ceremonies/<int:ceremony_id>/team-members/<int:member_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(operationId="deleteTeamMember")
@require_api_roles("organizer", "operator")
def delete_team_member(ceremony_id, member_id):
    """Remove a member who has recorded nothing."""
    member = queries.get_member(ceremony_id, member_id)
    _covering(member.site)
    operations.delete_member(member)
    db.session.commit()


@blp.route("/ceremonies/<int:ceremony_id>/team-members/import", methods=["POST"])
@blp.arguments(ImportArgs, location="query")
@blp.response(201, ImportResult)
@blp.alt_response(422, description="bad rows: nothing written; `errors` lists every bad row (row, field, reason)")
@blp.doc(operationId="importTeamMembers", requestBody=IMPORT_BODY)
@require_api_roles("organizer", "operator")
def import_team_members(args, ceremony_id):
    """Import a team list from an office XLSX (title rows above the header allowed): all rows or none."""
    ceremony = get_ceremony(ceremony_id)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput(_("send the list as the multipart field “file”"), field="file")
    site = get_site_by_code(ceremony_id, args["site_code"]) if args.get("site_code") else None
    if site is not None:
        _covering(site)
    elif not api_user().has_role("organizer"):
        raise InvalidInput(_("give site_code: an operator imports into one of their points"), field="site_code")
    members = operations.import_members(ceremony, upload.read(), site=site)
    for member in members:
        _covering(member.site)
    db.session.commit()
    return {"imported": len(members)}


@blp.route("/ceremonies/<int:ceremony_id>/campaigns")
@blp.response(200, CampaignSchema(many=True))
@blp.doc(operationId="listCampaigns")
@require_api_roles()
def list_campaigns(ceremony_id):
    """The ceremony's per-member campaigns."""
    get_ceremony(ceremony_id)
    return queries.list_campaigns(ceremony_id)


@blp.route("/ceremonies/<int:ceremony_id>/campaigns", methods=["POST"])
@blp.arguments(CampaignIn)
@blp.response(201, CampaignSchema)
@blp.doc(operationId="createCampaign")
@require_api_roles("organizer")
def create_campaign(body, ceremony_id):
    """Create a campaign: target per member, window in minutes from the ceremony start, skills."""
    ceremony = get_ceremony(ceremony_id)
    task = None
    if body.get("followup_task_id"):
        from ceremony.followup.queries import get_task

        task = get_task(body["followup_task_id"], ceremony_id)
    fields = {k: v for k, v in body.items() if k != "followup_task_id"}
    campaign = operations.create_campaign(ceremony, followup_task=task, **fields)
    db.session.commit()
    return campaign


@blp.route("/ceremonies/<int:ceremony_id>/campaigns/<int:campaign_id>", methods=["PATCH"])
@blp.arguments(CampaignPatch)
@blp.response(200, CampaignSchema)
@blp.doc(operationId="updateCampaign")
@require_api_roles("organizer")
def update_campaign(body, ceremony_id, campaign_id):
    """Change a campaign's target, window, reminder hour or skills."""
    campaign = queries.get_campaign(ceremony_id, campaign_id)
    operations.update_campaign(campaign, **body)
    db.session.commit()
    return campaign


@blp.route("/ceremonies/<int:ceremony_id>/campaigns/<int:campaign_id>/records", methods=["POST"])
@blp.arguments(RecordIn)
@blp.response(201, RecordOut)
@blp.alt_response(200, schema=RecordOut, description="the same idempotency key was stored before")
@blp.doc(operationId="recordCampaignResult", description=RECORD_AUTH)
def record_campaign_result(body, ceremony_id, campaign_id):
    """Record citizens a member guided on a day, per skill; resending the same idempotency key counts once."""
    campaign = queries.get_campaign(ceremony_id, campaign_id)
    member = queries.get_member(ceremony_id, body["member_id"])
    signed = access.authorize_member(member)
    record, created = operations.record_result(
        campaign, member, idempotency_key=body["idempotency_key"], guided_on=body["guided_on"], count=body["count"],
        skills=body["skills"], has_consent=body["has_consent"], citizen_name=body["citizen_name"],
        citizen_phone=body["citizen_phone"], recorded_by=signed)
    db.session.commit()
    record.member_total = queries.member_totals(campaign).get(member.id, 0)
    return record, 201 if created else 200


@blp.route("/ceremonies/<int:ceremony_id>/campaigns/<int:campaign_id>/progress")
@blp.response(200, ProgressSchema)
@blp.doc(operationId="getCampaignProgress")
@require_api_roles()
def get_campaign_progress(ceremony_id, campaign_id):
    """Progress against target per member, commune, district, level and skill (an operator: their points)."""
    campaign = queries.get_campaign(ceremony_id, campaign_id)
    return queries.progress(campaign, access.visible_site_ids(ceremony_id, api_user()))
