"""Webhooks end to end: real domain changes → outbox → a local receiver over HTTP, signed, in order."""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from ceremony.followup.models import FollowupTask
from ceremony.readiness.operations import ensure_defaults
from ceremony.sites.models import Tier
from ceremony.webhooks.events import EVENTS
from ceremony.webhooks.models import DeliveryStatus, WebhookDelivery
from ceremony.webhooks.operations import deliver_due
from tests.readiness.conftest import ALL_OK

T_MINUS_50 = datetime(2024, 9, 27, 0, 10, tzinfo=timezone.utc)  # inside the T-30 window (opens T-60)
EXPECTED = ["point.readiness_changed", "delegate.checked_in", "show.state_changed", "show.state_changed",
            "show.state_changed", "launch.fired", "followup.report_received"]


def _endpoint(client, headers, ceremony_id, url, events=None):
    response = client.post(f"/api/v1/ceremonies/{ceremony_id}/webhooks", headers=headers,
                           json={"url": url, "events": events or list(EVENTS), "description": "cổng tỉnh"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _make_events(client, db, headers, invited):
    """One of every event, through the API the pages share: readiness, a check-in, the show, the
    launch, a follow-up report."""
    ceremony = invited.ceremony
    base = f"/api/v1/ceremonies/{ceremony.id}"
    ensure_defaults(ceremony)
    task = FollowupTask(ceremony_id=ceremony.id, code="cai-app", title="Báo cáo số lượt cài ứng dụng",
                        tier=Tier.district, due_offset_minutes=7 * 24 * 60, metric_label="Số lượt cài",
                        remind_hours_before=24)
    db.session.add(task)
    db.session.commit()
    site = invited.sites["534"]
    calls = [
        ("post", f"{base}/readiness/sites/{site.id}/checkins", {"idempotency_key": uuid.uuid4().hex, "answers": ALL_OK}),
        ("post", f"{base}/checkins", {"text": invited.token(0), "gate": "A", "device": "gate-1", "nonce": "n-1"}),
        ("post", f"{base}/show", {"action": "start", "override": "diễn tập"}),
        ("post", f"{base}/show", {"action": "next"}),
        ("post", f"{base}/show", {"action": "next"}),
        ("post", f"{base}/show/launch", {}),
        ("post", f"{base}/followups/{task.id}/reports", {"site_id": site.id, "value": 1520, "note": "đã cài"}),
    ]
    for method, url, body in calls:
        response = getattr(client, method)(url, headers=headers, json=body)
        assert response.status_code in (200, 201), (url, response.get_json())


def _drain(clock, rounds: int = 40, step=timedelta(seconds=5)):
    for _ in range(rounds):
        deliver_due()
        if not _pending():
            return
        clock.advance(seconds=step.total_seconds())


def _pending() -> int:
    from ceremony.extensions import db

    return db.session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)
                             .where(WebhookDelivery.status == DeliveryStatus.pending))


def test_a_receiver_refusing_three_times_gets_each_event_once_in_order_signed(
        client, db, clock, invited, api_headers, receiver, verify_webhook):
    clock.set(T_MINUS_50)
    headers = api_headers("organizer")
    hook = receiver(refuse=3)
    endpoint = _endpoint(client, headers, invited.ceremony.id, hook.url)
    assert endpoint["secret"].startswith("whsec_")
    _make_events(client, db, headers, invited)

    _drain(clock)

    types = [r["json"]["type"] for r in hook.accepted]
    assert types == EXPECTED
    ids = [r["headers"]["webhook-id"] for r in hook.accepted]
    assert len(set(ids)) == len(ids) == len(EXPECTED)  # each event exactly once
    # The three refusals were all the first event: nothing overtook it.
    assert [r["headers"]["webhook-id"] for r in hook.seen[:4]] == [ids[0]] * 4
    assert len(hook.seen) == len(EXPECTED) + 3
    for request in hook.seen:
        assert request["json"]["id"] == request["headers"]["webhook-id"]
        assert verify_webhook(endpoint["secret"], request["headers"], request["body"], now=clock().timestamp())
    assert hook.accepted[1]["json"]["data"]["name"] == invited.delegates[0].person.full_name
    assert hook.accepted[5]["json"]["data"]["title"] == "Nghi thức khai trương"
    assert hook.accepted[6]["json"]["data"]["value"] == 1520

    # Every attempt is on record and visible through the API.
    body = client.get(f"/api/v1/ceremonies/{invited.ceremony.id}/webhooks/deliveries?per_page=20",
                      headers=headers).get_json()
    first = body["items"][-1]
    assert first["status"] == "delivered" and first["attempts"] == 4
    assert [a["status_code"] for a in first["attempt_log"]] == [503, 503, 503, 204]
    assert all(d["status"] == "delivered" for d in body["items"])


