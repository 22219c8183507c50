"""The delegate's own page at /i/<token>: no login, RSVP buttons, substitute form, calendar file."""
import re

import sqlalchemy as sa

from ceremony.invitations.models import Invitation, RsvpStatus

from tests.attendance.conftest import invited, make_invited  # noqa: F401  (fixtures)


def _page(client, token, lang="vi"):
    response = client.get(f"/i/{token}?lang={lang}")
    return response, response.get_data(as_text=True)


def test_page_shows_ceremony_point_seat_and_program_without_login(client, invited):
    response, html = _page(client, invited.token(0))
    assert response.status_code == 200
    assert "Lễ khai trương thử nghiệm" in html and "Nguyễn Thị Ánh Tuyết" in html
    assert "Trung tâm IOC" in html and "08:00" in html
    assert re.search(r'data-field="seat">\s*Khu vực A', html)
    program = html[html.index('class="program"'):]
    assert program.index("08:00</span> Tuyên bố lý do") < program.index("08:10</span> Phát biểu khai mạc") \
        < program.index("08:25</span> Nghi thức khai trương")
    assert "<svg" in html and invited.token(0) in html  # the entry code to show at the gate


def test_remote_delegate_sees_their_point(client, invited):
    _, html = _page(client, invited.token(4), lang="en")
    assert 'data-field="point">Thị xã Đức Phổ' in html and "Your answer" in html


def test_rsvp_buttons_record_the_answer(db, client, invited):
    token = invited.token(2)
    response = client.post(f"/i/{token}/rsvp", data={"answer": "declined"})
    assert response.status_code == 302
    assert db.session.get(Invitation, invited.invitations[2].id).rsvp_status is RsvpStatus.declined
    client.post(f"/i/{token}/rsvp", data={"answer": "attending"})
    _, html = _page(client, token)
    assert 'data-rsvp="attending"' in html and "Quý vị sẽ tham dự" in html
    client.post(f"/i/{token}/rsvp", data={"answer": "substituted"})  # not an answer one can post
    assert db.session.get(Invitation, invited.invitations[2].id).rsvp_status is RsvpStatus.attending


def test_substitute_flow_revokes_old_and_the_new_link_works(db, client, invited):
    token = invited.token(1)
    bad = client.post(f"/i/{token}/substitute", data={"full_name": "Nguyễn Văn Tâm", "title": "", "phone": "abc"})
    assert bad.status_code == 422
    response = client.post(f"/i/{token}/substitute", data={"full_name": "Nguyễn Văn Tâm",
                                                          "title": "Phó Giám đốc Sở", "phone": "0905123456"})
    assert response.status_code == 302
    old, html = _page(client, token)
    assert old.status_code == 410 and "Nguyễn Văn Tâm" in html
    new_url = re.search(r'href="([^"]+)" data-substitute-link', html).group(1)
    new_token = new_url.rsplit("/i/", 1)[1]
    new, new_html = _page(client, new_token)
    assert new.status_code == 200 and "Nguyễn Văn Tâm" in new_html and "Trần Đức Thắng" in new_html
    replacement = db.session.scalar(sa.select(Invitation).where(Invitation.token == new_token))
    assert replacement.substitute_for_id == invited.invitations[1].id
    # The old link cannot answer any more: a stale page's answer is refused, naming the substitute.
    stale = client.post(f"/i/{token}/rsvp", data={"answer": "attending"}, follow_redirects=True)
    assert stale.status_code == 410
    assert "Giấy mời này đã được thay: Nguyễn Văn Tâm" in stale.get_data(as_text=True)
    assert db.session.get(Invitation, invited.invitations[1].id).rsvp_status.value == "substituted"


def test_calendar_file(client, invited):
    response = client.get(f"/i/{invited.token(0)}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert "DTSTART:20240927T010000Z" in body and "DTEND:20240927T020000Z" in body
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Lễ khai trương thử nghiệm" in unfolded and f"/i/{invited.token(0)}" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_unknown_token_is_404(client):
    assert client.get("/i/c1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAA").status_code == 404
    assert client.get("/i/whatever").status_code == 404
