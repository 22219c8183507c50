"""Who may file a unit's report: the unit's own link, or an account covering its point (organizers: all)."""
from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from ceremony.campaign.i18n import _
from ceremony.core.auth import Unauthorized, api_user, user_covers_site
from ceremony.core.errors import Forbidden
from ceremony.extensions import db
from ceremony.reports.models import ReportUnit
from ceremony.reports.operations import unit_link_nonce

SALT = "report-unit"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def unit_token(unit: ReportUnit) -> str:
    return _serializer().dumps({"u": unit.id, "n": unit_link_nonce(unit)})


def unit_from_token(token: str) -> ReportUnit:
    try:
        body = _serializer().loads((token or "").strip())
        unit_id, nonce = int(body["u"]), str(body["n"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise Unauthorized(_("invalid unit link: its signature does not match"), field="token") from None
    unit = db.session.get(ReportUnit, unit_id)
    if unit is None or not unit.link_nonce or unit.link_nonce != nonce:
        raise Unauthorized(_("this unit link was revoked"), field="token")
    return unit


def user_may_file(user, unit: ReportUnit) -> bool:
    if user.has_role("organizer"):
        return True
    return user.has_role("operator") and unit.site is not None and user_covers_site(user, unit.site)


def authorize_unit(unit: ReportUnit) -> str:
    """Allow the caller to file for ``unit`` or raise; returns how the report is signed."""
    token = request.headers.get("X-Unit-Token")
    if token:
        own = unit_from_token(token)
        if own.id != unit.id:
            raise Forbidden(_("this link files reports only for %(unit)s", unit=own.name))
        return f"unit:{unit.name}"
    user = api_user()
    if not user_may_file(user, unit):
        raise Forbidden(_("you do not file reports for %(unit)s", unit=unit.name))
    return user.email
