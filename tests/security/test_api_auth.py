"""The API takes a bearer token, or the session cookie with the page's CSRF token; 401 before validation."""
import io
import json
import re

from ceremony.delegates.models import Delegate
from tests.delegates.conftest import make_rows, to_csv


def _page_csrf(client, ceremony_id) -> str:
    page = client.get(f"/ceremonies/{ceremony_id}/attendance/scan").get_data(as_text=True)
    config = re.search(r'id="scanner-config">(.*?)</script>', page, re.S).group(1)
    return json.loads(config)["csrfToken"]


def test_cross_site_posts_with_only_the_cookie_are_refused(client, db, ceremony, login):
    login("organizer")
    # A cross-site form can send multipart and text/plain, never a custom header.
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(to_csv(make_rows(3))), "list.csv"), "confirm": "true"})
    assert response.status_code == 403, response.get_json()
    assert response.get_json()["field"] == "X-CSRFToken"
    assert db.session.query(Delegate).count() == 0
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/invitations", data="{}", content_type="text/plain")
    assert response.status_code == 403
    # Reading with the cookie stays possible (a GET changes nothing).
    assert client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates").status_code == 200


def test_the_pages_csrf_header_lets_the_cookie_write(client, db, ceremony, login, monkeypatch):
    import time

    login("organizer")
    token = _page_csrf(client, ceremony.id)
    later = time.time() + 3 * 3600  # a scanner page left open for hours keeps working
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", content_type="multipart/form-data",
                           headers={"X-CSRFToken": token},
                           data={"file": (io.BytesIO(to_csv(make_rows(3))), "list.csv"), "confirm": "true"})
    assert response.status_code in (200, 201), response.get_json()
    assert db.session.query(Delegate).count() == 3
    bad = client.post(f"/api/v1/ceremonies/{ceremony.id}/invitations", json={}, headers={"X-CSRFToken": "forged"})
    assert bad.status_code == 403


def test_bearer_tokens_need_no_csrf(client, ceremony, api_headers):
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/invitations", json={}, headers=api_headers("organizer"))
    assert response.status_code in (200, 201)


def test_unauthenticated_requests_get_401_before_any_validation(client, ceremony):
    for method, url, body in [
        ("post", f"/api/v1/ceremonies/{ceremony.id}/checkins", {"nonsense": 1}),
        ("post", f"/api/v1/ceremonies/{ceremony.id}/delegates/import", None),
        ("get", f"/api/v1/ceremonies/{ceremony.id}/delegates?per_page=abc", None),
        ("post", f"/api/v1/ceremonies/{ceremony.id}/readiness/sites/1/checkins", {"answers": "x"}),
        ("patch", f"/api/v1/ceremonies/{ceremony.id}/segments/1", {"planned_minutes": "x"}),
    ]:
        response = getattr(client, method)(url, json=body)
        assert response.status_code == 401, (url, response.get_json())
        assert "errors" not in response.get_json(), "no schema is described to a stranger"
    bad_token = client.post(f"/api/v1/ceremonies/{ceremony.id}/checkins", json={},
                            headers={"Authorization": "Bearer cer_nope"})
    assert bad_token.status_code == 401
    assert client.get("/api/v1/openapi.json").status_code == 200
