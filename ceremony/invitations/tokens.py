"""Invitation tokens: ``c<ceremony id>.<random key>.<signature>``.

The random key (128 bits) makes a token unguessable; the ceremony id lets a scanner tell at once
that a code belongs to another ceremony; the HMAC (keyed by SECRET_KEY) lets a gate that lost its
network tell a forged or mistyped code from a real one without asking the server. Revocation lives
in the database (``Invitation.revoked_at``).

A QR code holds the https URL of the delegate's page, ``<public url>/i/<token>``; ``parse_token``
accepts that URL or the bare token, as a scanner or a person typing it gives it.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from flask import current_app, request

from ceremony.core.errors import InvalidInput

TOKEN_RE = re.compile(r"(?:^|/i/)(c(\d{1,9})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{10}))(?:[/?#].*)?$")


class InvalidToken(InvalidInput):
    """Not a token of this service: unreadable, mistyped or forged."""


@dataclass(frozen=True)
class ParsedToken:
    token: str
    ceremony_id: int
    key: str


def _signature(body: str, secret: str | None = None) -> str:
    secret = secret or current_app.config["SECRET_KEY"]
    digest = hmac.new(secret.encode(), b"invitation:" + body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:10]


def make_token(ceremony_id: int) -> tuple[str, str]:
    """A new (token, key) pair for an invitation of ``ceremony_id``."""
    key = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")
    body = f"c{ceremony_id}.{key}"
    return f"{body}.{_signature(body)}", key


def parse_token(text: str) -> ParsedToken:
    """Read a token from a scan or a typed code; ``InvalidToken`` names what is wrong."""
    cleaned = (text or "").strip()
    match = TOKEN_RE.search(cleaned)
    if match is None:
        raise InvalidToken("unreadable code: not an invitation of this service", field="token")
    token, ceremony_id, key, signature = match.groups()
    if not hmac.compare_digest(signature, _signature(f"c{ceremony_id}.{key}")):
        raise InvalidToken("invalid code: its signature does not match (mistyped or forged)", field="token")
    return ParsedToken(token, int(ceremony_id), key)


def invitation_url(token: str) -> str:
    """The https URL printed in the QR code."""
    base = current_app.config.get("PUBLIC_URL") or (request.host_url.rstrip("/") if request else "")
    return f"{base}/i/{token}"
