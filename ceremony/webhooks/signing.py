"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

Each delivery carries ``webhook-id`` (the delivery's message id), ``webhook-timestamp`` (Unix seconds
of this attempt) and ``webhook-signature``: ``v1,`` + base64(HMAC-SHA256(key, "id.timestamp.body"))
where ``key`` is the base64-decoded part of the endpoint secret after ``whsec_``. The check a
receiver runs is in docs/api.md (and tested word for word).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The headers of one attempt (a new timestamp and signature each time, the same id)."""
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(secret, message_id, timestamp, body),
            "Content-Type": "application/json", "User-Agent": "ceremony-webhooks/1"}
