"""issueInvitations and getInvitationPdf: letters of real delegates, their QR codes read back."""
import sqlalchemy as sa

from ceremony.delegates.models import Delegate
from ceremony.invitations.models import Invitation
from ceremony.sites.models import Site
from tests.badges.readback import pdf_pages_text, pdf_qr_codes
from tests.delegates.conftest import ceremony  # noqa: F401  (a fixture)
from tests.delegates.helpers import PEOPLE, load_people


def _flat(text):
    return " ".join(text.split())


def test_issue_then_print_letters_with_the_right_names_and_tokens(db, client, ceremony, api_headers, tmp_path):
    load_people(ceremony.id)
    phoan = db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.code == "21553"))
    phoan.venue, phoan.address = "Hội trường UBND xã Phổ An", "thị xã Đức Phổ"
    phoan.operator_name, phoan.operator_phone = "Phạm Thị Lụa", "0912000111"
    db.session.commit()
    headers = api_headers()
    url = f"/api/v1/ceremonies/{ceremony.id}/invitations"
    response = client.post(url, headers=headers, json={})
    assert response.status_code == 201
    body = response.get_json()
    assert body["issued"] == body["total"] == len(PEOPLE)
    assert all(i["url"] == f"https://ceremony.test/i/{i['token']}" for i in body["invitations"])
    again = client.post(url, headers=headers, json={}).get_json()
    assert again["issued"] == 0 and {i["token"] for i in again["invitations"]} == {i["token"] for i in body["invitations"]}

    unset = client.get(f"{url}/letters.pdf?site=534", headers=headers)
    assert unset.status_code == 200
    assert set(unset.headers["X-Letter-Warnings"].split(",")) == {"number_missing", "letter_date_missing",
                                                                  "signer_name_missing"}
    settings = client.put(f"{url}/letter-settings", headers=headers, json={
        "number": "125", "letter_date": "2024-09-20", "signer_authority": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Võ Phiên"})
    assert settings.status_code == 200, settings.get_json()
    assert settings.get_json()["warnings"] == [] and settings.get_json()["number_text"] == "Số: 125/GM-UBND"
    response = client.get(f"{url}/letters.pdf", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "X-Letter-Warnings" not in response.headers
    data = response.get_data()
    texts = [_flat(t) for t in pdf_pages_text(data)]
    codes = pdf_qr_codes(data, tmp_path)
    assert len(texts) == len(codes) == len(PEOPLE)
    by_token = {i["token"]: i["delegate_id"] for i in body["invitations"]}
    for text, page_codes in zip(texts, codes):
        assert len(page_codes) == 1 and page_codes[0].startswith("https://ceremony.test/i/c")
        delegate = db.session.get(Delegate, by_token[page_codes[0].rsplit("/", 1)[1]])
        assert f"{delegate.person.honorific} {delegate.person.full_name}" in text  # the QR of this very person
        assert "Võ Phiên" in text and "PHÓ CHỦ TỊCH" in text
        # One document: every recipient's letter carries the same number and date.
        assert "Số: 125/GM-UBND" in text and "Quảng Ngãi, ngày 20 tháng 9 năm 2024" in text
        code = db.session.scalar(sa.select(Invitation.short_code).where(Invitation.delegate_id == delegate.id))
        assert f"{code[:4]}-{code[4:]}" in text
        if delegate.site.code == "51":
            assert "Địa điểm: Trung tâm IOC" in text
        elif delegate.site.code == "21553":
            assert "Địa điểm: điểm cầu xã Phổ An, Hội trường UBND xã Phổ An, thị xã Đức Phổ" in text
            assert "Phạm Thị Lụa, 0912000111" in text

    one = body["invitations"][3]
    response = client.get(f"{url}/letters.pdf?delegate_id={one['delegate_id']}", headers=headers)
    (tmp_path / "one").mkdir()
    assert pdf_qr_codes(response.get_data(), tmp_path / "one") == [[one["url"]]]
    site_pdf = client.get(f"{url}/letters.pdf?site=534", headers=headers).get_data()
    assert [("Lê Ỷ" in _flat(t)) for t in pdf_pages_text(site_pdf)] == [True]


def test_letters_need_invitations_and_known_selections(db, client, ceremony, api_headers):
    delegates = load_people(ceremony.id)
    db.session.commit()
    headers = api_headers()
    url = f"/api/v1/ceremonies/{ceremony.id}/invitations"
    response = client.get(f"{url}/letters.pdf", headers=headers)
    assert response.status_code == 409 and len(response.get_json()["errors"]) == len(PEOPLE)
    assert client.post(url, headers=headers, json={"site": "534"}).get_json()["total"] == 1
    assert client.get(f"{url}/letters.pdf?site=534", headers=headers).status_code == 200
    assert client.get(f"{url}/letters.pdf?site=999", headers=headers).status_code == 404
    assert client.get(f"{url}/letters.pdf?delegate_id=99999", headers=headers).status_code == 404
    assert client.get(f"{url}/letters.pdf?delegate_id=x", headers=headers).status_code == 422
    assert client.post(url, headers=headers, json={"delegate_ids": ["a"]}).status_code == 422
    assert client.post(url, headers=headers, json={"delegate_ids": [99999]}).status_code == 404
    assert client.post(url, headers=api_headers("viewer"), json={}).status_code == 403
    operator = api_headers("operator", site_codes=("534",))
    assert client.get(f"{url}/letters.pdf", headers=operator).status_code == 403
    assert client.get(f"{url}/letters.pdf?site=534", headers=operator).status_code == 200
    assert client.get(f"{url}/letters.pdf?site=51", headers=operator).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1
    assert delegates


def test_a_name_the_letter_font_cannot_draw_is_refused_naming_it(db, client, ceremony, api_headers):
    load_people(ceremony.id, [("Nguyễn Văn 𠀧", "Trưởng thôn", "Thôn An Hải", "536", "ubnd-huyen", "", "", False)])
    db.session.commit()
    headers = api_headers()
    url = f"/api/v1/ceremonies/{ceremony.id}/invitations"
    client.post(url, headers=headers, json={})
    response = client.get(f"{url}/letters.pdf", headers=headers)
    assert response.status_code == 422
    body = response.get_json()
    assert "Nguyễn Văn 𠀧" in body["message"] and body["errors"][0]["characters"] == ["𠀧"]
