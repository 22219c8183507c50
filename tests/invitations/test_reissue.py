"""Organizers revoke a lost invitation and reissue it; the old QR no longer checks anyone in."""
from ceremony.attendance.operations import redeem_checkin
from ceremony.attendance.models import ScanResult

from tests.attendance.conftest import invited, make_invited  # noqa: F401  (fixtures)


def test_reissue_then_the_old_qr_is_revoked_at_the_gate(client, db, invited, api_headers):
    headers = api_headers("organizer")
    delegate, old = invited.delegates[0], invited.invitations[0]
    url = f"/api/v1/ceremonies/{invited.ceremony.id}/delegates/{delegate.id}/invitation"
    response = client.post(f"{url}/reissue", json={"reason": "Giấy mời bị thất lạc"}, headers=headers)
    assert response.status_code == 201, response.get_json()
    new_token = response.get_json()["token"]
    assert new_token != old.token and response.get_json()["revoked_at"] is None
    assert redeem_checkin(invited.ceremony, old.token, "A", "d", "1").result is ScanResult.revoked
    assert redeem_checkin(invited.ceremony, new_token, "A", "d", "2").result is ScanResult.welcome
    db.session.commit()


def test_revoke_without_replacement_and_bad_requests(client, db, invited, api_headers):
    headers = api_headers("organizer")
    delegate = invited.delegates[1]
    url = f"/api/v1/ceremonies/{invited.ceremony.id}/delegates/{delegate.id}/invitation"
    assert client.post(f"{url}/revoke", json={}, headers=headers).status_code == 422
    response = client.post(f"{url}/revoke", json={"reason": "Không tham dự"}, headers=headers)
    assert response.status_code == 200 and response.get_json()["revoked_at"]
    assert client.post(f"{url}/revoke", json={"reason": "lần nữa"}, headers=headers).status_code == 409
    other = f"/api/v1/ceremonies/{invited.ceremony.id}/delegates/999999/invitation/revoke"
    assert client.post(other, json={"reason": "x"}, headers=headers).status_code == 404
    assert client.post(f"{url}/reissue", json={"reason": "x"}, headers=api_headers("checker")).status_code == 403
