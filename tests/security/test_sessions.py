"""Sessions end on log-out and on a new password (a copied cookie stops working); an organizer can
end every session of an account, on a page and through the API."""
import pytest

from ceremony import create_app  # noqa: F401  (the app fixture builds it)


def _copy(client, app):
    """A second browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie("session", domain="ceremony.test")
    other = app.test_client()
    other.set_cookie("session", cookie.value, domain="ceremony.test")
    return other


def _logged_in(c) -> bool:
    return c.get("/").status_code == 200


def test_a_cookie_copied_before_logout_no_longer_works(app, client, login):
    login("organizer")
    copy = _copy(client, app)
    assert _logged_in(copy)
    assert client.post("/logout").status_code == 302
    assert not _logged_in(copy)
    assert copy.get("/api/v1/ceremonies").status_code == 401


def test_a_new_password_ends_every_other_session(app, client, login):
    user = login("organizer")
    other = _copy(client, app)
    response = client.post("/account/password", data={"current_password": "correct-horse",
                                                     "new_password": "battery-staple", "confirm": "battery-staple"})
    assert response.status_code == 302
    assert _logged_in(client), "the session that changed the password goes on"
    assert not _logged_in(other)
    wrong = client.post("/account/password", data={"current_password": "nope-nope-nope",
                                                  "new_password": "another-one", "confirm": "another-one"})
    assert "Mật khẩu hiện tại không đúng" in wrong.get_data(as_text=True)
    assert user.check_password("battery-staple")


def test_an_organizer_ends_every_session_of_an_account_on_the_page(app, client, login, make_user):
    operator_client = app.test_client()
    operator = make_user("operator", ["534"])
    operator_client.post("/login", data={"email": operator.email, "password": "correct-horse"})
    assert _logged_in(operator_client)
    login("organizer")
    page = client.get("/users")
    assert operator.email in page.get_data(as_text=True)
    assert client.post(f"/users/{operator.id}/sessions/end").status_code == 302
    assert not _logged_in(operator_client)
    assert _logged_in(client)


@pytest.mark.parametrize("revoke", [False, True])
def test_end_user_sessions_api(app, client, db, make_user, api_headers, revoke):
    from ceremony.users.operations import create_api_token

    viewer = make_user("viewer")
    token = create_api_token(viewer)
    db.session.commit()
    viewer_client = app.test_client()
    viewer_client.post("/login", data={"email": viewer.email, "password": "correct-horse"})
    assert _logged_in(viewer_client)
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "endUserSessions" in str(spec)
    response = client.post(f"/api/v1/users/{viewer.id}/sessions/end", json={"revoke_tokens": revoke},
                           headers=api_headers("organizer"))
    assert response.status_code == 200 and response.get_json()["tokens_revoked"] == int(revoke)
    assert not _logged_in(viewer_client)
    still = client.get("/api/v1/ceremonies", headers={"Authorization": f"Bearer {token}"}).status_code
    assert still == (401 if revoke else 200)
    assert client.post(f"/api/v1/users/{viewer.id}/sessions/end", json={},
                       headers=api_headers("viewer")).status_code == 403
