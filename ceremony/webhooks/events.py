"""The events an endpoint can hear, and how they are taken from the live messages the domains publish.

Domains already announce every change that screens must see with ``publish_after_commit`` (readiness
tiles, check-ins, the show, the launch, follow-up reports). ``enqueue_from_live`` listens to those
calls, inside the transaction that made the change, and writes one delivery per subscribed endpoint:
the event and its outbox rows commit or roll back together.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventType:
    name: str
    topic: str       # the live topic family: "readiness", "attendance", "program", "followup"
    live_event: str  # the live message name in that topic
    summary: str
    accepts: Callable[[dict], bool] = lambda data: True


EVENT_TYPES = (
    EventType("point.readiness_changed", "readiness", "point",
              "A bridge point reported its checklist, or came back online: its readiness status now",
              lambda data: data.get("status") != "offline"),
    EventType("point.offline", "readiness", "point",
              "A bridge point's heartbeat stopped during the live phase", lambda data: data.get("status") == "offline"),
    EventType("delegate.checked_in", "attendance", "checkin", "A delegate was checked in (gate or remote point)"),
    EventType("show.state_changed", "program", "show",
              "The director started, advanced, held, resumed, extended or reset the show, or handed the floor"),
    EventType("launch.fired", "program", "launch", "The launch button was pressed (once per ceremony segment)"),
    EventType("followup.report_received", "followup", "report", "A point reported (or corrected) a follow-up task"),
)
EVENTS = {event.name: event for event in EVENT_TYPES}


def matching(topic: str, live_event: str, data: dict) -> list[EventType]:
    family = topic.split(":", 1)[0]
    return [e for e in EVENT_TYPES if e.topic == family and e.live_event == live_event and e.accepts(data)]


def enqueue_from_live(topic: str, live_event: str, data: dict) -> None:
    """The live-publish listener: queue the webhook deliveries of this change (same transaction)."""
    events = matching(topic, live_event, data)
    if not events:
        return
    try:
        ceremony_id = int(topic.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        log.warning("webhooks: live topic %r names no ceremony", topic)
        return
    from ceremony.webhooks.operations import enqueue

    for event in events:
        enqueue(ceremony_id, event.name, data)
