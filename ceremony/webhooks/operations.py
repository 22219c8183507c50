"""Writes of webhooks: endpoints, the outbox, delivery with back-off, replay. Flush, never commit
(except ``deliver_due``, which commits around each network call like ``notifications``)."""
from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.webhooks import signing
from ceremony.webhooks.events import EVENTS
from ceremony.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 5
MAX_RETRY_SECONDS = 600          # back-off doubles up to 10 minutes between attempts …
GIVE_UP_AFTER = timedelta(days=3)  # … and a delivery fails for good only after three days of refusals
SEND_TIMEOUT_SECONDS = 10
CLAIM_SECONDS = 60
MAX_ENDPOINTS = 20


def _events(events) -> str:
    names = list(dict.fromkeys(events or []))
    unknown = [n for n in names if n not in EVENTS]
    if unknown or not names:
        raise InvalidInput(f"events must be some of {', '.join(EVENTS)}" + (f"; not {unknown[0]!r}" if unknown else ""),
                           field="events")
    return " ".join(names)


def _url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
        raise InvalidInput("the URL must be http:// or https:// with a host (at most 500 characters)", field="url")
    return url


def create_endpoint(ceremony, *, url: str, events, description: str = "") -> WebhookEndpoint:
    """Register an endpoint; its ``secret`` is readable on the returned object (show it once)."""
    count = db.session.scalar(sa.select(sa.func.count()).select_from(WebhookEndpoint)
                              .where(WebhookEndpoint.ceremony_id == ceremony.id))
    if count >= MAX_ENDPOINTS:
        raise Conflict(f"a ceremony has at most {MAX_ENDPOINTS} webhook endpoints", field="url")
    endpoint = WebhookEndpoint(ceremony_id=ceremony.id, url=_url(url), events=_events(events),
                               description=(description or "").strip()[:200], secret=signing.new_secret(),
                               is_active=True, created_at=now())
    db.session.add(endpoint)
    db.session.flush()
    return endpoint


def update_endpoint(endpoint: WebhookEndpoint, *, url: str | None = None, events=None,
                    description: str | None = None, is_active: bool | None = None) -> WebhookEndpoint:
    """Change an endpoint; turning it off keeps its queue, which resumes when it is turned on again."""
    if url is not None:
        endpoint.url = _url(url)
    if events is not None:
        endpoint.events = _events(events)
    if description is not None:
        endpoint.description = description.strip()[:200]
    if is_active is not None:
        endpoint.is_active = bool(is_active)
    db.session.flush()
    return endpoint


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint with its deliveries and their attempts."""
    db.session.execute(sa.delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(
        sa.select(WebhookDelivery.id).where(WebhookDelivery.endpoint_id == endpoint.id))))
    db.session.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.flush()


def get_endpoint(ceremony_id: int, endpoint_id: int) -> WebhookEndpoint:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.ceremony_id != ceremony_id:
        raise NotFound(f"no webhook endpoint {endpoint_id} in this ceremony", field="endpoint_id")
    return endpoint


def get_delivery(ceremony_id: int, delivery_id: int) -> WebhookDelivery:
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.ceremony_id != ceremony_id:
        raise NotFound(f"no webhook delivery {delivery_id} in this ceremony", field="delivery_id")
    return delivery


# Asked on every live change (each check-in): built once.
_ACTIVE_ENDPOINTS = sa.select(WebhookEndpoint).where(WebhookEndpoint.ceremony_id == sa.bindparam("ceremony_id"),
                                                     WebhookEndpoint.is_active.is_(True))
_ACTIVE_EVENTS = sa.select(WebhookEndpoint.__table__.c.id, WebhookEndpoint.__table__.c.events).where(
    WebhookEndpoint.__table__.c.ceremony_id == sa.bindparam("ceremony_id"),
    WebhookEndpoint.__table__.c.is_active.is_(True))


_SILENT = "webhooks_silent"


def hear_nothing(ceremony_id: int) -> None:
    """Said by a caller that has just read, in its own statement and transaction, that the ceremony
    has no active endpoint (``queries.any_active_endpoint``): the changes of this transaction queue
    no delivery for it without asking again (a check-in would otherwise pay one more query)."""
    session = db.session()
    transaction = session.get_transaction()
    memo = session.info.get(_SILENT)
    if memo is None or memo[0] is not transaction:
        memo = session.info[_SILENT] = (transaction, set())
    memo[1].add(ceremony_id)


def _heard_nothing(ceremony_id: int) -> bool:
    session = db.session()
    memo = session.info.get(_SILENT)
    return memo is not None and memo[0] is session.get_transaction() and ceremony_id in memo[1]


def enqueue(ceremony_id: int, event_type: str, data: dict, at: datetime | None = None) -> list[WebhookDelivery]:
    """Write one delivery per active endpoint of the ceremony that hears ``event_type`` (the outbox),
    in the caller's transaction."""
    if _heard_nothing(ceremony_id):
        return []
    # Most ceremonies have no endpoint hearing this event: a Core row check costs a fraction of loading them.
    hearing = [row.id for row in db.session.connection().execute(_ACTIVE_EVENTS, {"ceremony_id": ceremony_id})
               if event_type in row.events.split()]
    if not hearing:
        return []
    endpoints = [e for e in db.session.scalars(_ACTIVE_ENDPOINTS, {"ceremony_id": ceremony_id})
                 if event_type in e.event_list]
    if not endpoints:
        return []
    at = at or now()
    deliveries = []
    for endpoint in endpoints:
        message_id = f"msg_{uuid.uuid4().hex}"
        body = json.dumps({"id": message_id, "type": event_type, "timestamp": at.isoformat(),
                           "ceremony_id": ceremony_id, "data": data}, ensure_ascii=False, separators=(",", ":"),
                          default=str)
        delivery = WebhookDelivery(endpoint_id=endpoint.id, ceremony_id=ceremony_id, message_id=message_id,
                                   event_type=event_type, payload=body, status=DeliveryStatus.pending, attempts=0,
                                   created_at=at, next_attempt_at=at)
        db.session.add(delivery)
        deliveries.append(delivery)
    db.session.flush()
    return deliveries


