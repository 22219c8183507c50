"""Letters and badges of a two-tier ceremony (2025 network): a commune's delegates, printed by the
organizer and by the commune's operator, read back with their QR codes."""
import sqlalchemy as sa

from ceremony.delegates.models import Delegate
from tests.badges.readback import pdf_pages_text, pdf_qr_codes
from tests.two_tier import DUC_PHO, LY_SON, PEOPLE, invite, site, two_tier_ceremony


def _flat(text):
    return " ".join(text.split())


def test_letters_of_a_commune_name_the_commune_and_its_hall(db, client, api_headers, tmp_path):
    ceremony = two_tier_ceremony()
    invited = invite(ceremony, PEOPLE)
    duc_pho = site(ceremony, DUC_PHO)
    duc_pho.operator_name, duc_pho.operator_phone = "Phạm Thị Lụa", "0912000111"
    db.session.commit()
    url = f"/api/v1/ceremonies/{ceremony.id}/invitations/letters.pdf"
    response = client.get(f"{url}?signer_name=Võ Phiên", headers=api_headers())
    assert response.status_code == 200
    texts = [_flat(t) for t in pdf_pages_text(response.get_data())]
    codes = pdf_qr_codes(response.get_data(), tmp_path)
    assert len(texts) == len(codes) == 3
    by_token = {i.token: d for d, i in invited}
    for text, page_codes in zip(texts, codes):
        delegate = by_token[page_codes[0].rsplit("/", 1)[1]]
        assert delegate.person.full_name in text
        if delegate.site.code == DUC_PHO:
            assert "Địa điểm: điểm cầu phường Đức Phổ, Hội trường UBND phường Đức Phổ" in text
            assert "Phạm Thị Lụa, 0912000111" in text
        elif delegate.site.code == LY_SON:
            assert "điểm cầu đặc khu Lý Sơn, Hội trường UBND đặc khu Lý Sơn" in text
        else:
            assert "Địa điểm: Trung tâm IOC tỉnh Quảng Ngãi" in text
    # The commune's operator prints the letters of their point only.
    operator = api_headers("operator", [DUC_PHO])
    response = client.get(f"{url}?site={DUC_PHO}", headers=operator)
    assert response.status_code == 200
    assert [t for t in pdf_pages_text(response.get_data()) if "Võ Minh Quân" in t] and len(
        pdf_pages_text(response.get_data())) == 1
    assert client.get(f"{url}?site={LY_SON}", headers=operator).status_code in (403, 404)  # not theirs


def test_badges_of_a_commune_carry_the_commune_and_a_readable_qr(db, client, api_headers, tmp_path):
    ceremony = two_tier_ceremony()
    invited = invite(ceremony, PEOPLE)
    url = f"/api/v1/ceremonies/{ceremony.id}/badges.pdf"
    response = client.get(f"{url}?site={DUC_PHO}", headers=api_headers("operator", [DUC_PHO]))
    assert response.status_code == 200
    text = _flat(" ".join(pdf_pages_text(response.get_data())))
    assert "Võ Minh Quân" in text and "Điểm cầu: phường Đức Phổ" in text
    assert "Nguyễn Thị Ánh Tuyết" not in text and "Huỳnh Thị Lan" not in text
    codes = [c for page in pdf_qr_codes(response.get_data(), tmp_path) for c in page]
    duc_pho_invitation = next(i for d, i in invited if d.site.code == DUC_PHO)
    assert codes == [f"https://ceremony.test/i/{duc_pho_invitation.token}"]
    # All badges, by the organizer: one per delegate, in point order (the province first).
    response = client.get(url, headers=api_headers())
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)) == 3
    (tmp_path / "all").mkdir()
    assert len([c for page in pdf_qr_codes(response.get_data(), tmp_path / "all") for c in page]) == 3
