def test_ceremony_list_and_overview(client, login, make_ceremony):
    ceremony = make_ceremony(title="Lễ phát động Phong trào chuyển đổi số")
    login("viewer")
    html = client.get("/").get_data(as_text=True)
    assert "Lễ phát động Phong trào chuyển đổi số" in html
    assert "08:00, 27/09/2024" in html  # shown in Vietnam time
    html = client.get(f"/ceremonies/{ceremony.id}").get_data(as_text=True)
    assert "Ủy ban nhân dân tỉnh Quảng Ngãi" in html


def test_unknown_ceremony_page_is_404(client, login):
    login("viewer")
    assert client.get("/ceremonies/12345").status_code == 404


def test_the_header_names_the_service_in_the_page_language(client, login):
    login("organizer")
    html = client.get("/?lang=vi").get_data(as_text=True)
    assert 'class="brand"' in html and ">Điều hành buổi lễ</a>" in html and "· Điều hành buổi lễ</title>" in html
    html = client.get("/?lang=en").get_data(as_text=True)
    assert ">Ceremony control</a>" in html