def test_a_forged_tampered_or_replayed_delivery_is_rejected_by_the_documented_check(
        client, db, clock, invited, api_headers, receiver, verify_webhook):
    clock.set(T_MINUS_50)
    headers = api_headers("organizer")
    hook = receiver()
    endpoint = _endpoint(client, headers, invited.ceremony.id, hook.url, ["delegate.checked_in"])
    response = client.post(f"/api/v1/ceremonies/{invited.ceremony.id}/checkins", headers=headers,
                           json={"text": invited.token(1), "gate": "B", "device": "gate-2", "nonce": "x"})
    assert response.status_code == 200
    _drain(clock)
    (request,) = hook.accepted
    sent_at = int(request["headers"]["webhook-timestamp"])
    good = {name.lower(): value for name, value in request["headers"].items()}
    assert verify_webhook(endpoint["secret"], good, request["body"], now=sent_at)
    # a receiver that knows another secret, a changed body, a changed id, an old timestamp
    other = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"
    assert not verify_webhook(other, good, request["body"], now=sent_at)
    assert not verify_webhook(endpoint["secret"], good, request["body"].replace(b'"gate":"B"', b'"gate":"C"'),
                              now=sent_at)
    assert not verify_webhook(endpoint["secret"], {**good, "webhook-id": "msg_other"}, request["body"], now=sent_at)
    assert not verify_webhook(endpoint["secret"], good, request["body"], now=sent_at + 301)  # replayed later
    assert verify_webhook(endpoint["secret"], good, request["body"], now=sent_at + 299)
    # a forged signature header on the right body
    forged = {**good, "webhook-signature": "v1,AAAA" + good["webhook-signature"][7:]}
    assert not verify_webhook(endpoint["secret"], forged, request["body"], now=sent_at)
    assert verify_webhook(endpoint["secret"], good, request["body"]) is (abs(time.time() - sent_at) <= 300)


def test_a_receiver_down_for_an_hour_loses_nothing_and_order_holds(client, db, clock, invited, api_headers,
                                                                    receiver):
    clock.set(T_MINUS_50)
    headers = api_headers("organizer")
    down = receiver(refuse=10**6)
    endpoint = _endpoint(client, headers, invited.ceremony.id, down.url)
    _make_events(client, db, headers, invited)
    for _ in range(60):  # an hour, a scheduler tick a minute
        deliver_due()
        clock.advance(minutes=1)
    assert down.accepted == [] and _pending() == len(EXPECTED)
    assert {r["headers"]["webhook-id"] for r in down.seen} == {down.seen[0]["headers"]["webhook-id"]}
    assert len(down.seen) < 20  # back-off: 5 s doubling to 10 min, not a flood

    up = receiver()
    response = client.patch(f"/api/v1/ceremonies/{invited.ceremony.id}/webhooks/{endpoint['id']}",
                            headers=headers, json={"url": up.url})
    assert response.status_code == 200 and response.get_json()["queue"]["pending"] == len(EXPECTED)
    _drain(clock, step=timedelta(minutes=10))
    assert [r["json"]["type"] for r in up.accepted] == EXPECTED


def test_replay_sends_the_same_message_again_and_nothing_leaves_a_rolled_back_change(
        client, db, clock, invited, api_headers, receiver):
    from ceremony.live import publish_after_commit

    clock.set(T_MINUS_50)
    headers = api_headers("organizer")
    hook = receiver()
    endpoint = _endpoint(client, headers, invited.ceremony.id, hook.url, ["launch.fired", "delegate.checked_in"])
    # A change that is rolled back announces nothing: the outbox row goes with it.
    publish_after_commit(f"attendance:{invited.ceremony.id}", "checkin", {"delegate_id": 1})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)) == 1
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WebhookDelivery)) == 0

    client.post(f"/api/v1/ceremonies/{invited.ceremony.id}/checkins", headers=headers,
                json={"text": invited.token(2), "gate": "A", "device": "gate-1", "nonce": "r"})
    _drain(clock)
    assert len(hook.accepted) == 1
    delivery_id = client.get(f"/api/v1/ceremonies/{invited.ceremony.id}/webhooks/deliveries",
                             headers=headers).get_json()["items"][0]["id"]
    response = client.post(f"/api/v1/ceremonies/{invited.ceremony.id}/webhooks/deliveries/{delivery_id}/replay",
                           headers=headers)
    assert response.status_code == 200 and response.get_json()["status"] == "pending"
    _drain(clock)
    assert len(hook.accepted) == 2
    assert hook.accepted[0]["headers"]["webhook-id"] == hook.accepted[1]["headers"]["webhook-id"]
    assert hook.accepted[0]["body"] == hook.accepted[1]["body"]
    # Other ceremonies' endpoints hear nothing of this one; unknown events are refused by name.
    response = client.post(f"/api/v1/ceremonies/{invited.ceremony.id}/webhooks", headers=headers,
                           json={"url": hook.url, "events": ["point.exploded"]})
    assert response.status_code == 422 and response.get_json()["field"].startswith("events")
    assert endpoint["events"] == ["launch.fired", "delegate.checked_in"]


def test_a_gate_scan_skips_the_outbox_only_while_no_endpoint_listens(client, db, clock, invited, api_headers):
    """The scan reads "no active endpoint" in its first statement and queues nothing; that knowledge
    ends with its transaction: an endpoint added next hears the next check-in."""
    from ceremony.webhooks.operations import _heard_nothing

    clock.set(T_MINUS_50)
    headers = api_headers("organizer")
    base = f"/api/v1/ceremonies/{invited.ceremony.id}"

    def scan(n: int) -> None:
        response = client.post(f"{base}/checkins", headers=headers,
                               json={"text": invited.token(n), "gate": "A", "device": "gate-1", "nonce": f"s{n}"})
        assert response.status_code == 200 and response.get_json()["result"] == "welcome"

    scan(0)
    assert _pending() == 0 and not _heard_nothing(invited.ceremony.id)
    _endpoint(client, headers, invited.ceremony.id, "https://hooks.example.vn/ceremony", ["delegate.checked_in"])
    scan(1)
    deliveries = db.session.scalars(sa.select(WebhookDelivery)).all()
    assert [(d.event_type, d.status) for d in deliveries] == [("delegate.checked_in", DeliveryStatus.pending)]
    assert '"gate":"A"' in deliveries[0].payload
    assert f'"delegate_id":{invited.invitations[1].delegate_id}' in deliveries[0].payload
