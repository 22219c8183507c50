from datetime import date, datetime, timezone

import pytest

from ceremony.campaign import operations, queries
from ceremony.campaign.models import TeamLevel
from ceremony.core.errors import Conflict, InvalidInput, RowError
from ceremony.sites.queries import get_site_by_code
from tests.campaign.conftest import team_xlsx


def test_window_moves_with_the_ceremony(db, campaign, movement):
    assert campaign.opens_at == datetime(2023, 7, 28, 1, 0, tzinfo=timezone.utc)
    assert campaign.closes_at == datetime(2023, 8, 4, 1, 0, tzinfo=timezone.utc)
    movement.starts_at = datetime(2023, 7, 29, 1, 0, tzinfo=timezone.utc)
    db.session.commit()
    assert campaign.closes_at == datetime(2023, 8, 5, 1, 0, tzinfo=timezone.utc)
    assert [d.day for d in operations.window_days(campaign)] == [29, 30, 31, 1, 2, 3, 4, 5]


def test_import_an_office_list_with_title_rows(db, movement):
    data = team_xlsx([("Nguyễn Văn Hùng", "Tổ trưởng", "0905 111 222", "21550", "Xã", ""),
                      ("Đỗ Thị Lan", "Thành viên", "905111333", "21550", "Thôn", "Tổ dân phố 1"),
                      ("Võ Minh", "Tổ trưởng", "+84905111444", "534", "Huyện", "")])
    members = operations.import_members(movement, data)
    db.session.commit()
    assert [(m.full_name, m.phone, m.level, m.site.code) for m in members] == [
        ("Nguyễn Văn Hùng", "0905111222", TeamLevel.commune, "21550"),
        ("Đỗ Thị Lan", "0905111333", TeamLevel.village, "21550"),
        ("Võ Minh", "0905111444", TeamLevel.district, "534")]


def test_import_is_all_or_nothing_with_row_numbers_in_vietnamese(db, movement, team):
    data = team_xlsx([("Nguyễn Văn Hùng", "Tổ trưởng", "0905111222", "21550", "Xã", ""),
                      ("", "Thành viên", "12345", "99999", "Ấp", ""),
                      ("Trùng Số", "Thành viên", "0905111222", "21550", "", ""),
                      ("Đã Có", "Thành viên", "0905000001", "21550", "", ""),
                      ("Sai Cấp", "Thành viên", "0905111999", "534", "Xã", "")])
    with pytest.raises(RowError) as caught:
        operations.import_members(movement, data)
    db.session.rollback()
    errors = {(e["row"], e["field"]): e["reason"] for e in caught.value.details}
    # Two title rows, a blank line and the header: the first member is on line 5.
    assert errors[(6, "Họ và tên")] == "bắt buộc"
    assert "số điện thoại" in errors[(6, "Số điện thoại")]
    assert "99999" in errors[(6, "Mã điểm cầu")]
    assert "Ấp" in errors[(6, "Cấp")]
    assert errors[(7, "Số điện thoại")] == "trùng số điện thoại với dòng 5 của tệp"
    assert "Nguyễn Văn An" in errors[(8, "Số điện thoại")]
    assert (9, "Cấp") in errors
    assert "Không nhập" in caught.value.message
    assert len(queries.list_campaigns(movement.id)) == 0
    assert len(list(db.session.scalars(queries.members_query(movement.id)))) == 5  # nothing added


def test_a_file_without_the_header_is_refused(db, movement):
    with pytest.raises(InvalidInput) as caught:
        operations.import_members(movement, team_xlsx([], header=("Tên", "Số")))
    assert "Họ và tên" in caught.value.message
    with pytest.raises(InvalidInput):
        operations.import_members(movement, b"%PDF-1.4 not a workbook")


def test_members_create_update_delete(db, movement, team, campaign, clock):
    with pytest.raises(Conflict):
        operations.create_member(get_site_by_code(movement.id, "21010"), full_name="X", phone="0905000001")
    with pytest.raises(InvalidInput) as caught:
        operations.create_member(get_site_by_code(movement.id, "534"), full_name="X", phone="0905999999",
                                 level="village")
    assert caught.value.field == "level"
    member = operations.update_member(team[4], role="Tổ phó", phone="0905 000 055")
    assert (member.role, member.phone) == ("Tổ phó", "0905000055")
    clock.set(datetime(2023, 7, 28, 3, 0, tzinfo=timezone.utc))
    operations.record_result(campaign, team[3], idempotency_key="k" * 10, skills=["dvc"])
    with pytest.raises(Conflict):
        operations.delete_member(team[3])
    operations.delete_member(team[4])
    db.session.commit()


def test_record_is_idempotent_and_checks_its_input(db, campaign, team, clock):
    clock.set(datetime(2023, 7, 29, 3, 0, tzinfo=timezone.utc))
    record, created = operations.record_result(campaign, team[1], idempotency_key="abc12345", count=3,
                                               skills=["dvc", "khong-tien-mat"], citizen_name="Ngô Văn Tư",
                                               citizen_phone="0912345678", has_consent=False)
    assert created and record.guided_on == date(2023, 7, 29)
    assert (record.citizen_name, record.citizen_phone) == ("", "")  # no consent, nothing kept
    again, created = operations.record_result(campaign, team[1], idempotency_key="abc12345", count=3, skills=["dvc"])
    assert not created and again.id == record.id
    kept, _ = operations.record_result(campaign, team[1], idempotency_key="abc12346", skills=["dvc"],
                                       citizen_name="Ngô Văn Tư", citizen_phone="0912 345 678", has_consent=True)
    assert (kept.citizen_name, kept.citizen_phone) == ("Ngô Văn Tư", "0912345678")
    for fields, field in [({"skills": []}, "skills"), ({"skills": ["bay"]}, "skills"), ({"count": 0}, "count"),
                          ({"guided_on": date(2023, 7, 27)}, "guided_on"),
                          ({"guided_on": date(2023, 7, 30)}, "guided_on")]:
        with pytest.raises(InvalidInput) as caught:
            operations.record_result(campaign, team[1], idempotency_key="x" * 12,
                                     **{"skills": ["dvc"], **fields})
        assert caught.value.field == field
    clock.set(datetime(2023, 8, 8, 3, 0, tzinfo=timezone.utc))  # window + grace over
    with pytest.raises(Conflict):
        operations.record_result(campaign, team[1], idempotency_key="late12345", skills=["dvc"],
                                 guided_on=date(2023, 8, 3))
    assert queries.member_totals(campaign) == {team[1].id: 4}


def test_the_reminder_carries_the_members_own_link(app, db, campaign, team, clock):
    import sqlalchemy as sa

    from ceremony.notifications.models import Notification

    app.config["PUBLIC_URL"] = "https://lephatdong.quangngai.gov.vn"
    clock.set(datetime(2023, 7, 28, 10, 30, tzinfo=timezone.utc))  # 17:30 in Vietnam, day 1
    assert operations.remind_behind() == 5
    db.session.commit()
    note = db.session.scalar(sa.select(Notification).where(Notification.address == "0905000004"))
    assert note.recipient == "Phạm Thị Dung" and "0/7" in note.body
    link = note.body.rsplit(" ", 1)[-1]
    assert link.startswith("https://lephatdong.quangngai.gov.vn/m/")
    client = app.test_client()
    assert "Phạm Thị Dung" in client.get(link.removeprefix("https://lephatdong.quangngai.gov.vn")).get_data(as_text=True)
