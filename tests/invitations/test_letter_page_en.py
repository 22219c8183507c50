"""The letter settings page in English and for an operator (read only), and bad settings refused."""
from tests.delegates.conftest import ceremony  # noqa: F401  (a fixture)
from tests.delegates.helpers import load_people


def test_letters_page_in_english_and_read_only_for_operators(db, client, ceremony, login, api_headers):
    load_people(ceremony.id)
    db.session.commit()
    login("organizer")
    html = client.get(f"/ceremonies/{ceremony.id}/letters?lang=en").get_data(as_text=True)
    assert "One document: number, date and signer" in html and "name is blank" in html
    assert 'id="letter-settings"' in html
    client.get(f"/ceremonies/{ceremony.id}/letters?lang=vi")
    headers = api_headers()
    url = f"/api/v1/ceremonies/{ceremony.id}/invitations/letter-settings"
    bad = client.put(url, headers=headers, json={"number": "12/GM"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "number" and "Chỉ ghi số" in bad.get_json()["message"]
    assert client.put(url, headers=headers, json={"symbol": ""}).status_code == 422
    assert client.put(url, headers=api_headers("operator", site_codes=("534",)), json={}).status_code == 403
    late = client.put(url, headers=headers, json={"letter_date": "2024-10-01", "signer_name": "Võ Phiên"}).get_json()
    assert [w["code"] for w in late["warnings"]] == ["number_missing", "letter_date_after_event"]
    assert "01/10/2024" in late["warnings"][1]["message"] and "sau ngày tổ chức" in late["warnings"][1]["message"]
    stale = client.put(url, headers=headers, json={"number": "7", "letter_date": "2023-07-20"}).get_json()
    assert [w["code"] for w in stale["warnings"]] == ["letter_date_long_before"]
    client.get("/logout")
    login("operator", site_codes=("534",))
    page = client.get(f"/ceremonies/{ceremony.id}/letters").get_data(as_text=True)
    assert 'id="letter-settings"' not in page and "Võ Phiên" in page
