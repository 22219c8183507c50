"""Two app nodes behind HAProxy on one PostgreSQL and one Redis: the layout of docs/deploy.md, measured.

    .venv/bin/python bench/two_nodes.py                      # 3 s of scans before the stop, SIGKILL
    .venv/bin/python bench/two_nodes.py --stop term --seconds 5 --gates 12

It starts, on loopback and as two hosts would run them: a PostgreSQL database of its own
(``ceremony_nodes_<pid>`` from template0 on BENCH_PG_URL's server, dropped after), migrated (the call
``flask db upgrade`` makes) and seeded with a ceremony of invited delegates; two nodes, A and B, each
``gunicorn wsgi:app`` with the production settings on its own port with its own instance folder and
``CEREMONY_SCHEDULER=on``; Redis (BENCH_REDIS_URL, else a redis-server of its own) with a channel prefix
of the run's own; and HAProxy in front (round robin, health checks on ``/healthz``). Then:

1. a check-in posted to node A reaches the attendance board streamed by node B (through Redis);
2. gates scan badges through the proxy (each scan its own device+nonce; a failed one is queued and
   uploaded again with the same nonce, as the gate page does); mid-load the node that leads the
   scheduler is stopped (``--stop kill``: SIGKILL of its process group, a host that dies; ``term``: a
   graceful stop);
3. it prints scans/s through the proxy on two nodes and on one, the failover gap (the longest any gate
   went without an answer across the stop), the failed answers and their retries, the scans lost
   (acknowledged but not in the database; must be 0) and recorded twice (must be 0), and how long the
   scheduler leader took to move to the other node.

The layout itself is ``bench/_nodes.py`` (``TwoNodes``); ``tests/deploy/test_two_nodes.py`` runs it and
asserts on the same figures.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import queue
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import login_cookie  # noqa: E402
from bench._nodes import HAPROXY, TwoNodes, wait_until  # noqa: E402


class Board(threading.Thread):
    """An attendance board's server-sent-event stream, read into a queue of (event, data, arrived)."""

    def __init__(self, port: int, path: str, cookie: str):
        super().__init__(daemon=True, name=f"board-{port}")
        self.events: queue.Queue = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.request("GET", path, headers={"Cookie": cookie, "Accept": "text/event-stream"})
        self.response = self.conn.getresponse()
        if self.response.status != 200:
            raise RuntimeError(f"two nodes: the board stream answered {self.response.status}")
        self._closing = False

    def run(self) -> None:
        event, data = None, ""
        try:
            while True:
                line = self.response.fp.readline()
                if not line:
                    return
                line = line.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif line == "" and event is not None:
                    self.events.put((event, json.loads(data), time.monotonic()))
                    event, data = None, ""
        except (OSError, ValueError, http.client.HTTPException):
            if not self._closing:
                self.events.put(("closed", {}, time.monotonic()))

    def wait_for(self, match, seconds: float):
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                event, data, at = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if match(event, data):
                return event, data, at
        return None

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        self.conn.close()
        self.join(timeout=5)


def board_reach(layout: TwoNodes, via: str, board: str, index: int = 0) -> dict:
    """Open the attendance board on node ``board``, post one check-in to node ``via`` (not through the
    proxy) and time its arrival on the board. The session cookie comes from a login on ``via``: every
    node signs sessions with the same SECRET_KEY."""
    seeded = layout.seeded
    cookie = login_cookie(layout.nodes[via].port, *seeded.organizer)
    stream = Board(layout.nodes[board].port, f"/ceremonies/{seeded.ceremony_id}/attendance/stream", cookie)
    stream.start()
    try:
        snapshot = stream.wait_for(lambda e, d: e == "snapshot", 15)
        if snapshot is None:
            raise RuntimeError("two nodes: the board sent no snapshot")
        conn = http.client.HTTPConnection("127.0.0.1", layout.nodes[via].port, timeout=15)
        try:
            sent = time.monotonic()
            conn.request("POST", layout.checkins_path, headers=layout.gate_headers(), body=json.dumps(
                {"text": seeded.tokens[index], "gate": "Cổng chính", "device": "board-check",
                 "nonce": f"board-{index}"}))
            response = conn.getresponse()
            payload = response.read()
            answer = json.loads(payload)
        finally:
            conn.close()
        name = seeded.names[index]
        arrived = stream.wait_for(lambda e, d: e == "scan" and d.get("name") == name, 15)
        return {"status": response.status, "result": answer.get("result"), "present_before": snapshot[1]["present"],
                "sample": ("POST", layout.checkins_path, response.status, response.getheaders(), payload),
                "reached": arrived is not None, "ms": (arrived[2] - sent) * 1000 if arrived else None}
    finally:
        stream.close()


