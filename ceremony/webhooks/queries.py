"""Reads of webhooks: a ceremony's endpoints with their queue, an endpoint's deliveries."""
from __future__ import annotations

import sqlalchemy as sa

from ceremony.extensions import db
from ceremony.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


def any_active_endpoint(ceremony_id):
    """An EXISTS clause: the ceremony (an id, or a column of a caller's statement) has an active
    endpoint. A hot path reads it within its own statement and tells ``operations.hear_nothing``."""
    return sa.exists().where(WebhookEndpoint.__table__.c.ceremony_id == ceremony_id,
                             WebhookEndpoint.__table__.c.is_active.is_(True))


def endpoints(ceremony_id: int) -> list[WebhookEndpoint]:
    return list(db.session.scalars(sa.select(WebhookEndpoint).where(WebhookEndpoint.ceremony_id == ceremony_id)
                                   .order_by(WebhookEndpoint.id)))


def queue_counts(ceremony_id: int) -> dict[int, dict[str, int]]:
    """Per endpoint: how many deliveries are pending, delivered, failed."""
    rows = db.session.execute(sa.select(WebhookDelivery.endpoint_id, WebhookDelivery.status, sa.func.count())
                              .where(WebhookDelivery.ceremony_id == ceremony_id)
                              .group_by(WebhookDelivery.endpoint_id, WebhookDelivery.status))
    counts: dict[int, dict[str, int]] = {}
    for endpoint_id, status, n in rows:
        counts.setdefault(endpoint_id, {s.value: 0 for s in DeliveryStatus})[status.value] = n
    return counts


def deliveries_query(ceremony_id: int, endpoint_id: int | None = None, status: DeliveryStatus | None = None) -> sa.Select:
    """Deliveries, the newest first."""
    query = sa.select(WebhookDelivery).where(WebhookDelivery.ceremony_id == ceremony_id)
    if endpoint_id is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    return query.order_by(WebhookDelivery.id.desc())
