"""The builder and live pages, driven through the forms."""
from ceremony.program import queries


def test_the_builder_adds_edits_moves_and_deletes(client, login, program):
    login("organizer")
    page = client.get(f"/ceremonies/{program.id}/program")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "08:20–08:25" in html and "Nghi lễ khai trương" in html and 'draggable="true"' in html
    response = client.post(f"/ceremonies/{program.id}/program/segments", data={
        "kind": "clip", "title": "Chiếu clip giới thiệu", "planned_minutes": "40", "countdown_seconds": "10",
        "person_delegate": [""], "person_role": ["Kỹ thuật viên"]})
    assert response.status_code == 302
    segment = queries.list_segments(program.id)[-1]
    assert segment.title == "Chiếu clip giới thiệu" and segment.people[0].role == "Kỹ thuật viên"
    html = client.get(f"/ceremonies/{program.id}/program").get_data(as_text=True)
    assert 'role="alert"' in html  # 08:33 + 40 min passes the 09:00 end
    edit = f"/ceremonies/{program.id}/program/segments/{segment.id}/edit"
    assert client.get(edit).status_code == 200
    response = client.post(edit, data={"kind": "clip", "title": "Clip", "planned_minutes": "7",
                                       "countdown_seconds": "10", "is_fixed_time": "y"})
    assert response.status_code == 422  # fixed time without its start
    response = client.post(edit, data={"kind": "clip", "title": "Clip", "planned_minutes": "7",
                                       "countdown_seconds": "10", "is_fixed_time": "y",
                                       "fixed_start_at": "2024-09-27T08:40"})
    assert response.status_code == 302
    client.post(f"/ceremonies/{program.id}/program/segments/{segment.id}/move", data={"direction": "up"})
    assert queries.list_segments(program.id)[-2].id == segment.id
    ids = [s.id for s in queries.list_segments(program.id)]
    response = client.post(f"/ceremonies/{program.id}/program/order", json={"segment_ids": ids[::-1]})
    assert response.status_code == 200 and queries.list_segments(program.id)[0].id == ids[-1]
    assert client.post(f"/ceremonies/{program.id}/program/order", json={"segment_ids": "x"}).status_code == 422
    client.post(f"/ceremonies/{program.id}/program/segments/{segment.id}/delete")
    assert len(queries.list_segments(program.id)) == 5


def test_media_upload_is_kept_under_instance(client, login, program, app):
    import io

    login("organizer")
    segment = queries.list_segments(program.id)[1]
    client.post(f"/ceremonies/{program.id}/program/segments/{segment.id}/media",
                data={"media": (io.BytesIO(b"clip bytes"), "clip 2.mp4")}, content_type="multipart/form-data")
    assert segment.media_file == f"{segment.id}-clip_2.mp4"
    response = client.get(f"/ceremonies/{program.id}/program/segments/{segment.id}/media")
    try:
        assert response.data == b"clip bytes"
    finally:
        response.close()


def test_the_director_runs_the_show_with_forms(client, login, program, clock):
    clock.set(program.starts_at)
    user = login("organizer")
    url = f"/ceremonies/{program.id}/program/director"
    assert "start-show" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"action": "start"}, follow_redirects=True)
    assert "override" in response.get_data(as_text=True)
    client.post(url, data={"action": "start", "override": "tổng duyệt"})
    assert 'id="refresh-introduction"' in client.get(url).get_data(as_text=True)
    intro = queries.list_segments(program.id)[0]
    response = client.post(f"/ceremonies/{program.id}/program/segments/{intro.id}/introduction",
                           data={"next": url})
    assert response.status_code == 302 and response.location.endswith(url)
    assert intro.script.startswith("Kính thưa")
    first = queries.get_show(program.id).current_segment_id
    client.post(url, data={"action": "next", "current_id": str(first)})
    client.post(url, data={"action": "next", "current_id": str(first)})  # a double click
    client.post(url, data={"action": "extend", "minutes": "5"})
    client.post(url, data={"action": "next"})
    html = client.get(url).get_data(as_text=True)
    assert 'id="fire-launch"' in html
    client.post(url, data={"action": "launch"})
    client.post(url, data={"action": "launch"})
    actions = [e.action for e in queries.show_log(program.id)]
    assert actions == ["start", "next", "extend", "next", "launch"]
    assert all(e.user_id == user.id for e in queries.show_log(program.id))
    log = client.get(f"/ceremonies/{program.id}/program/log").get_data(as_text=True)
    assert "tổng duyệt" in log


def test_live_pages_and_the_cue_strip_scoping(client, login, running):
    login("viewer")
    for page in ("stage", "projector", "log"):
        assert client.get(f"/ceremonies/{running.id}/program/{page}").status_code == 200
    assert client.get(f"/ceremonies/{running.id}/program/director").status_code == 403
    state = client.get(f"/ceremonies/{running.id}/program/state").get_json()
    assert state["status"] == "running" and state["segments"][0]["state"] == "current"
    assert isinstance(client.get(f"/ceremonies/{running.id}/program/time").get_json()["server_ms"], int)
    client.post("/logout")
    login("operator", site_codes=("534",))
    strip = client.get(f"/ceremonies/{running.id}/program/cue-strip?site=21553&embed=1")
    assert strip.status_code == 200 and "<html" not in strip.get_data(as_text=True)
    assert 'data-site="21553"' in strip.get_data(as_text=True)
    assert client.get(f"/ceremonies/{running.id}/program/cue-strip?site=21010").status_code == 403
    assert client.get(f"/ceremonies/{running.id}/program/cue-strip?site=nope").status_code == 404
    assert client.get(f"/ceremonies/{running.id}/program/director").status_code == 403


def test_the_director_page_reads_vietnamese_before_its_script_runs(client, login, program, clock):
    """The show status and segment states are words on the page as served, not the codes show.js
    replaces later (the page walk caught "ready, upcoming" on a slow machine)."""
    import re

    clock.set(program.starts_at)
    login("organizer")
    html = client.get(f"/ceremonies/{program.id}/program/director?lang=vi").get_data(as_text=True)
    assert re.search(r'data-bind="status">Chưa bắt đầu<', html)
    states = re.findall(r'data-bind-segment="state">([^<]*)<', html)
    assert states and set(states) == {"Sắp tới"}
    client.post(f"/ceremonies/{program.id}/program/director", data={"action": "start", "override": "tổng duyệt"})
    html = client.get(f"/ceremonies/{program.id}/program/director?lang=vi").get_data(as_text=True)
    assert re.search(r'data-bind="status">Đang diễn ra<', html)
    states = re.findall(r'data-bind-segment="state">([^<]*)<', html)
    assert states[0] == "Đang diễn ra" and set(states[1:]) == {"Sắp tới"}
