"""A check-in that cannot get the SQLite write lock in time answers 503 with Retry-After, not 500."""
import sqlite3

import pytest
import sqlalchemy as sa

from ceremony.attendance.models import DelegateCheckIn, GateScan


@pytest.mark.sqlite_only
def test_a_held_write_lock_answers_503_with_retry_after_and_writes_nothing(app, client, db, invited, api_headers):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the write lock is SQLite's")
    headers = api_headers("checker")
    db.session.commit()
    app.config["SQLITE_WRITE_WAIT_MS"] = 50
    path = db.engine.url.database
    url = f"/api/v1/ceremonies/{invited.ceremony.id}/checkins"
    body = {"text": invited.token(0), "gate": "Cổng A", "device": "p1", "nonce": "1"}
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        response = client.post(url, json=body, headers={**headers, "Accept-Language": "vi"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503, response.get_json()
    assert response.headers["Retry-After"] == "1"
    assert "thử lại" in response.get_json()["message"]
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan)) == 0
    # Once the lock is free the scanner's retry (same device and nonce) goes through.
    again = client.post(url, json=body, headers=headers).get_json()
    assert again["result"] == "welcome"