# -- the gates ---------------------------------------------------------------------------------------

@dataclass
class Ack:
    device: str
    nonce: str
    result: str
    node: str  # the proxy's X-Node: which node answered
    sent: float
    answered: float
    replayed: bool = False
    via_batch: bool = False


@dataclass
class GateLog:
    acks: list[Ack] = field(default_factory=list)
    sent: list[tuple[str, str]] = field(default_factory=list)  # (device, nonce) of every scan made
    failures: Counter = field(default_factory=Counter)  # what a failed attempt saw: status or error
    uploads: int = 0  # batch uploads of queued scans that were answered
    # The first answers of each (path, status) the app gave, as (method, path, status, headers, body):
    # the test checks them against /api/v1/openapi.json.
    samples: dict = field(default_factory=dict)


class Gate(threading.Thread):
    """One gate scanning badges through the proxy as fast as answers come. A scan that fails (an
    error status, a reset, a time-out) is queued with its nonce and uploaded again after the next
    answered scan (``uploadScans``), as the gate page does; at the end the queue is emptied."""

    def __init__(self, number: int, port: int, layout: TwoNodes, badges, stop: threading.Event):
        super().__init__(daemon=True, name=f"gate-{number}")
        self.number, self.port, self.badges, self.stop_event = number, port, badges, stop
        self.path, self.headers = layout.checkins_path, layout.gate_headers()
        self.device = f"gate-{number}"
        self.log = GateLog()
        self.queue: list[dict] = []
        self.conn: http.client.HTTPConnection | None = None
        self.error: BaseException | None = None

    def _post(self, path: str, body: dict) -> tuple[int, dict, str]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            self.conn.request("POST", path, body=json.dumps(body), headers=self.headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        node = response.getheader("X-Node", "?")
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        kept = self.log.samples.setdefault((path, response.status), [])
        if len(kept) < 2 and response.status < 500:  # a 5xx here is the proxy's own page
            kept.append(("POST", path, response.status, response.getheaders(), payload))
        try:
            return response.status, json.loads(payload) if payload else {}, node
        except ValueError:
            return response.status, {}, node

    def _attempt(self, path: str, body: dict) -> tuple[int | str, dict, str]:
        try:
            return self._post(path, body)
        except (OSError, http.client.HTTPException) as error:
            return type(error).__name__, {}, "?"

    def scan(self, token: str, n: int) -> None:
        scan = {"text": token, "gate": f"Cổng {self.number}", "device": self.device, "nonce": f"{self.number}-{n}",
                "method": "scan"}
        self.log.sent.append((self.device, scan["nonce"]))
        sent = time.monotonic()
        status, body, node = self._attempt(self.path, scan)
        if status == 200:
            self.log.acks.append(Ack(self.device, scan["nonce"], body["result"], node, sent, time.monotonic(),
                                     bool(body.get("replayed"))))
            if self.queue:
                self.flush()
        else:
            self.log.failures[status] += 1
            self.queue.append({**scan, "scanned_at": datetime.now(timezone.utc).isoformat()})
            time.sleep(0.05)  # the gate shows "queued" and the next badge comes

    def flush(self) -> bool:
        batch = self.queue[:200]
        sent = time.monotonic()
        status, body, node = self._attempt(self.path + "/batch", {"scans": batch})
        if status != 200:
            self.log.failures[f"batch {status}"] += 1
            return False
        self.log.uploads += 1
        answered = time.monotonic()
        for item, outcome in zip(batch, body["results"], strict=True):
            self.log.acks.append(Ack(self.device, item["nonce"], outcome["result"], node, sent, answered,
                                     bool(outcome.get("replayed")), True))
        del self.queue[:len(batch)]
        return True

    def run(self) -> None:
        try:
            n = 0
            while not self.stop_event.is_set():
                token = next(self.badges, None)
                if token is None:
                    break
                self.scan(token, n)
                n += 1
            deadline = time.monotonic() + 30
            while self.queue and time.monotonic() < deadline:
                if not self.flush():
                    time.sleep(0.2)
        except BaseException as error:  # noqa: BLE001 - reported by the caller, never lost in a thread
            self.error = error
        finally:
            if self.conn is not None:
                self.conn.close()


class _Badges:
    """Badge tokens handed out once each across the gate threads."""

    def __init__(self, tokens):
        self._it, self._lock = iter(tokens), threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self._lock:
            return next(self._it)


WARM_UP = 0.5  # seconds of scans not counted in a rate: each worker's first requests fill its caches


def failover(layout: TwoNodes, *, gates: int = 8, before: float = 2.0, after: float = 2.0, stop: str = "kill",
             first_badge: int = 1) -> dict:
    """Scans through the proxy; after ``before`` s (past a warm-up) the scheduler's leader node is
    stopped; the gates go on until the leader has moved and for ``after`` s once the node is gone; then
    every gate empties its queue.
    Returns the figures and the evidence (acks, the database's rows)."""
    import sqlalchemy as sa

    engine = layout.engine()
    stop_event = threading.Event()
    threads: list[Gate] = []
    try:
        victim, token_before = layout.wait_leader(engine=engine)
        survivor = "b" if victim == "a" else "a"
        badges = _Badges(layout.seeded.tokens[first_badge:])
        threads = [Gate(i + 1, layout.proxy_port, layout, badges, stop_event) for i in range(gates)]
        began = time.monotonic()
        for t in threads:
            t.start()

        def answered_by_both():
            nodes = {a.node for t in threads for a in list(t.log.acks)}
            return {"a", "b"} <= nodes and time.monotonic() - began >= WARM_UP + before

        wait_until(answered_by_both, 30, "the gates' scans did not reach both nodes", every=0.02)
        node = layout.nodes[victim]
        stopped_at = time.monotonic()
        node.signal_stop(stop)
        stop_done = moved_at = token_after = None  # stop_done: the node's processes are gone
        while time.monotonic() - stopped_at < max(after, 3 * layout.lease_seconds + 30):
            if stop_done is None and not node.alive:
                stop_done = time.monotonic()
            if moved_at is None:
                holder, token = layout.leader(engine)
                if holder == survivor:
                    moved_at, token_after = time.monotonic(), token
            if None not in (moved_at, stop_done) and time.monotonic() - stop_done >= after:
                break
            time.sleep(0.02)
        stop_event.set()
        ended = time.monotonic()
        node.stop(stop)  # reaped (and killed, had it not stopped by now)
        stop_done = stop_done or time.monotonic()
        for t in threads:
            t.join(timeout=60)
        errors = [repr(t.error) for t in threads if t.error is not None or t.is_alive()]
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT device, nonce, result, checkin_id FROM attendance_scans "
                                        "WHERE ceremony_id = :c AND device LIKE 'gate-%'"),
                                {"c": layout.seeded.ceremony_id}).all()
            checkins = conn.execute(sa.text("SELECT count(*) FROM attendance_checkins WHERE ceremony_id = :c"),
                                    {"c": layout.seeded.ceremony_id}).scalar()
    finally:
        stop_event.set()  # also when something above failed: no gate goes on scanning
        engine.dispose()

    acks = [a for t in threads for a in t.log.acks]
    sent = [s for t in threads for s in t.log.sent]
    recorded = Counter((r.device, r.nonce) for r in rows)
    acked = {(a.device, a.nonce) for a in acks}
    lost = sorted(k for k in acked if k not in recorded)
    twice = sorted(k for k, n in recorded.items() if n > 1)
    unanswered = sorted(set(sent) - acked)
    failures = Counter()
    for t in threads:
        failures.update(t.log.failures)

    def rate(lo: float, hi: float) -> float:
        n = sum(1 for a in acks if lo <= a.answered < hi and not a.via_batch)
        return n / (hi - lo) if hi > lo else float("nan")

    gaps, normal = [], []
    for t in threads:
        times = sorted(a.answered for a in t.log.acks if not a.via_batch)
        for earlier, later in itertools.pairwise(times):
            (gaps if earlier <= stopped_at < later else normal).append(later - earlier)
    normal.sort()
    return {
        "victim": victim, "survivor": survivor, "stop": stop, "gates": gates,
        "scans": len(sent), "acknowledged": len(acked), "answers": dict(Counter(a.result for a in acks)),
        "rate_two_nodes": rate(began + WARM_UP, stopped_at), "rate_one_node": rate(stop_done + WARM_UP, ended),
        "served_before": dict(Counter(a.node for a in acks if a.answered < stopped_at and not a.via_batch)),
        "served_after": dict(Counter(a.node for a in acks if a.sent > stop_done)),
        "failover_gap_ms": 1000 * max(gaps, default=0.0),
        "usual_gap_ms": 1000 * (normal[len(normal) // 2] if normal else float("nan")),
        "failed_attempts": dict(failures), "retried_scans": sum(1 for a in acks if a.via_batch),
        "replayed": sum(1 for a in acks if a.replayed),
        "lost": lost, "recorded_twice": twice, "unanswered": unanswered,
        "rows": len(rows), "checkins": checkins,
        "leader_moved_s": None if moved_at is None else moved_at - stopped_at,
        "leader_token": (token_before, token_after), "thread_errors": errors,
        "samples": [sample for t in threads for kept in t.log.samples.values() for sample in kept],
        "stop_took_ms": 1000 * (stop_done - stopped_at),
    }


# -- the command -------------------------------------------------------------------------------------

def report(layout: TwoNodes, reach: dict, figures: dict) -> None:
    f = figures
    t = layout.timings
    print(f"setup: ready in {t['ready']:.1f} s (flask db upgrade {t['migrate']:.1f} s; both nodes answering "
          f"/healthz {t['nodes up']:.1f} s after their start, seeding {layout.delegates} delegates meanwhile "
          f"{t['seed']:.1f} s; proxy sending to both {t['proxy up']:.1f} s)")
    print(f"board: a check-in on node A reached the board streamed by node B in {reach['ms']:.0f} ms"
          if reach["reached"] else "board: the check-in on node A NEVER reached node B's board")
    print(f"load: {f['gates']} gates through HAProxy; node {f['victim']} (the scheduler leader) stopped "
          f"with {'SIGKILL' if f['stop'] == 'kill' else 'SIGTERM'} mid-load (gone after {f['stop_took_ms']:.0f} ms)")
    print(f"  scans/s through the proxy: {f['rate_two_nodes']:.0f} on two nodes (served {f['served_before']}), "
          f"{f['rate_one_node']:.0f} on one (served after the stop {f['served_after']})")
    print(f"  failover gap: {f['failover_gap_ms']:.0f} ms (the longest a gate waited for an answer across the "
          f"stop; {f['usual_gap_ms']:.0f} ms between answers otherwise)")
    print(f"  scans {f['scans']}, acknowledged {f['acknowledged']}, answers {f['answers']}; failed attempts "
          f"{f['failed_attempts'] or 0}, queued and uploaded again {f['retried_scans']}, "
          f"answered from the record (replayed) {f['replayed']}")
    print(f"  scans lost: {len(f['lost'])}; recorded twice: {len(f['recorded_twice'])}; never answered: "
          f"{len(f['unanswered'])}; scan rows {f['rows']}, check-ins {f['checkins']}")
    moved = f["leader_moved_s"]
    print(f"  scheduler leader moved to node {f['survivor']} in "
          + (f"{moved:.1f} s (lease {layout.lease_seconds:g} s, renewed every {layout.poll_seconds:g} s; "
             f"token {f['leader_token'][0]} -> {f['leader_token'][1]})" if moved is not None else "NEVER"))


def main() -> None:
    from bench._harness import own_redis, record

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="scans before the stop (and after it)")
    parser.add_argument("--gates", type=int, default=8)
    parser.add_argument("--stop", choices=("kill", "term"), default="kill")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per node")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--lease", type=float, default=4.0, help="CEREMONY_SCHEDULER_LEASE_SECONDS")
    parser.add_argument("--poll", type=float, default=0.5, help="CEREMONY_SCHEDULER_POLL_SECONDS")
    parser.add_argument("--delegates", type=int, default=0, help="default: enough for the load")
    args = parser.parse_args()
    if not os.path.exists(HAPROXY):
        raise SystemExit("two nodes: haproxy is not installed (apt-get install -y haproxy)")
    pg = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    delegates = args.delegates or int(400 * 2 * args.seconds + 2000)
    with own_redis() as redis_url:
        if not redis_url:
            raise SystemExit("two nodes: no Redis (BENCH_REDIS_URL or redis-server) to share between the nodes")
        with TwoNodes(pg, redis_url, delegates=delegates, workers=args.workers, threads=args.threads,
                      lease_seconds=args.lease, poll_seconds=args.poll,
                      ports=os.environ.get("BENCH_PORTS", "")) as layout:
            victim, _ = layout.wait_leader()
            other = "b" if victim == "a" else "a"
            reach = board_reach(layout, victim, other)
            figures = failover(layout, gates=args.gates, before=args.seconds, after=args.seconds, stop=args.stop)
            report(layout, reach, figures)
    record("two_nodes", "check-in on node A to node B's board", reach["ms"], "ms")
    record("two_nodes", "scans/s through the proxy (two nodes)", round(figures["rate_two_nodes"]), "/s")
    record("two_nodes", f"failover gap ({args.stop})", round(figures["failover_gap_ms"]), "ms")
    record("two_nodes", "acknowledged scans lost", len(figures["lost"]), target="0", ok=not figures["lost"])
    record("two_nodes", "scheduler leader moved", figures["leader_moved_s"], "s",
           target=f"≤ {args.lease + args.poll + 2:g}",
           ok=figures["leader_moved_s"] is not None and figures["leader_moved_s"] <= args.lease + args.poll + 2)


if __name__ == "__main__":
    main()
