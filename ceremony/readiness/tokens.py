"""Operator links: a signed token per site, revocable in the database.

The token is ``itsdangerous`` URL-safe serialisation of ``{"s": site id, "n": nonce}`` signed with
SECRET_KEY (salt ``readiness-site``): a forged or altered token fails the signature; a revoked one
fails the database check (``ReadinessSiteToken.revoked_at``). The same nonce always gives the same token, so
a site kit can be printed again without invalidating the link already handed out.
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from ceremony.core.auth import Unauthorized
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.readiness.models import ReadinessSiteToken

SALT = "readiness-site"
# The operator sees these on their phone (a Vietnamese page): said in the reader's language.
FORGED = "This operator link is not valid: check that it was copied whole, or scan the site kit's QR code again."
REVOKED = "This operator link no longer works: a new site kit was printed. Ask the organisers for the new link."


class InvalidSiteToken(Unauthorized):
    """A forged, mistyped or revoked operator link."""

    title = _l("Operator link not valid")  # the error page's heading (not "Login required")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_for(row: ReadinessSiteToken) -> str:
    return _serializer().dumps({"s": row.site_id, "n": row.nonce})


def issue_site_token(site) -> str:
    """The site's active link token, creating one when it has none."""
    row = db.session.scalar(sa.select(ReadinessSiteToken)
                            .where(ReadinessSiteToken.site_id == site.id, ReadinessSiteToken.revoked_at.is_(None))
                            .order_by(ReadinessSiteToken.id))
    if row is None:
        row = ReadinessSiteToken(site_id=site.id, nonce=secrets.token_urlsafe(16)[:22], created_at=now())
        db.session.add(row)
        db.session.flush()
    return token_for(row)


def revoke_site_tokens(site) -> int:
    """Revoke every link of the site (a lost phone); returns how many were active."""
    rows = list(db.session.scalars(sa.select(ReadinessSiteToken).where(ReadinessSiteToken.site_id == site.id,
                                                              ReadinessSiteToken.revoked_at.is_(None))))
    for row in rows:
        row.revoked_at = now()
    db.session.flush()
    return len(rows)


def site_token_row(token: str) -> ReadinessSiteToken:
    """The active token row behind ``token``; ``InvalidSiteToken`` when forged or revoked."""
    try:
        body = _serializer().loads((token or "").strip())
        site_id, nonce = int(body["s"]), str(body["n"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise InvalidSiteToken(_(FORGED), field="token") from None
    if "\x00" in nonce or len(nonce) > 40:  # only a leaked key could sign these; never ask the database
        raise InvalidSiteToken(_(FORGED), field="token")
    row = db.session.scalar(sa.select(ReadinessSiteToken).where(ReadinessSiteToken.nonce == nonce))
    if row is None or row.site_id != site_id or row.revoked_at is not None:
        raise InvalidSiteToken(_(REVOKED), field="token")
    return row


def operator_url(token: str) -> str:
    """The absolute URL printed in the site kit's QR code."""
    base = current_app.config.get("PUBLIC_URL") or (request.host_url.rstrip("/") if request else "")
    return f"{base}/r/{token}"
