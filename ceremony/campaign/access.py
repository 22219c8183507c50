"""Who may record for a member: the member's own link, the point's operator link, or an account."""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from ceremony.campaign.i18n import _
from ceremony.campaign.models import TeamMember
from ceremony.campaign.operations import member_link_nonce
from ceremony.core.auth import Unauthorized, api_user, user_covers_site
from ceremony.core.errors import Forbidden
from ceremony.core.wording import in_sentence
from ceremony.extensions import db

SALT = "campaign-member"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def member_token(member: TeamMember) -> str:
    """The member's personal link token (signed; changing the nonce revokes it)."""
    return _serializer().dumps({"m": member.id, "n": member_link_nonce(member)})


def member_from_token(token: str) -> TeamMember:
    try:
        body = _serializer().loads((token or "").strip())
        member_id, nonce = int(body["m"]), str(body["n"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise Unauthorized(_("invalid member link: its signature does not match"), field="token") from None
    member = db.session.get(TeamMember, member_id)
    if member is None or not member.link_nonce or member.link_nonce != nonce:
        raise Unauthorized(_("this member link was revoked"), field="token")
    return member


def site_from_token(token: str):
    from ceremony.readiness.tokens import site_token_row

    return site_token_row(token).site


def authorize_member(member: TeamMember) -> str:
    """Allow the caller to record for ``member`` or raise; returns how the record is signed."""
    token = request.headers.get("X-Member-Token")
    if token:
        own = member_from_token(token)
        if own.id != member.id:
            raise Forbidden(_("this link records only for %(name)s", name=own.full_name))
        return f"member:{member.phone}"
    token = request.headers.get("X-Site-Token")
    if token:
        site = site_from_token(token)
        if site.id != member.site_id:
            raise Forbidden(_("this operator link belongs to another point"))
        return f"token:{site.code}"
    user = api_user()
    if not user.has_role("organizer", "operator"):
        raise Forbidden(_("role %(role)s may not record results", role=user.role.value))
    if not user_covers_site(user, member.site):
        raise Forbidden(_("you do not answer for %(site)s", site=in_sentence(member.site.name)))
    return user.email


def visible_site_ids(ceremony_id: int, user) -> set[int] | None:
    """None for organizers and viewers (everything); an operator's points and what lies below them."""
    from ceremony.sites.models import Site
    from ceremony.users.models import Role

    if user.role is not Role.operator:
        return None
    sites = db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony_id))
    return {s.id for s in sites if user_covers_site(user, s)}
