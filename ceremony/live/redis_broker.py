"""Fan-out across processes through Redis pub/sub, built to survive a bad day of Redis.

* Publishing never waits on Redis: ``publish`` puts the message on a bounded queue that one background
  thread per process sends, each send bounded by ``publish_timeout``. A full queue or a failed send
  drops the message, counts it (``stats()``) and logs it; once Redis answers again the publisher drops
  whatever is still queued (stale increments) and broadcasts a *resync*.
* The listener thread pings Redis, treats silence or any error as a lost connection, and reconnects
  and resubscribes with capped exponential back-off, for as long as it takes.
* After any gap (the listener reconnected, or a publisher dropped messages) every open subscription of
  every process gets a ``RESYNC`` marker: the server-sent-event stream then tells the page it was
  interrupted and sends a fresh snapshot, so the page shows the state after the outage without reloading.
"""
from __future__ import annotations

import logging
import queue
import random
import threading
import time

from ceremony.live.broker import RESYNC_TOPIC, MemoryBroker, Message

log = logging.getLogger("ceremony.live")


class _Dead(Exception):
    """The listener heard nothing (not even a pong) for too long: treat the connection as lost."""


class RedisBroker(MemoryBroker):
    """Redis pub/sub with a background publisher and a self-healing listener."""

    def __init__(self, url: str, prefix: str, *, queue_size: int = 10000, publish_timeout: float = 2.0,
                 ping_seconds: float = 2.0, max_backoff: float = 2.0):
        super().__init__()
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.prefix, self.url = prefix, url
        self.ping_seconds, self.max_backoff = ping_seconds, max_backoff
        no_retry = Retry(NoBackoff(), 0)  # we decide when to retry, and we want to know it happened
        self._listen_redis = redis.Redis.from_url(url, retry=no_retry, socket_connect_timeout=publish_timeout,
                                                  socket_timeout=None, socket_keepalive=True)
        self._publish_redis = redis.Redis.from_url(url, retry=no_retry, socket_timeout=publish_timeout,
                                                   socket_connect_timeout=publish_timeout)
        self._outbox: queue.Queue[Message | None] = queue.Queue(maxsize=queue_size)
        self._counter_lock = threading.Lock()
        self._stats = {"published": 0, "dropped": 0, "reconnects": 0, "resyncs": 0}
        self._last_drop_log = 0.0
        self._pubsub = None
        self.ready = threading.Event()  # set while the listener is subscribed
        self._was_ready = False  # subscribed at least once: later gaps are healed by a resync
        self._stopped = threading.Event()
        self._listener = threading.Thread(target=self._listen, name="live-redis-listen", daemon=True)
        self._publisher = threading.Thread(target=self._publish_loop, name="live-redis-publish", daemon=True)
        self._listener.start()
        self._publisher.start()

    # -- publishing (off the request path) -------------------------------------------------------
    def publish(self, message: Message) -> None:
        try:
            self._outbox.put_nowait(message)
        except queue.Full:
            self._dropped(1, "the publish queue is full")

    def _publish_loop(self) -> None:
        gap = False
        while True:
            message = self._outbox.get()
            if message is None:  # close()
                return
            try:
                self._publish_redis.publish(self.prefix + message.topic, message.encode())
            except Exception as error:  # down, frozen or unreachable: never block the next one for long
                gap = True
                self._dropped(1, f"Redis did not take it ({type(error).__name__})")
                continue
            self._count("published")
            if gap:
                gap = False
                self._drain()
                self._broadcast_resync("publish-gap")

    def _drain(self) -> None:
        """Drop what queued up during the outage: the resync snapshot already carries it."""
        stale = 0
        while True:
            try:
                message = self._outbox.get_nowait()
            except queue.Empty:
                break
            if message is None:
                self._outbox.put_nowait(None)
                break
            stale += 1
        if stale:
            self._dropped(stale, "stale after an outage (replaced by a resync)")

    def _broadcast_resync(self, reason: str) -> None:
        try:
            self._publish_redis.publish(self.prefix + RESYNC_TOPIC, Message(RESYNC_TOPIC, reason, {}).encode())
        except Exception:
            log.warning("live: could not broadcast a resync; resyncing this process only")
            self.resync_all(reason)

    def _dropped(self, n: int, why: str) -> None:
        self._count("dropped", n)
        now = time.monotonic()
        if now - self._last_drop_log > 5.0:  # one line per burst, not one per message
            self._last_drop_log = now
            log.warning("live: dropped %d message(s): %s (%d dropped so far)", n, why, self._stats["dropped"])

    def _count(self, key: str, n: int = 1) -> None:
        with self._counter_lock:
            self._stats[key] += n

    def wait_listening(self, timeout: float) -> bool:
        """Wait (up to ``timeout``) for the process's first subscription to Redis.

        A stream opened on a fresh process (a node just started) would otherwise miss what another
        node publishes before the listener has subscribed, with no gap to resync it. Once subscribed,
        a later outage never makes a stream wait here: the reconnection resyncs every stream."""
        if self.ready.is_set() or self._was_ready:
            return True
        return self.ready.wait(timeout)

    def stats(self) -> dict:
        with self._counter_lock:
            return {**self._stats, "queued": self._outbox.qsize(), "subscribed": self.ready.is_set()}

    # -- listening (self-healing) ----------------------------------------------------------------
    def _listen(self) -> None:
        self._failures, first = 0, True
        while not self._stopped.is_set():
            try:
                # Every subscription but the very first follows a gap: the streams must resync.
                self._subscribe_and_pump(resync=not first)
            except Exception as error:
                if self._stopped.is_set():
                    return
                if self.ready.is_set() or self._failures == 0:
                    log.warning("live: Redis listener lost its connection (%s); reconnecting", error)
                self.ready.clear()
                self._close_pubsub()
                first = False
                self._failures += 1
                delay = min(self.max_backoff, 0.1 * 2 ** min(self._failures, 10)) * random.uniform(0.5, 1.0)
                self._stopped.wait(delay)

    def _subscribe_and_pump(self, *, resync: bool) -> None:
        self._pubsub = self._listen_redis.pubsub(ignore_subscribe_messages=False)
        self._pubsub.psubscribe(self.prefix + "*")
        last_heard = last_ping = time.monotonic()
        while not self._stopped.is_set():
            raw = self._pubsub.get_message(timeout=min(1.0, self.ping_seconds))
            now = time.monotonic()
            if raw is not None:
                last_heard = now
                kind = raw.get("type")
                if kind == "psubscribe":
                    if resync:
                        self._count("reconnects")
                        log.warning("live: Redis listener resubscribed; resyncing every open stream")
                        self.resync_all("reconnected")
                    self.ready.set()
                    self._was_ready = True
                    self._failures = 0
                elif kind == "pmessage":
                    self._handle(raw)
            if now - last_ping >= self.ping_seconds:
                self._pubsub.ping()
                last_ping = now
            if now - last_heard > 3 * self.ping_seconds:
                raise _Dead(f"no answer from Redis for {now - last_heard:.1f} s")

    def _handle(self, raw: dict) -> None:
        try:
            message = Message.decode(raw["data"])
        except (ValueError, KeyError, TypeError):
            log.warning("live: ignoring a malformed message on %s", raw.get("channel"))
            return
        if message.topic == RESYNC_TOPIC:
            self.resync_all(message.event)
        else:
            self.deliver(message)

    def resync_all(self, reason: str) -> None:
        self._count("resyncs")
        super().resync_all(reason)

    def _close_pubsub(self) -> None:
        pubsub, self._pubsub = self._pubsub, None
        if pubsub is not None:
            try:
                pubsub.close()
            except Exception:
                pass

    def close(self, flush_seconds: float = 2.0) -> None:
        deadline = time.monotonic() + flush_seconds
        while not self._outbox.empty() and time.monotonic() < deadline:  # bounded: never hang a shutdown
            time.sleep(0.01)
        self._stopped.set()
        try:
            self._outbox.put_nowait(None)
        except queue.Full:
            pass
        self._listener.join(timeout=3)
        self._publisher.join(timeout=3)
        self._close_pubsub()
        self._listen_redis.close()
        self._publish_redis.close()
