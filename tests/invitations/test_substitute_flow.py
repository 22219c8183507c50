"""A substitute replaces the original everywhere at once, sent from the delegate's page or through
the API twin: the original's QR and short code are refused at the gate, the substitute is admitted
by the typed short code, the point's letters and badges print at once, and issuing "the missing
letters" never revives the replaced delegate. The organizer sees who replaced whom."""
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from ceremony.attendance.queries import code_hash
from ceremony.invitations.models import Invitation
from tests.badges.readback import pdf_pages_text, pdf_qr_codes

from tests.attendance.conftest import invited, make_invited  # noqa: F401  (fixtures)

SUBSTITUTE = "Trần Văn Thay"


def _flat(text):
    return " ".join(text.split())


def _send(client, token, via):
    data = {"full_name": SUBSTITUTE, "title": "Phó Chủ tịch UBND thị xã Đức Phổ", "phone": "0905 111 222"}
    if via == "page":
        response = client.post(f"/i/{token}/substitute", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client.get(f"/api/v1/invitations/{token}").get_json()["replaced_by"]["delegate_id"]
    response = client.post(f"/api/v1/invitations/{token}/substitute", json=data)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["delegate_id"]


@pytest.mark.parametrize("via", ["page", "api"])
def test_substitute_replaces_the_original_everywhere_at_once(db, client, invited, api_headers, login, tmp_path,
                                                            via):
    organizer, checker = api_headers("organizer"), api_headers("checker")
    cid = invited.ceremony.id
    original = invited.invitations[4]  # Võ Minh Quân, point 534 (Đức Phổ), with Huỳnh Thị Lan
    original_token, original_code, original_delegate = original.token, original.short_code, original.delegate_id
    assert client.put(f"/api/v1/ceremonies/{cid}/invitations/letter-settings", headers=organizer, json={
        "number": "125", "letter_date": "2024-09-20", "signer_name": "Võ Phiên"}).status_code == 200
    # The RSVP twin answers as the page does.
    answered = client.post(f"/api/v1/invitations/{original_token}/rsvp", json={"answer": "attending"})
    assert answered.status_code == 200 and answered.get_json()["rsvp_status"] == "attending"

    substitute_delegate = _send(client, original_token, via)
    substitute = db.session.scalar(sa.select(Invitation).where(Invitation.delegate_id == substitute_delegate))
    assert substitute.substitute_for_id == original.id and substitute.rsvp_status.value == "attending"

    # The point's letters and badges print at once (API and pages), with the substitute, not the original.
    letters = client.get(f"/api/v1/ceremonies/{cid}/invitations/letters.pdf?site=534", headers=organizer)
    assert letters.status_code == 200, letters.get_json()
    texts = [_flat(t) for t in pdf_pages_text(letters.get_data())]
    assert len(texts) == 2 and any(SUBSTITUTE in t for t in texts) and not any("Võ Minh Quân" in t for t in texts)
    assert all("Số: 125/GM-UBND" in t for t in texts)
    assert any(substitute.code_display in t for t in texts)
    qr = [c for page in pdf_qr_codes(letters.get_data(), tmp_path) for c in page]
    assert f"https://ceremony.test/i/{substitute.token}" in qr and not any(original_token in c for c in qr)
    badges = client.get(f"/api/v1/ceremonies/{cid}/badges.pdf?site=534&format=single", headers=organizer)
    assert badges.status_code == 200
    assert any(SUBSTITUTE in t for t in pdf_pages_text(badges.get_data()))
    login("organizer")
    assert client.get(f"/ceremonies/{cid}/letters.pdf?site=534").status_code == 200
    assert client.get(f"/ceremonies/{cid}/badges.pdf?site=534").status_code == 200
    # The original alone is refused, naming the substitute (in Vietnamese).
    alone = client.get(f"/api/v1/ceremonies/{cid}/invitations/letters.pdf?delegate_id={original_delegate}",
                       headers=organizer)
    assert alone.status_code == 409 and SUBSTITUTE in alone.get_json()["message"]
    assert "người dự thay" in alone.get_json()["message"]

    # "Issue the missing invitations", on the page and through the API, never revives the original.
    assert client.post(f"/ceremonies/{cid}/delegates/invitations").status_code == 302
    issued = client.post(f"/api/v1/ceremonies/{cid}/invitations", headers=organizer, json={}).get_json()
    assert issued["issued"] == 0 and original_delegate in issued["skipped"]
    assert original_delegate not in {i["delegate_id"] for i in issued["invitations"]}
    live = db.session.scalars(sa.select(Invitation).where(Invitation.delegate_id == original_delegate,
                                                          Invitation.revoked_at.is_(None))).all()
    assert live == []
    reissue = client.post(f"/api/v1/ceremonies/{cid}/delegates/{original_delegate}/invitation/reissue",
                          headers=organizer, json={"reason": "thử cấp lại"})
    assert reissue.status_code == 409 and SUBSTITUTE in reissue.get_json()["message"]

    # At the gate: the original's QR and typed code are refused, saying who replaced him.
    url = f"/api/v1/ceremonies/{cid}/checkins"

    def scan(text, nonce, method="typed"):
        return client.post(url, headers=checker, json={"text": text, "gate": "Cổng chính", "device": "g1",
                                                       "nonce": nonce, "method": method}).get_json()

    for n, text in enumerate((original_token, original_code.lower())):
        body = scan(text, f"o{n}")
        assert body["result"] == "revoked" and body["reason"] == "replaced", body
        assert SUBSTITUTE in body["message"] and "người dự thay" in body["message"]
    welcome = scan(f"  {substitute.short_code[:4].lower()}-{substitute.short_code[4:].lower()} ", "s1")
    assert welcome["result"] == "welcome" and welcome["delegate"]["name"] == SUBSTITUTE
    assert scan(substitute.short_code, "s2")["result"] == "already"
    body = client.get(f"/api/v1/ceremonies/{cid}/gate-list?site=534", headers=checker).get_json()
    entry = next(dict(zip(body["fields"], row)) for row in body["items"] if row[1] == code_hash(original_code))
    assert entry["revoked"] and entry["replaced_by"] == SUBSTITUTE

    # The organizer sees who replaced whom: on the delegate list and through the API.
    html = client.get(f"/ceremonies/{cid}/delegates?site=534").get_data(as_text=True)
    assert f"Đã thay bằng {SUBSTITUTE}" in html and "Dự thay Võ Minh Quân" in html
    listed = client.get(f"/api/v1/ceremonies/{cid}/delegates?site=534", headers=organizer).get_json()["items"]
    by_name = {d["full_name"]: d for d in listed}
    assert by_name["Võ Minh Quân"]["replaced_by"]["full_name"] == SUBSTITUTE
    assert by_name[SUBSTITUTE]["substitute_for"]["full_name"] == "Võ Minh Quân"
    sheet = load_workbook(io.BytesIO(client.get(f"/ceremonies/{cid}/delegates/export.xlsx?site=534").get_data())).active
    notes = {row[1]: row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert notes["Võ Minh Quân"] == f"Đã thay bằng {SUBSTITUTE} (người dự thay)"
    assert notes[SUBSTITUTE] == "Dự thay Võ Minh Quân" and not notes["Huỳnh Thị Lan"]
    # The old link answers nothing more, in Vietnamese.
    stale = client.post(f"/api/v1/invitations/{original_token}/rsvp", json={"answer": "declined"})
    assert stale.status_code == 409 and SUBSTITUTE in stale.get_json()["message"]


def test_token_twins_refuse_bad_input_without_writing(db, client, invited):
    token = invited.token(0)
    assert client.get("/api/v1/invitations/c1.nonsense").status_code == 404
    assert client.post("/api/v1/invitations/c1.nonsense/rsvp", json={"answer": "attending"}).status_code == 404
    assert client.post(f"/api/v1/invitations/{token}/rsvp", json={"answer": "maybe"}).status_code == 422
    bad = client.post(f"/api/v1/invitations/{token}/substitute", json={"full_name": "Lê Văn B", "phone": "gọi tôi"})
    assert bad.status_code == 422 and bad.get_json()["field"] == "phone"
    assert "số điện thoại" in bad.get_json()["message"].lower()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == len(invited.invitations)
    assert not db.session.get(Invitation, invited.invitations[0].id).is_revoked
