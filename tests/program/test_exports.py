"""Both real programs export to PDF (read back) and iCalendar (parsed back); the timing report after a show."""
import io
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
    assert "Tại 1 điểm cầu cấp huyện" in script and "Điểm cầu Thị xã Đức Phổ" in script


def test_the_timing_report_after_a_show(db, client, login, running, director, clock):
    for minutes in (6, 14, 5, 7, 3):
        clock.advance(minutes=minutes)
        operations.next_segment(running, director)
    db.session.commit()
    login("organizer")
    text = _text(client.get(f"/ceremonies/{running.id}/program/timing.pdf").data)
    assert "BÁO CÁO THỜI GIAN" in text and "6:00" in text and "1:00" in text and "-1:00" in text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/ceremonies/{running.id}/program/timing.xlsx").data))
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert [(r[4], r[5], r[6]) for r in rows] == [(300, 360, 60), (900, 840, -60), (300, 300, 0),
                                                  (300, 420, 120), (180, 180, 0)]