def replay(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (same ``webhook-id``), before the later ones of its endpoint."""
    delivery.status, delivery.next_attempt_at, delivery.locked_until = DeliveryStatus.pending, now(), None
    db.session.flush()
    return delivery


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s … doubling up to 10 minutes between attempts."""
    return timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is an answer, not a place to send the event
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def send(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str]:
    """POST the delivery once: ``(status code or None, error text)``."""
    body = delivery.payload
    request = urllib.request.Request(endpoint.url, data=body.encode(), method="POST",
                                     headers=signing.headers(endpoint.secret, delivery.message_id,
                                                             int(now().timestamp()), body))
    try:
        with _opener.open(request, timeout=SEND_TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def _head(endpoint_id: int) -> WebhookDelivery | None:
    """The oldest delivery of the endpoint still to send: later ones wait behind it."""
    return db.session.scalar(sa.select(WebhookDelivery).where(
        WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == DeliveryStatus.pending)
        .order_by(WebhookDelivery.id).limit(1))


def _claim(delivery_id: int, at: datetime) -> bool:
    """Take the delivery for this run only (another scheduler or a replay click may race us)."""
    return db.session.execute(sa.update(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.status == DeliveryStatus.pending,
        sa.or_(WebhookDelivery.locked_until.is_(None), WebhookDelivery.locked_until < at))
        .values(locked_until=at + timedelta(seconds=CLAIM_SECONDS))).rowcount == 1


def deliver_endpoint(endpoint_id: int, limit: int = 100) -> int:
    """Send the due deliveries of one endpoint in order, stopping at the first refusal; commits.
    Returns how many were delivered."""
    delivered = 0
    for _ in range(limit):
        endpoint = db.session.get(WebhookEndpoint, endpoint_id)
        head = _head(endpoint_id) if endpoint is not None and endpoint.is_active else None
        at = now()
        if head is None or head.next_attempt_at > at or not _claim(head.id, at):
            db.session.rollback()
            return delivered
        db.session.commit()
        started = time.monotonic()
        code, error = send(endpoint, head)
        at = now()
        head.attempts += 1
        head.last_status_code, head.last_error, head.locked_until = code, error, None
        head.attempt_log.append(WebhookAttempt(attempted_at=at, status_code=code, error=error,
                                               duration_ms=int((time.monotonic() - started) * 1000)))
        if code is not None and 200 <= code < 300:
            head.status, head.delivered_at = DeliveryStatus.delivered, at
            delivered += 1
            db.session.commit()
            continue
        if at - head.created_at >= GIVE_UP_AFTER:
            head.status = DeliveryStatus.failed  # replayable; the queue behind it moves on
        else:
            head.next_attempt_at = at + backoff(head.attempts)
        db.session.commit()
        log.info("webhook %s to %s refused (%s): attempt %d", head.message_id, endpoint.url, error or code,
                 head.attempts)
        if head.status is not DeliveryStatus.failed:
            return delivered
    return delivered


def deliver_due() -> int:
    """Send what is due on every endpoint (the scheduler job); commits. Returns how many were delivered."""
    endpoint_ids = list(db.session.scalars(sa.select(WebhookDelivery.endpoint_id).where(
        WebhookDelivery.status == DeliveryStatus.pending).distinct()))
    db.session.rollback()
    return sum(deliver_endpoint(endpoint_id) for endpoint_id in endpoint_ids)
