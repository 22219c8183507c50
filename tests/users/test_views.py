def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_rejects_a_wrong_password(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "nope-nope"})
    assert response.status_code == 200
    assert "Sai e-mail hoặc mật khẩu" in response.get_data(as_text=True)


def test_login_never_redirects_off_site(client, make_user):
    user = make_user()
    response = client.post("/login?next=//evil.example/x", data={"email": user.email, "password": "correct-horse"})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_forms_require_csrf_outside_tests(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user()
    response = app.test_client().post("/login", data={"email": user.email, "password": "correct-horse"})
    assert response.status_code in (200, 400)
    assert response.status_code != 302
