"""The 2023 campaign run through its window on a simulated clock: daily reminders to members behind
target, late units flagged once, and the same totals on the page, in the API and in the dossier."""
import io
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from ceremony.campaign.operations import record_result, remind_behind
from ceremony.core.time import VIETNAM
from ceremony.dossier.operations import request_dossier, run_job
from ceremony.notifications.models import Notification
from ceremony.reports.operations import create_request, create_unit, ensure_site_units, remind_and_flag, submit_report
from ceremony.reports.queries import expected_units

# Day of the window → (member index, citizens, skills) recorded that day.
PLAN = {
    0: [(0, 3, ["dvc"]), (1, 7, ["dvc", "thanh-toan"])],
    1: [(0, 4, ["khong-tien-mat"]), (2, 2, ["dvc"])],
    2: [(3, 5, ["thanh-toan"])],
    4: [(3, 2, ["dvc", "khong-tien-mat"]), (2, 1, ["dvc"])],
}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM).astimezone(timezone.utc)


def _campaign_notifications(db):
    return list(db.session.scalars(sa.select(Notification).where(Notification.dedupe_key.like("campaign:%"))))


def test_the_2023_campaign_through_its_window(app, db, client, clock, movement, campaign, team, login):
    ensure_site_units(movement)
    department = create_unit(movement, kind="department", name="Sở Giáo dục và Đào tạo", email="sgd@quangngai.gov.vn")
    due = datetime(2023, 8, 15, 17, 0, tzinfo=VIETNAM)
    request = create_request(movement, code="bao-cao-ket-qua", title="Báo cáo kết quả triển khai",
                             unit_kinds=["district", "department"],
                             due_offset_minutes=int((due - movement.starts_at).total_seconds() // 60))
    db.session.commit()
    first = date(2023, 7, 28)
    recorded = 0
    reminders_per_day = []
    for offset in range(8):  # 28/7 … 4/8: the window closes at 08:00 on 4/8
        day = first + timedelta(days=offset)
        clock.set(_at(day, 9))
        for index, count, skills in PLAN.get(offset, []):
            record_result(campaign, team[index], idempotency_key=f"key-d{offset}m{index}x{count}", count=count,
                          skills=skills, recorded_by="test")
            recorded += count
        db.session.commit()
        clock.set(_at(day, 16, 59))
        assert remind_behind() == 0  # before the reminder hour
        clock.set(_at(day, 17, 5))
        sent = remind_behind()
        clock.set(_at(day, 21, 0))
        assert remind_behind() == 0  # a second run the same day tells nobody again
        db.session.commit()
        reminders_per_day.append(sent)
    # Members reach 7: #1 on day 0, #0 on day 1, #3 on day 4; #2 (3) and #4 (0) never do.
    assert reminders_per_day == [4, 3, 3, 3, 2, 2, 2, 0]  # 4/8 17:00 is after the window closed
    keys = [n.dedupe_key for n in _campaign_notifications(db)]
    assert len(keys) == len(set(keys)) == sum(reminders_per_day)
    assert sum(1 for k in keys if k.endswith(f":{team[4].id}:2023-08-03")) == 1

    # Unit reports: one district reports on time, the department late; the rest are flagged once.
    units = {u.name: u for u in expected_units(request)}
    clock.set(_at(date(2023, 8, 10), 9))
    submit_report(request, units["UBND thị xã Đức Phổ"], text="Đức Phổ: 15 tổ, 105 người dân.", submitted_by="t")
    clock.set(_at(date(2023, 8, 14), 9))
    assert remind_and_flag()["reminders"] == 3  # Lý Sơn, TP Quảng Ngãi, the department
    clock.set(_at(date(2023, 8, 16), 9))
    assert remind_and_flag() == {"reminders": 0, "overdue": 3}
    submit_report(request, department, text="Sở GD&ĐT: đã phát động toàn ngành.", submitted_by="t")
    assert remind_and_flag() == {"reminders": 0, "overdue": 0}
    db.session.commit()

    # The same totals on the page, in the API and in the dossier.
    login("organizer")
    page = client.get(f"/ceremonies/{movement.id}/campaigns/{campaign.id}").get_data(as_text=True)
    assert f'<dd data-total="guided">{recorded}</dd>' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    body = client.get(f"/api/v1/ceremonies/{movement.id}/campaigns/{campaign.id}/progress").get_json()
    assert body["totals"]["guided"] == recorded == 24
    assert body["totals"]["members_done"] == 3 and body["totals"]["target"] == 35
    assert {r["key"]: r["guided"] for r in body["by_skill"]} == {"dvc": 15, "thanh-toan": 12, "khong-tien-mat": 6}
    assert [(r["code"], r["guided"]) for r in body["by_district"]] == [("522", 7), ("534", 17)]

    job = request_dossier(movement, "test")
    db.session.commit()
    assert run_job(job.id) is True
    assert run_job(job.id) is False  # claimed once
    pdf = client.get(f"/ceremonies/{movement.id}/dossier/download.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "HỒ SƠ BUỔI LỄ" in text and "Lễ phát động Phong trào chuyển đổi số" in text
    assert f"tổng số người dân đã được hướng dẫn: {recorded}" in " ".join(text.split())
    assert "Thành viên chưa đạt chỉ tiêu (2)" in text and "Hoàng Văn Em" in text
    assert "Quá hạn" in text and "Sở Giáo dục và Đào tạo" in text
    images = sum(len(p.images) for p in reader.pages)
    assert images >= 4  # attendance by tier + three campaign charts
    xlsx = client.get(f"/api/v1/ceremonies/{movement.id}/dossier.xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.data))
    members = list(book["Chiến dịch - thành viên"].iter_rows(min_row=2, values_only=True))
    assert sum(r[8] for r in members) == recorded
    assert sum(r[9] for r in members) == 35
    assert sum(r[3] for r in book["Chiến dịch - kỹ năng"].iter_rows(min_row=2, values_only=True)) == 33
    states = [r[4] for r in book["Báo cáo đơn vị"].iter_rows(min_row=2, values_only=True)]
    assert states.count("Quá hạn") == 2 and states.count("Đã gửi") == 2
