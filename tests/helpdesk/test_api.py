"""The help desk through the API: a point opens a ticket, the desk above it takes, talks, resolves;
the point's tile follows; the times are measured; an untaken ticket escalates once."""
import base64
import io
import uuid


import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from ceremony.helpdesk import tasks
from ceremony.notifications.models import Notification

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode()


def _open(client, ceremony, site, token, problem="Mất tiếng từ điểm cầu tỉnh", **extra):
    return client.post(f"/api/v1/ceremonies/{ceremony.id}/helpdesk/sites/{site.id}/tickets",
                       json={"idempotency_key": uuid.uuid4().hex, "problem": problem, **extra},
                       headers={"X-Site-Token": token})


def _tile(client, ceremony, site, headers):
    board = client.get(f"/api/v1/ceremonies/{ceremony.id}/readiness/board", headers=headers).get_json()
    return next(t for g in board["groups"] for t in g["tiles"] if t["site_id"] == site.id)


def test_a_ticket_from_opening_to_resolution(client, clock, ready_ceremony, commune, report, api_headers):
    site, token = commune
    report(ready_ceremony, "21550")
    viewer = api_headers("viewer")
    assert _tile(client, ready_ceremony, site, viewer)["status"] == "ready"
    opened = _open(client, ready_ceremony, site, token, photo="data:image/png;base64," + PNG)
    assert opened.status_code == 201, opened.get_json()
    ticket = opened.get_json()
    assert ticket["status"] == "open" and ticket["has_photo"] and ticket["opened_by"] == "token:21550"
    tile = _tile(client, ready_ceremony, site, viewer)
    assert tile["status"] == "problem" and tile["open_tickets"] == 1

    district = api_headers("operator", ["534"])
    other_district = api_headers("operator", ["522"])
    base = f"/api/v1/ceremonies/{ready_ceremony.id}/helpdesk/tickets"
    assert [t["id"] for t in client.get(f"{base}?status=open", headers=district).get_json()["items"]] == [ticket["id"]]
    assert client.get(f"{base}?status=open", headers=other_district).get_json()["items"] == []
    assert client.patch(f"{base}/{ticket['id']}", json={"action": "acknowledge"},
                        headers=other_district).status_code == 403
    assert client.patch(f"{base}/{ticket['id']}", json={"action": "acknowledge"},
                        headers={"X-Site-Token": token}).status_code == 403
    photo = client.get(f"{base}/{ticket['id']}/photo", headers=district)
    assert photo.status_code == 200 and photo.mimetype == "image/png"

    clock.advance(minutes=2)
    taken = client.patch(f"{base}/{ticket['id']}", json={"action": "acknowledge", "message": "Đang gọi lại anh"},
                         headers=district)
    assert taken.status_code == 200 and taken.get_json()["status"] == "acknowledged"
    assert taken.get_json()["acknowledge_seconds"] == 120
    again = client.patch(f"{base}/{ticket['id']}", json={"action": "acknowledge"}, headers=api_headers("organizer"))
    assert again.status_code == 409
    reply = client.post(f"{base}/{ticket['id']}/messages", json={"body": "Đã cắm lại dây, nghe rõ"},
                        headers={"X-Site-Token": token})
    assert reply.status_code == 201 and reply.get_json()["from_point"] is True
    clock.advance(minutes=5)
    done = client.patch(f"{base}/{ticket['id']}", json={"action": "resolve"}, headers=district).get_json()
    assert done["status"] == "resolved" and done["resolve_seconds"] == 420
    assert [m["body"] for m in done["messages"]] == ["Đang gọi lại anh", "Đã cắm lại dây, nghe rõ"]
    tile = _tile(client, ready_ceremony, site, viewer)
    assert tile["status"] == "ready" and tile["open_tickets"] == 0
    assert client.post(f"{base}/{ticket['id']}/messages", json={"body": "còn không?"},
                       headers={"X-Site-Token": token}).status_code == 409


def test_the_readiness_report_carries_the_desk_times(client, clock, ready_ceremony, commune, login, api_headers):
    site, token = commune
    ticket = _open(client, ready_ceremony, site, token, problem="=HYPERLINK(\"x\") camera tối").get_json()
    clock.advance(minutes=3)
    client.patch(f"/api/v1/ceremonies/{ready_ceremony.id}/helpdesk/tickets/{ticket['id']}",
                 json={"action": "resolve"}, headers=api_headers("organizer"))
    login("organizer")
    book = load_workbook(io.BytesIO(client.get(
        f"/ceremonies/{ready_ceremony.id}/readiness/report/t30.xlsx").data))
    sheet = book["Hỗ trợ"]
    row = [c.value for c in sheet[3]]
    assert row[0] == "21550" and row[2].startswith("'=HYPERLINK") and row[7] == 3.0 and row[8] == 3.0
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get(
        f"/ceremonies/{ready_ceremony.id}/readiness/report/t30.pdf").data)).pages)
    assert "Hỗ trợ kỹ thuật (1)" in text and "xử lý xong (trung vị): 3,0 phút" in text


