"""The webhooks pages: add an endpoint (its secret shown once), see deliveries and attempts, replay."""
import re

import sqlalchemy as sa

from ceremony.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from ceremony.webhooks.operations import deliver_due, enqueue


def test_an_organizer_adds_an_endpoint_sees_its_attempts_and_replays(client, db, make_ceremony, login, receiver):
    ceremony = make_ceremony()
    login("organizer")
    hook = receiver(refuse=1)
    page = client.post(f"/ceremonies/{ceremony.id}/webhooks", data={
        "url": hook.url, "description": "Màn hình hội trường", "events": ["launch.fired", "delegate.checked_in"]})
    assert page.status_code == 201
    secret = re.search(r"whsec_[A-Za-z0-9+/=]+", page.get_data(as_text=True)).group(0)
    endpoint = db.session.scalar(sa.select(WebhookEndpoint))
    assert endpoint.secret == secret and endpoint.event_list == ["launch.fired", "delegate.checked_in"]
    listing = client.get(f"/ceremonies/{ceremony.id}/webhooks").get_data(as_text=True)
    assert hook.url in listing and secret not in listing  # shown once

    bad = client.post(f"/ceremonies/{ceremony.id}/webhooks", data={"url": "ftp://x", "events": ["launch.fired"]})
    assert bad.status_code == 422

    enqueue(ceremony.id, "launch.fired", {"segment_id": 1, "title": "Nghi thức", "dignitaries": [],
                                          "fired_ms": 0, "switch_ms": 700})
    db.session.commit()
    deliver_due()  # refused once: the attempt is on the page
    detail = client.get(f"/ceremonies/{ceremony.id}/webhooks/{endpoint.id}").get_data(as_text=True)
    assert "503" in detail and "Đang chờ gửi" in detail
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    response = client.post(f"/ceremonies/{ceremony.id}/webhooks/deliveries/{delivery.id}/replay")
    assert response.status_code == 302
    deliver_due()
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.delivered and len(hook.accepted) == 1

    # Hold the endpoint: nothing is sent, nothing is lost.
    client.post(f"/ceremonies/{ceremony.id}/webhooks/{endpoint.id}", data={
        "url": hook.url, "events": ["launch.fired"], "description": ""})
    db.session.refresh(endpoint)
    assert endpoint.is_active is False and endpoint.event_list == ["launch.fired"]
    client.post(f"/ceremonies/{ceremony.id}/webhooks/{endpoint.id}/delete")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WebhookEndpoint)) == 0


def test_only_organizers_reach_the_webhooks_pages(client, make_ceremony, login):
    ceremony = make_ceremony()
    login("viewer")
    assert client.get(f"/ceremonies/{ceremony.id}/webhooks").status_code == 403
