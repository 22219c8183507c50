"""NUL characters and oversize fields are a 422 naming the field, on SQLite and PostgreSQL alike."""
import pytest


@pytest.mark.parametrize("path, field", [
    ("delegates?q=%00", "q"),
    ("readiness/board?phase=x%00", "phase"),
    ("invitations/letters.pdf?site=%00", "site"),
    ("badges.pdf?category=%00", "category"),
    ("delegates?q=" + "a" * 30_000, "q"),
])
def test_query_parameters(client, ceremony, api_headers, path, field):
    response = client.get(f"/api/v1/ceremonies/{ceremony.id}/{path}", headers=api_headers("organizer"))
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert response.get_json()["field"] == field


def test_json_bodies_name_the_field(client, ceremony, api_headers):
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/checkins", headers=api_headers("organizer"),
                           json={"text": "c1.x", "gate": "A\x00", "device": "d", "nonce": "n"})
    assert response.status_code == 422
    assert response.get_json()["field"] == "json.gate"
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/checkins/batch", headers=api_headers("organizer"),
                           json={"scans": [{"text": "x" * 25_000, "gate": "A", "device": "d", "nonce": "n"}]})
    assert response.status_code == 422 and response.get_json()["field"] == "json.scans[0].text"


def test_pages_and_forms(client, db, ceremony, login):
    assert client.get("/i/c1.abc%00def").status_code == 422
    assert client.get("/r/abc%00").status_code == 422
    login("organizer")
    response = client.get(f"/ceremonies/{ceremony.id}/delegates?q=%00")
    assert response.status_code == 422 and "NUL" in response.get_data(as_text=True)
    response = client.post("/login", data={"email": "a\x00@b.vn", "password": "x"})
    assert response.status_code == 422
