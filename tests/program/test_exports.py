"""Both real programs export to PDF (read back) and iCalendar (parsed back); the timing report after a show."""
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from ceremony.program import operations, queries


def _text(pdf_bytes: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_both_demo_programs_export_to_pdf_and_ics(client, login, demo):
    icalendar = pytest.importorskip("icalendar")
    login("organizer")
    assert len(demo) == 2
    for ceremony in demo:
        segments = queries.list_segments(ceremony.id)
        response = client.get(f"/ceremonies/{ceremony.id}/program.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = _text(response.data)
        assert "KỊCH BẢN CHƯƠNG TRÌNH" in text
        for segment in segments:
            assert " ".join(segment.title.split()[:4]) in text, segment.title
        assert "Điểm cầu: Các điểm cầu: tắt micro" in text  # cues in Vietnamese
        assert "08:00 – 08:05" in text
        response = client.get(f"/ceremonies/{ceremony.id}/program.ics")
        assert response.status_code == 200 and response.mimetype == "text/calendar"
        calendar = icalendar.Calendar.from_ical(response.data)
        events = [c for c in calendar.walk("VEVENT")]
        assert [str(e["SUMMARY"]) for e in events] == [f"{i}. {s.title}" for i, s in enumerate(segments, 1)]
        assert events[0].decoded("DTSTART") == ceremony.starts_at
        assert all(max(len(line) for line in response.data.split(b"\r\n")) <= 75 for _ in [0])
    launch = next(s for s in queries.list_segments(demo[1].id) if s.kind.value == "launch")
    assert len(launch.people) == 5 and all(p.delegate_id for p in launch.people)


def test_the_introduction_is_generated_from_who_is_present(db, program, make_delegate, clock):
    present = [
        make_delegate(program, name="Lê Văn Huyện", title="Chủ tịch UBND thị xã Đức Phổ", site_code="534", rank=110),
        make_delegate(program, name="Phạm Thị Sở", title="Giám đốc Sở Nội vụ", rank=60),
        make_delegate(program, name="Võ Văn Tỉnh", title="Phó Bí thư Thường trực Tỉnh ủy", rank=10),
    ]
    make_delegate(program, name="Đặng Văn Vắng", title="Phó Chủ tịch HĐND tỉnh", rank=20)
    intro = queries.list_segments(program.id)[0]
    script = operations.refresh_introduction(intro)  # nobody checked in yet: everyone invited
    assert "Đặng Văn Vắng" in script and "được mời" in script
    try:
        from ceremony.attendance.models import DelegateCheckIn
    except ImportError:
        pytest.skip("ceremony.attendance is not there: the introduction uses RSVPs / invitations")
    for delegate in present:
        db.session.add(DelegateCheckIn(ceremony_id=program.id, delegate_id=delegate.id, site_id=delegate.site_id,
                                       checked_in_at=clock(), method="roster"))
    db.session.commit()
    script = operations.refresh_introduction(intro)
    assert "Đặng Văn Vắng" not in script and "đã có mặt" in script
    assert script.index("Võ Văn Tỉnh") < script.index("Phạm Thị Sở") < script.index("Lê Văn Huyện")
    # The unit's kind is lower case inside the sentence, as Vietnamese plans write it.
    assert "Tại 1 điểm cầu cấp huyện" in script and "Điểm cầu thị xã Đức Phổ" in script
    assert "Thị xã Đức Phổ" not in script


def test_the_timing_report_after_a_show(db, client, login, running, director, clock):
    for minutes in (6, 14, 5, 7, 3):
        clock.advance(minutes=minutes)
        operations.next_segment(running, director)
    db.session.commit()
    login("organizer")
    text = _text(client.get(f"/ceremonies/{running.id}/program/timing.pdf").data)
    assert "BÁO CÁO THỜI GIAN" in text
    # Two distinct "actual" columns, and durations as Vietnamese reads them, never "6:00".
    assert "Bắt đầu thực tế" in text and "Thời lượng thực tế" in text and "Bắt đầu theo kế hoạch" in text
    assert text.count("Thực tế") == 0
    assert not re.search(r"(?<![\d:])-?\d:\d\d(?![\d:])", text)  # no "6:00" / "-1:00" (clock times are "08:06")
    assert "6 phút" in text and "+1 phút" in text and "−1 phút" in text and "+2 phút" in text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/ceremonies/{running.id}/program/timing.xlsx").data))
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert [(r[4], r[5], r[6]) for r in rows] == [(300, 360, 60), (900, 840, -60), (300, 300, 0),
                                                  (300, 420, 120), (180, 180, 0)]


def test_the_show_log_says_extensions_and_launch_sources_in_words(db, client, login, running, director, clock):
    clock.advance(minutes=2)
    operations.extend_segment(running, director, 5)
    operations.extend_segment(running, director, -2)
    for _ in range(2):
        operations.next_segment(running, director)
    operations.fire_launch(running, director, source="web")
    db.session.commit()
    events = queries.show_log(running.id)
    assert [e.detail for e in events if e.action in ("extend", "launch")] == ["+5", "-2", "web"]
    login("organizer")
    page = client.get(f"/ceremonies/{running.id}/program/log").get_data(as_text=True)
    assert "+5 phút" in page and "−2 phút" in page and "nguồn: trang web" in page
    assert " min" not in page and "source web" not in page
    director_page = client.get(f"/ceremonies/{running.id}/program/director").get_data(as_text=True)
    assert "+5 phút" in director_page and "nguồn: trang web" in director_page
    english = client.get(f"/ceremonies/{running.id}/program/log?lang=en").get_data(as_text=True)
    assert "+5 min" in english and "source: web page" in english
    text = _text(client.get(f"/ceremonies/{running.id}/program/timing.pdf?lang=en").data)
    assert "+5 phút" in text and "nguồn: trang web" in text  # the report is Vietnamese whoever downloads it


def test_older_log_rows_are_said_in_words_too(db, running, director):
    from ceremony.program.models import ShowEvent

    with_old = [ShowEvent(ceremony_id=running.id, action="extend", detail="+3 min"),
                ShowEvent(ceremony_id=running.id, action="launch", detail="source api")]
    assert [queries.event_detail(e) for e in with_old] == ["+3 phút", "nguồn: thiết bị bấm nút"]