def test_an_untaken_ticket_escalates_once_to_the_district(app, client, clock, ready_ceremony, commune, db):
    site, token = commune
    site.parent.operator_name, site.parent.operator_email = "Anh Tâm", "kythuat@ducpho.gov.vn"
    db.session.commit()
    ticket = _open(client, ready_ceremony, site, token).get_json()
    assert tasks.escalate()["escalated"] == 0  # not yet due
    clock.advance(minutes=app.config["HELPDESK_ESCALATE_AFTER_MINUTES"] + 1)
    assert tasks.escalate()["escalated"] == 1
    assert tasks.escalate()["escalated"] == 0  # once
    notes = list(db.session.scalars(sa.select(Notification).where(Notification.dedupe_key.like("helpdesk:%"))))
    assert len(notes) == 1 and notes[0].address == "kythuat@ducpho.gov.vn"
    assert "Điểm cầu phường Nguyễn Nghiêm" in notes[0].body and "chưa có ai nhận" in notes[0].body
    got = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/helpdesk/tickets/{ticket['id']}",
                     headers={"X-Site-Token": token}).get_json()
    assert got["escalated_at"] is not None and got["escalated_to"].startswith("Thị xã Đức Phổ (534)")


def test_a_taken_ticket_does_not_escalate(app, client, clock, ready_ceremony, commune, api_headers):
    site, token = commune
    ticket = _open(client, ready_ceremony, site, token).get_json()
    client.patch(f"/api/v1/ceremonies/{ready_ceremony.id}/helpdesk/tickets/{ticket['id']}",
                 json={"action": "acknowledge"}, headers=api_headers("organizer"))
    clock.advance(minutes=30)
    assert tasks.escalate()["escalated"] == 0


def test_bad_tickets_are_refused_and_resent_ones_stored_once(client, clock, ready_ceremony, commune):
    site, token = commune
    assert _open(client, ready_ceremony, site, token, problem="  ").status_code == 422
    gif = base64.b64encode(b"GIF89a" + b"\x00" * 20).decode()
    refused = _open(client, ready_ceremony, site, token, photo=gif)
    assert refused.status_code == 422 and refused.get_json()["field"] == "photo"
    big = base64.b64encode(b"\xff\xd8\xff" + b"\x00" * (3 * 1024 * 1024 + 10)).decode()
    assert _open(client, ready_ceremony, site, token, photo=big).status_code == 422
    assert _open(client, ready_ceremony, site, token, photo="%%%not-base64").status_code == 422
    key = uuid.uuid4().hex
    url = f"/api/v1/ceremonies/{ready_ceremony.id}/helpdesk/sites/{site.id}/tickets"
    body = {"idempotency_key": key, "problem": "Mất điện"}
    first = client.post(url, json=body, headers={"X-Site-Token": token})
    again = client.post(url, json=body, headers={"X-Site-Token": token})
    assert (first.status_code, again.status_code) == (201, 200) and first.get_json()["id"] == again.get_json()["id"]


def test_the_desk_page_lists_what_the_desk_may_see(client, clock, ready_ceremony, commune, login):
    site, token = commune
    _open(client, ready_ceremony, site, token, problem="Máy chiếu không lên hình")
    login("operator", ["522"])
    page = client.get(f"/ceremonies/{ready_ceremony.id}/helpdesk").get_data(as_text=True)
    assert '"site_code": "21550"' not in page
    client.post("/logout")
    login("operator", ["534"])
    page = client.get(f"/ceremonies/{ready_ceremony.id}/helpdesk").get_data(as_text=True)
    assert '"site_code": "21550"' in page and "Hỗ trợ kỹ thuật" in page


def test_the_site_kit_prints_the_bridge_details(client, clock, ready_ceremony, commune, login, db):
    from ceremony.selftest.operations import save_bridge

    site, _token = commune
    save_bridge(site, {"endpoint": "https://meet.quangngai.gov.vn/21550", "tech_contact": "Anh Kỹ",
                       "tech_phone": "0905 000 111"})
    db.session.commit()
    login("organizer")
    pdf = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/kit.pdf")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Kết nối hội nghị: https://meet.quangngai.gov.vn/21550" in text and "Anh Kỹ · 0905 000 111" in text


