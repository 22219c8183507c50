"""Accounts and tokens through the API: scopes, expiry, listing and revocation."""
from datetime import timedelta


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_an_organizer_creates_an_operator_and_a_scoped_expiring_token(client, db, clock, make_ceremony, api_headers):
    ceremony = make_ceremony()
    org = api_headers("organizer")
    created = client.post("/api/v1/users", headers=org, json={
        "email": "PhoAn@QuangNgai.gov.vn", "name": "Trần Văn Hòa", "role": "operator", "site_codes": ["21553"],
        "password": "mat-khau-dai"})
    assert created.status_code == 201
    user = created.get_json()
    assert user["email"] == "phoan@quangngai.gov.vn" and user["site_codes"] == ["21553"] and "password" not in user
    again = client.post("/api/v1/users", headers=org, json={"email": "phoan@quangngai.gov.vn", "role": "viewer",
                                                             "password": "mat-khau-dai"})
    assert again.status_code == 409 and again.get_json()["field"] == "email"
    lonely = client.post("/api/v1/users", headers=org, json={"email": "x@y.vn", "role": "operator",
                                                              "password": "mat-khau-dai"})
    assert lonely.status_code == 422 and lonely.get_json()["field"] == "site"

    issued = client.post("/api/v1/tokens", headers=org, json={"user_id": user["id"], "scopes": ["read"],
                                                               "expires_in_days": 2, "label": "Phổ An"})
    assert issued.status_code == 201
    body = issued.get_json()
    assert body["scopes"] == ["read"] and body["token"].startswith("cer_") and body["user_email"] == user["email"]
    token = body["token"]
    assert client.get("/api/v1/ceremonies", headers=_bearer(token)).status_code == 200
    refused = client.post(f"/api/v1/ceremonies/{ceremony.id}/readiness/sites/1/heartbeat", headers=_bearer(token))
    assert refused.status_code == 403 and refused.get_json()["field"] == "scope"
    clock.advance(days=2, seconds=1)
    assert client.get("/api/v1/ceremonies", headers=_bearer(token)).status_code == 401  # expired


def test_tokens_are_listed_without_their_secret_and_revoked_at_once(client, db, api_headers, make_user):
    org = api_headers("organizer")
    viewer = make_user("viewer")
    issued = client.post("/api/v1/tokens", headers=org, json={"user_id": viewer.id, "scopes": ["read", "admin"]})
    token_id, token = issued.get_json()["id"], issued.get_json()["token"]
    listed = client.get("/api/v1/tokens", headers=org).get_json()["items"]
    assert token_id in [t["id"] for t in listed] and all("token" not in t for t in listed)
    # The viewer sees only their own tokens and may not issue one for someone else.
    mine = client.get("/api/v1/tokens", headers=_bearer(token)).get_json()["items"]
    assert [t["id"] for t in mine] == [token_id]
    assert client.get("/api/v1/users", headers=_bearer(token)).status_code == 403
    revoked = client.delete(f"/api/v1/tokens/{token_id}", headers=org)
    assert revoked.status_code == 200 and revoked.get_json()["revoked_at"]
    assert client.get("/api/v1/ceremonies", headers=_bearer(token)).status_code == 401
    assert client.delete("/api/v1/tokens/999999", headers=org).status_code == 404


def test_admin_scope_guards_accounts_tokens_and_webhooks(client, db, make_user, make_ceremony):
    from ceremony.users.operations import create_api_token

    ceremony = make_ceremony()
    organizer = make_user("organizer")
    plain = create_api_token(organizer, scopes=["read", "write"])
    full = create_api_token(organizer)
    db.session.commit()
    for method, url in [("get", "/api/v1/users"), ("get", "/api/v1/tokens"),
                        ("get", f"/api/v1/ceremonies/{ceremony.id}/webhooks")]:
        response = getattr(client, method)(url, headers=_bearer(plain))
        assert response.status_code == 403 and response.get_json()["field"] == "scope", url
        assert getattr(client, method)(url, headers=_bearer(full)).status_code == 200, url
    bad = client.post("/api/v1/tokens", headers=_bearer(full), json={"scopes": ["everything"]})
    assert bad.status_code == 422
    expired = client.post("/api/v1/tokens", headers=_bearer(full), json={"expires_in_days": 0})
    assert expired.status_code == 422 and expired.get_json()["field"] == "expires_in_days"


def test_cli_tokens_take_scopes_and_an_expiry(runner, db, make_user, clock):
    from ceremony.users.operations import token_row

    user = make_user("checker")
    result = runner.invoke(args=["api-token", "create", user.email, "--scope", "read", "--expires-days", "1"])
    assert result.exit_code == 0, result.output
    row = token_row(result.output.strip().splitlines()[-1])
    assert row.scopes == "read" and row.expires_at - clock() == timedelta(days=1)
