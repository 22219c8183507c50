"""The program pages' API twins: copy a program, upload media, refresh the introduction, exports."""
import io

from icalendar import Calendar
from pypdf import PdfReader


def test_copy_a_program_from_another_ceremony(client, db, program, make_ceremony, api_headers):
    headers = api_headers("organizer")
    target = make_ceremony(title="Lễ phát động")
    url = f"/api/v1/ceremonies/{target.id}/segments/copy"
    response = client.post(url, headers=headers, json={"source_ceremony_id": program.id})
    assert response.status_code == 201
    assert [s["title"] for s in response.get_json()][:3] == ["Tuyên bố lý do, giới thiệu đại biểu",
                                                              "Phát biểu chỉ đạo", "Nghi lễ khai trương"]
    again = client.post(url, headers=headers, json={"source_ceremony_id": program.id})
    assert again.status_code == 409 and again.get_json()["field"] == "replace"
    replaced = client.post(url, headers=headers, json={"source_ceremony_id": program.id, "replace": True})
    assert replaced.status_code == 201 and len(replaced.get_json()) == 5
    itself = client.post(url, headers=headers, json={"source_ceremony_id": target.id, "replace": True})
    assert itself.status_code == 422 and itself.get_json()["field"] == "source_id"
    missing = client.post(url, headers=headers, json={"source_ceremony_id": 999999})
    assert missing.status_code == 404


def test_upload_media_to_a_segment_then_the_page_serves_it(client, db, program, api_headers, login):
    headers = api_headers("organizer")
    segment = client.get(f"/api/v1/ceremonies/{program.id}/segments", headers=headers).get_json()["items"][2]
    url = f"/api/v1/ceremonies/{program.id}/segments/{segment['id']}/media"
    response = client.put(url, headers=headers, data={"media": (io.BytesIO(b"video bytes"), "phim khai truong.mp4")},
                          content_type="multipart/form-data")
    assert response.status_code == 200 and response.get_json()["media_file"].endswith("phim_khai_truong.mp4")
    assert client.put(url, headers=headers, data={}, content_type="multipart/form-data").status_code == 422
    client.application.config["MAX_MEDIA_LENGTH"] = 1000  # media views take up to MAX_MEDIA_LENGTH
    too_big = client.put(url, headers=headers, data={"media": (io.BytesIO(b"x" * 5000), "big.mp4")},
                         content_type="multipart/form-data")
    assert too_big.status_code == 413 and too_big.get_json()["code"] == 413
    client.application.config["MAX_MEDIA_LENGTH"] = 500 * 1024 * 1024
    login("organizer")
    page = client.get(f"/ceremonies/{program.id}/program/segments/{segment['id']}/media")
    try:
        assert page.status_code == 200 and page.data == b"video bytes"
    finally:
        page.close()


def test_refresh_the_introduction_through_the_api(client, db, program, api_headers, make_delegate):
    make_delegate(program, name="Nguyễn Văn Minh")
    headers = api_headers("organizer")
    intro = client.get(f"/api/v1/ceremonies/{program.id}/segments", headers=headers).get_json()["items"][0]
    response = client.post(f"/api/v1/ceremonies/{program.id}/segments/{intro['id']}/introduction", headers=headers)
    assert response.status_code == 200
    assert "Nguyễn Văn Minh" in response.get_json()["script"]
    assert client.post(f"/api/v1/ceremonies/{program.id}/segments/{intro['id']}/introduction",
                       headers=api_headers("viewer")).status_code == 403


def test_program_and_timing_exports(client, program, api_headers):
    headers = api_headers("viewer")
    base = f"/api/v1/ceremonies/{program.id}"
    pdf = client.get(f"{base}/program.pdf", headers=headers)
    assert pdf.status_code == 200 and "Nghi lễ khai trương" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    ics = client.get(f"{base}/program.ics", headers=headers)
    assert ics.mimetype == "text/calendar"
    assert len([c for c in Calendar.from_ical(ics.data).walk("VEVENT")]) == 5
    assert client.get(f"{base}/timing.pdf", headers=headers).data.startswith(b"%PDF-")
    assert client.get(f"{base}/timing.xlsx", headers=headers).data.startswith(b"PK")
