"""The webhooks page in Chromium: an organizer registers an endpoint, copies its secret, sees it held
back afterwards; a delivery refused once shows its attempt and goes out on "Send again"."""
import pytest
import sqlalchemy as sa

from ceremony.webhooks.models import DeliveryStatus, WebhookDelivery
from ceremony.webhooks.operations import deliver_due, enqueue
from tests.browser_support import log_in

pytestmark = pytest.mark.browser


def test_register_an_endpoint_and_replay_a_delivery(live_server, page, db, make_ceremony, make_user, receiver):
    ceremony = make_ceremony()
    organizer = make_user("organizer")
    hook = receiver(refuse=1)
    log_in(page, live_server.url, organizer.email)
    page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/webhooks")
    page.fill("input[name=url]", hook.url)
    page.fill("input[name=description]", "Màn hình hội trường")
    page.check("input[value='launch.fired']")
    page.check("input[value='point.offline']")
    page.click("form.stack button[type=submit]")
    secret = page.locator("code.secret").inner_text()
    assert secret.startswith("whsec_")
    page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/webhooks")
    assert hook.url in page.content() and secret not in page.content()

    enqueue(ceremony.id, "launch.fired", {"segment_id": 1, "title": "Nghi thức", "dignitaries": [], "fired_ms": 0,
                                          "switch_ms": 700})
    db.session.commit()
    deliver_due()
    page.click(f"text={hook.url}")
    assert "503" in page.locator("table.deliveries").inner_text()
    page.click("text=Gửi lại")
    page.wait_for_url(lambda url: "/webhooks/" in url)
    deliver_due()
    delivery = db.session.scalar(sa.select(WebhookDelivery))
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.delivered and len(hook.accepted) == 1
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert "204" in page.locator("table.deliveries").inner_text()
