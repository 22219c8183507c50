"""Regressions found in review: nonces per ceremony, offline queues that never block, odd gate clocks."""
from datetime import datetime, timezone

from ceremony.attendance.operations import redeem_checkin
from ceremony.attendance.models import ScanResult


def test_the_same_device_and_nonce_at_two_ceremonies_are_two_scans(db, make_invited):
    first, second = make_invited(), make_invited()
    a = redeem_checkin(first.ceremony, first.token(0), "Cổng A", "phone", "n1")
    b = redeem_checkin(second.ceremony, second.token(1), "Cổng A", "phone", "n1")
    db.session.commit()
    assert a.result is ScanResult.welcome and b.result is ScanResult.welcome
    assert not b.replayed
    assert b.delegate.id == second.delegates[1].id != a.delegate.id


def test_a_long_qr_text_in_an_offline_batch_does_not_block_the_rest(client, db, make_invited, api_headers):
    invited = make_invited()
    headers = api_headers("checker")
    scans = [
        {"text": invited.token(0), "gate": "A", "device": "d1", "nonce": "1",
         "scanned_at": "2024-09-27T00:55:00+00:00", "local_result": "welcome"},
        {"text": "WIFI:S:" + "x" * 2100, "gate": "A", "device": "d1", "nonce": "2",
         "scanned_at": "2024-09-27T00:56:00+00:00", "local_result": "unreadable"},
    ]
    response = client.post(f"/api/v1/ceremonies/{invited.ceremony.id}/checkins/batch", json={"scans": scans},
                           headers=headers)
    assert response.status_code == 200, response.get_json()
    assert [r["result"] for r in response.get_json()["results"]] == ["welcome", "unreadable"]


def test_an_absurd_gate_clock_is_replaced_by_the_server_time(client, db, make_invited, api_headers, clock):
    clock.set(datetime(2024, 9, 27, 0, 50, tzinfo=timezone.utc))
    invited = make_invited()
    scans = [{"text": invited.token(0), "gate": "A", "device": "d1", "nonce": "1",
              "scanned_at": "0001-01-01T00:00:00+07:00", "local_result": "welcome"}]
    response = client.post(f"/api/v1/ceremonies/{invited.ceremony.id}/checkins/batch", json={"scans": scans},
                           headers=api_headers("checker"))
    assert response.status_code == 200, response.get_json()
    result = response.get_json()["results"][0]
    assert result["result"] == "welcome"
    assert result["first_checkin"]["checked_in_at"].startswith("2024-09-27T00:50")
