def test_network_page_folds_by_district_with_counts(client, login, make_ceremony):
    ceremony = make_ceremony()
    login("viewer")
    html = client.get(f"/ceremonies/{ceremony.id}/network").get_data(as_text=True)
    assert 'data-tier="district">3<' in html and 'data-tier="commune">4<' in html
    assert '<details class="district" data-code="534">' in html
    assert "Phường Nguyễn Nghiêm" in html
    assert "Điểm cầu" in html  # Vietnamese by default


def test_english_is_switchable(client, login, make_ceremony):
    ceremony = make_ceremony()
    login("viewer")
    html = client.get(f"/ceremonies/{ceremony.id}/network?lang=en").get_data(as_text=True)
    assert "Bridge points" in html and "District points" in html
    # The choice sticks for the session.
    assert "Bridge points" in client.get(f"/ceremonies/{ceremony.id}/network").get_data(as_text=True)
