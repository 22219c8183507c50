"""Exactly once under concurrency: many gates scan the same badge at the same instant.

Each thread has its own app context, so its own session and database connection; a barrier
releases them together. On PostgreSQL the losers block on the unique index until the winner
commits, then answer "already"; on SQLite the database lock serialises them.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from ceremony.attendance.models import DelegateCheckIn, GateScan, ScanResult
from ceremony.attendance.operations import redeem_checkin
from ceremony.ceremonies.models import Ceremony
from ceremony.extensions import db as _db

THREADS = 12


def _fire(app, ceremony_id, text, devices, nonces):
    barrier = threading.Barrier(len(devices))

    def one(i):
        with app.app_context():
            ceremony = _db.session.get(Ceremony, ceremony_id)
            barrier.wait(timeout=10)
            try:
                outcome = redeem_checkin(ceremony, text, f"Cổng {i % 6 + 1}", devices[i], nonces[i])
                _db.session.commit()
                return outcome.result
            finally:
                _db.session.remove()

    with ThreadPoolExecutor(len(devices)) as pool:
        return list(pool.map(one, range(len(devices))))


def test_same_token_from_many_threads_checks_in_exactly_once(app, db, invited, backend):
    print(f"backend={backend}: {THREADS} threads scan one token at once")
    token, ceremony_id = invited.token(0), invited.ceremony.id
    db.session.remove()  # the threads must not wait on a transaction of the test's own session
    results = _fire(app, ceremony_id, token, [f"gate-{i}" for i in range(THREADS)],
                    [f"n-{i}" for i in range(THREADS)])
    assert results.count(ScanResult.welcome) == 1, results
    assert results.count(ScanResult.already) == THREADS - 1, results
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan)) == THREADS


def test_one_request_retried_concurrently_is_recorded_once(app, db, invited):
    token, ceremony_id = invited.token(1), invited.ceremony.id
    db.session.remove()
    results = _fire(app, ceremony_id, token, ["gate-1"] * 8, ["same"] * 8)
    assert set(results) == {ScanResult.welcome}, results
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 1


def test_two_gates_posting_the_same_badge_over_http(app, db, invited, api_headers):
    """The same through the API: each thread its own test client and app context."""
    headers = api_headers("checker")
    url = f"/api/v1/ceremonies/{invited.ceremony.id}/checkins"
    token = invited.token(2)
    db.session.remove()
    barrier = threading.Barrier(6)

    def gate(i):
        with app.app_context():
            client = app.test_client()
            barrier.wait(timeout=10)
            try:
                body = client.post(url, json={"text": token, "gate": f"Cổng {i}", "device": f"g{i}", "nonce": "x"},
                                   headers=headers).get_json()
                return body["result"], body["first_checkin"]["gate"]
            finally:
                _db.session.remove()

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(gate, range(6)))
    results = [r for r, _ in answers]
    assert results.count("welcome") == 1 and results.count("already") == 5, answers
    assert len({first_gate for _, first_gate in answers}) == 1  # everyone names the winner's gate
