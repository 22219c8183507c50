"""More than one machine (issue 13): two app nodes behind HAProxy on one PostgreSQL and one Redis.

The layout of docs/deploy.md, for real (``TwoNodes`` in bench/_nodes.py): a PostgreSQL database of the
test's own (``ceremony_nodes_<pid>`` from template0 on TEST_DATABASE_URL's server, migrated by the call
``flask db upgrade`` makes, dropped after); two ``gunicorn wsgi:app`` nodes with the production
settings, each on its own port with its own instance folder and ``CEREMONY_SCHEDULER=on``;
TEST_REDIS_URL (else a redis-server of the test's own) shared by both (pub/sub ignores Redis database
numbers, so the nodes get a channel prefix of this run's own, ``CEREMONY_LIVE_PREFIX``); HAProxy in
front. ``TEST_PORTS`` ("5710-5729") bounds the ports it takes.

Skipped, with the reason, unless PostgreSQL, Redis and haproxy (``apt-get install -y haproxy``) are
present. About 20 s on two busy cores, most of it starting the processes.
"""
from __future__ import annotations

import os
import time

import pytest

from bench._nodes import GUNICORN, HAPROXY, TwoNodes
from bench.two_nodes import board_reach, failover
from tests.redis_support import REDIS_SERVER, OwnRedis

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
LEASE_SECONDS, POLL_SECONDS = 4.0, 0.5


def _missing() -> str:
    if not PG_URL:
        return "TEST_DATABASE_URL is not set (no PostgreSQL server answered)"
    if not REDIS_URL and not os.access(REDIS_SERVER, os.X_OK):
        return "TEST_REDIS_URL is not set (no Redis server answered) and redis-server is not installed"
    if not os.access(HAPROXY, os.X_OK):
        return f"{HAPROXY} is missing (apt-get install -y haproxy)"
    if not GUNICORN.exists():
        return f"{GUNICORN} is missing (make install)"
    return ""


def _document_mismatches(layout, samples) -> list[str]:
    """The nodes' API answers checked against /api/v1/openapi.json, as the test client checks its own."""
    from flask import request

    from bench._nodes import local_app
    from tests import openapi_check

    app = local_app(layout.url, layout.secret)
    found = []
    for method, path, status, headers, body in samples:
        with app.test_request_context(path, method=method):
            kept = [(k, v) for k, v in headers if k.lower() in ("content-type", "content-encoding")]
            problem = openapi_check.check_response(app, request._get_current_object(),
                                                   app.response_class(body, status=status, headers=kept))
        if problem:
            found.append(problem)
    return found


@pytest.fixture
def shared_redis():
    """TEST_REDIS_URL's server, else a redis-server of the test's own."""
    if REDIS_URL:
        yield REDIS_URL
        return
    server = OwnRedis().start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.mark.postgresql_only
@pytest.mark.skipif(bool(_missing()), reason=f"two-node test skipped: {_missing()}")
def test_two_nodes_share_the_board_and_survive_losing_one_mid_load(shared_redis):
    began = time.monotonic()
    with TwoNodes(PG_URL, shared_redis, delegates=2000, workers=1, threads=16, lease_seconds=LEASE_SECONDS,
                  poll_seconds=POLL_SECONDS, ports=os.environ.get("TEST_PORTS", ""), drop_in_background=True) as layout:
        try:
            # The node leading the scheduler is "A": the one stopped below.
            a, _token = layout.wait_leader()
            b = "b" if a == "a" else "a"

            # 1. A check-in taken by node A reaches the attendance board streamed by node B (via Redis),
            # with a session cookie node A signed (both nodes share SECRET_KEY).
            phases = {"ready": time.monotonic() - began}
            reach = board_reach(layout, via=a, board=b)
            phases["board"] = time.monotonic() - began - sum(phases.values())
            assert (reach["status"], reach["result"], reach["present_before"]) == (200, "welcome", 0), reach
            assert reach["reached"], "the check-in taken on node A never reached node B's board"
            assert reach["ms"] < 5000, reach

            # 2. Gates scan through the proxy; node A dies (SIGKILL of its process group) mid-load.
            f = failover(layout, gates=8, before=1.0, after=1.0, stop="kill")
            phases["failover"] = time.monotonic() - began - sum(phases.values())
        except BaseException:
            print(layout.diagnostics())
            raise
        print(f"two nodes: {layout.timings}; board {reach['ms']:.0f} ms; "
              f"{f['rate_two_nodes']:.0f} scans/s on two nodes, {f['rate_one_node']:.0f} on one; gap "
              f"{f['failover_gap_ms']:.0f} ms; failed {f['failed_attempts']}; leader moved {f['leader_moved_s']}")
        assert not f["thread_errors"], f
        # Both nodes answered before the stop; afterwards every answer came from the survivor.
        assert set(f["served_before"]) == {"a", "b"}, f["served_before"]
        survivor = f["survivor"]
        assert set(f["served_after"]) == {survivor} and sum(f["served_after"].values()) > 0, f["served_after"]
        assert f["failover_gap_ms"] < 8000, f
        # Every acknowledged scan is in the database, each exactly once; every scan was answered in the
        # end (failed ones through the gate's queue, same device+nonce), each badge once: all welcome.
        assert f["lost"] == [] and f["recorded_twice"] == [] and f["unanswered"] == [], f
        assert f["answers"] == {"welcome": f["scans"]}, f["answers"]
        assert f["rows"] == f["scans"] and f["checkins"] == f["scans"] + 1, f  # + the board's check-in
        # The scheduler's leader lease moved to the survivor once the dead node's ran out, with the next
        # fencing token.
        assert f["leader_moved_s"] is not None, "the scheduler leader never moved to the surviving node"
        assert f["leader_moved_s"] <= LEASE_SECONDS + POLL_SECONDS + 6, f["leader_moved_s"]
        assert f["leader_token"][1] == f["leader_token"][0] + 1, f["leader_token"]
        # The answers the gates got (redeemCheckin, and uploadScans for the queued ones) are documented ones.
        assert _document_mismatches(layout, [reach["sample"], *f["samples"]]) == []
    phases["stop"] = time.monotonic() - began - sum(phases.values())
    print("two nodes: " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items())
          + f"; {time.monotonic() - began:.1f} s in all")
