"""getBadgesPdf: badges of invited delegates, read back; refusals before anything is printed."""
import sqlalchemy as sa

from ceremony.invitations.models import Invitation
from tests.badges.readback import pdf_pages_text, pdf_qr_codes
from tests.delegates.helpers import PEOPLE, load_people


def _flat(text):
    return " ".join(text.split())


def test_badges_of_a_ceremony_carry_each_delegates_name_and_token(db, client, invited_ceremony, api_headers, tmp_path):
    invitations = {i.token: i for i in db.session.scalars(sa.select(Invitation))}
    response = client.get(f"/api/v1/ceremonies/{invited_ceremony.id}/badges.pdf", headers=api_headers())
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.is_streamed
    data = response.get_data()
    text = " ".join(_flat(t) for t in pdf_pages_text(data))
    for name, *_ in PEOPLE:
        assert name in text
    codes = [code for page in pdf_qr_codes(data, tmp_path) for code in page]
    assert sorted(c.rsplit("/", 1)[1] for c in codes) == sorted(invitations)
    assert all(c.startswith("https://ceremony.test/i/") for c in codes)


def test_single_badges_per_point_and_filters(db, client, invited_ceremony, api_headers, tmp_path):
    headers = api_headers()
    url = f"/api/v1/ceremonies/{invited_ceremony.id}/badges.pdf"
    data = client.get(f"{url}?format=single&site=51", headers=headers).get_data()
    texts = [_flat(t) for t in pdf_pages_text(data)]
    assert len(texts) == 2  # the two provincial delegates, one badge per page, in name order
    assert "Đặng Ngọc Ẩn" in texts[0] and "Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng" in texts[1]
    codes = pdf_qr_codes(data, tmp_path)
    assert [len(c) for c in codes] == [1, 1]
    vip = client.get(f"{url}?vip=true&format=single", headers=headers).get_data()
    assert len(pdf_pages_text(vip)) == 2
    assert client.get(f"{url}?format=poster", headers=headers).status_code == 422
    assert client.get(f"{url}?site=nowhere", headers=headers).status_code == 404
    assert client.get(f"{url}?category=khong-co", headers=headers).status_code == 404
    assert client.get(url, headers=api_headers("viewer")).status_code == 403
    operator = api_headers("operator", site_codes=("534",))
    assert client.get(url, headers=operator).status_code == 403
    assert "Lê Ỷ" in _flat(pdf_pages_text(client.get(f"{url}?site=534", headers=operator).get_data())[0])


def test_glyph_check_refuses_naming_the_delegate_and_the_character(db, client, ceremony, api_headers):
    load_people(ceremony.id, PEOPLE[:2] + [("Trần Thị 𠀧", "Trưởng thôn", "Thôn 3", "536", "ubnd-huyen", "", "", False)])
    db.session.commit()
    headers = api_headers()
    assert client.post(f"/api/v1/ceremonies/{ceremony.id}/invitations", headers=headers, json={}).status_code == 201
    response = client.get(f"/api/v1/ceremonies/{ceremony.id}/badges.pdf", headers=headers)
    assert response.status_code == 422
    body = response.get_json()
    assert "Trần Thị 𠀧" in body["message"] and "U+20027" in body["message"]
    assert [(e["full_name"], e["characters"]) for e in body["errors"]] == [("Trần Thị 𠀧", ["𠀧"])]


def test_badges_need_invitations(db, client, ceremony, api_headers):
    load_people(ceremony.id)
    db.session.commit()
    response = client.get(f"/api/v1/ceremonies/{ceremony.id}/badges.pdf", headers=api_headers())
    assert response.status_code == 409 and "issueInvitations" in response.get_json()["message"]
