"""Brokers that fan one published message out to every subscriber, in this process or across processes.

``MemoryBroker`` serves one process (tests, ``make run``). ``RedisBroker`` (``redis_broker.py``) publishes
to Redis from a background thread and keeps one listener thread per process that hands each message to
the local subscribers, so N gunicorn workers need N Redis connections, not one per open board.
"""
from __future__ import annotations

import json
import logging
import queue
import threading
import time
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
CHANNEL_PREFIX = "ceremony:live:"
RESYNC_TOPIC = "__resync__"  # a marker, not a topic: "you may have missed messages, take a snapshot"


@dataclass
class Message:
    topic: str
    event: str
    data: dict
    sent_at: float = field(default_factory=time.time)

    def encode(self) -> str:
        return json.dumps({"topic": self.topic, "event": self.event, "data": self.data,
                           "sent_at": self.sent_at}, ensure_ascii=False, default=str)

    @classmethod
    def decode(cls, raw: str | bytes) -> Message:
        body = json.loads(raw)
        return cls(body["topic"], body["event"], body["data"], body["sent_at"])


class Subscription:
    """A queue of messages for some topics; ``close()`` when the client goes away."""

    def __init__(self, broker: MemoryBroker, topics: set[str], maxsize: int = 1000):
        self.broker, self.topics = broker, topics
        self.queue: queue.Queue[Message] = queue.Queue(maxsize=maxsize)

    def get(self, timeout: float | None = None) -> Message | None:
        try:
            return self.queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def offer(self, message: Message) -> None:
        try:
            self.queue.put_nowait(message)
        except queue.Full:  # a stalled client must not stall the others: it resyncs when it wakes up
            log.warning("live: a slow subscriber on %s overflowed; it will resync", message.topic)
            self.resync("overflow")

    def resync(self, reason: str) -> None:
        """Replace whatever is queued by one marker: the stream sends a fresh snapshot instead."""
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                break
        try:
            self.queue.put_nowait(Message(RESYNC_TOPIC, reason, {}))
        except queue.Full:  # another thread refilled it in between; the next offer tries again
            pass

    def close(self) -> None:
        self.broker.unsubscribe(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class MemoryBroker:
    """Fan-out inside one process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[Subscription]] = {}

    def subscribe(self, topics) -> Subscription:
        subscription = Subscription(self, set(topics))
        with self._lock:
            for topic in subscription.topics:
                self._subscribers.setdefault(topic, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            for topic in subscription.topics:
                subscribers = self._subscribers.get(topic)
                if subscribers is not None:
                    subscribers.discard(subscription)
                    if not subscribers:
                        del self._subscribers[topic]

    def deliver(self, message: Message) -> None:
        with self._lock:
            targets = list(self._subscribers.get(message.topic, ()))
        for subscription in targets:
            subscription.offer(message)

    def publish(self, message: Message) -> None:
        self.deliver(message)

    def resync_all(self, reason: str) -> None:
        """Tell every open subscription of this process that it may have missed messages."""
        with self._lock:
            targets = {s for subs in self._subscribers.values() for s in subs}
        for subscription in targets:
            subscription.resync(reason)

    def wait_listening(self, timeout: float) -> bool:
        """Whether messages published elsewhere now reach this process (always, in one process)."""
        return True

    def stats(self) -> dict:
        return {"published": None, "dropped": 0, "subscribers": self.subscriber_count()}

    def subscriber_count(self) -> int:
        with self._lock:
            return len({s for subs in self._subscribers.values() for s in subs})

    def close(self) -> None:
        pass


def get_broker(app=None) -> MemoryBroker:
    """The app's broker, made on first use: Redis when ``REDIS_URL`` is set, else in-process."""
    app = app or current_app._get_current_object()
    broker = app.extensions.get("live_broker")
    if broker is None:
        with _create_lock:
            broker = app.extensions.get("live_broker")
            if broker is None:
                url = app.config.get("REDIS_URL")
                prefix = app.config.get("LIVE_CHANNEL_PREFIX") or CHANNEL_PREFIX
                if url:
                    from ceremony.live.redis_broker import RedisBroker

                    broker = RedisBroker(url, prefix, queue_size=app.config.get("LIVE_QUEUE_SIZE", 10000),
                                         publish_timeout=app.config.get("LIVE_PUBLISH_TIMEOUT", 2.0))
                else:
                    broker = MemoryBroker()
                app.extensions["live_broker"] = broker
    return broker


_create_lock = threading.Lock()


def publish_now(topic: str, event_name: str, data: dict) -> Message:
    """Send a message at once (for things not tied to a transaction, e.g. a heartbeat echo)."""
    message = Message(topic, event_name, data)
    get_broker().publish(message)
    return message


_publish_listeners: list = []


def on_publish(listener) -> None:
    """Call ``listener(topic, event, data)`` on every ``publish_after_commit``, inside the caller's
    transaction (webhooks write their outbox there). Registering the same listener twice is a no-op."""
    if listener not in _publish_listeners:
        _publish_listeners.append(listener)


def publish_after_commit(topic: str, event_name: str, data: dict) -> None:
    """Queue a message on the current session; it is sent when the session commits."""
    from ceremony.extensions import db

    for listener in _publish_listeners:
        listener(topic, event_name, data)

    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any query still drops this message
    # Remember the savepoint (if any) it was published in: rolling that savepoint back drops it.
    savepoint = session.get_nested_transaction()
    session.info.setdefault("live_pending", []).append((current_app._get_current_object(),
                                                        Message(topic, event_name, data), savepoint))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    pending = session.info.pop("live_pending", [])
    for app, message, _savepoint in pending:
        message.sent_at = time.time()
        try:
            get_broker(app).publish(message)
        except Exception:  # the write is committed; a lost push is healed by the next one
            log.exception("live: could not publish %s on %s", message.event, message.topic)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction) -> None:
    """Every ``rollback()`` call, even on an idle session, drops what it rolled back."""
    if previous_transaction.nested:
        pending = session.info.get("live_pending", [])
        session.info["live_pending"] = [p for p in pending if p[2] is not previous_transaction]
    else:
        session.info.pop("live_pending", None)
