from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from ceremony.core.errors import InvalidInput
from ceremony.followup.operations import create_task, remind_and_flag, submit_report
from ceremony.followup.queries import standings, summary
from ceremony.sites.queries import get_site_by_code


@pytest.fixture
def task(db, make_ceremony):
    ceremony = make_ceremony()
    task = create_task(ceremony, code="bao-cao", title="Báo cáo kết quả", tier="district",
                       due_at=datetime(2024, 10, 4, 17, 0), metric_label="Số người dân được hướng dẫn",
                       remind_hours_before=48)
    db.session.commit()
    return task


def _notifications(db):
    from ceremony.notifications.models import Notification

    return list(db.session.scalars(sa.select(Notification).order_by(Notification.id)))


def test_reports_and_states(db, task, clock):
    clock.set(datetime(2024, 10, 1, 2, 0, tzinfo=timezone.utc))
    site = get_site_by_code(task.ceremony_id, "534")
    submit_report(task, site, value=105, note="15 tổ, 105 người dân", submitted_by="op@x.vn")
    db.session.commit()
    states = {row.site.code: row.state for row in standings(task)}
    assert states == {"522": "missing", "534": "reported", "536": "missing"}
    clock.set(datetime(2024, 10, 5, 2, 0, tzinfo=timezone.utc))
    submit_report(task, get_site_by_code(task.ceremony_id, "536"), value=0)
    db.session.commit()
    assert {row.site.code: row.state for row in standings(task)} == {"522": "overdue", "534": "reported", "536": "late"}
    assert summary(task) == {"points": 3, "reported": 1, "late": 1, "missing": 0, "overdue": 1, "total_value": 105}


def test_a_commune_cannot_report_on_a_district_task(db, task):
    with pytest.raises(InvalidInput) as caught:
        submit_report(task, get_site_by_code(task.ceremony_id, "21553"), value=3)
    assert caught.value.field == "site"
    with pytest.raises(InvalidInput) as caught:
        submit_report(task, get_site_by_code(task.ceremony_id, "534"), value=None)
    assert caught.value.field == "value"


def test_reminders_then_overdue_each_sent_once(db, task, clock):
    clock.set(datetime(2024, 10, 1, 0, 0, tzinfo=timezone.utc))  # before the reminder window
    assert remind_and_flag() == {"reminders": 0, "overdue": 0}
    submit_report(task, get_site_by_code(task.ceremony_id, "534"), value=7)
    clock.set(datetime(2024, 10, 3, 12, 0, tzinfo=timezone.utc))  # inside the 48 h before the deadline
    assert remind_and_flag() == {"reminders": 2, "overdue": 0}
    assert remind_and_flag() == {"reminders": 0, "overdue": 0}  # a second run tells nobody again
    clock.set(datetime(2024, 10, 4, 10, 0, 1, tzinfo=timezone.utc))  # past 17:00 Vietnam time
    assert remind_and_flag() == {"reminders": 0, "overdue": 2}
    assert remind_and_flag() == {"reminders": 0, "overdue": 0}
    db.session.commit()
    subjects = [n.subject for n in _notifications(db)]
    assert subjects.count("Nhắc báo cáo: Báo cáo kết quả") == 2
    assert subjects.count("Quá hạn báo cáo: Báo cáo kết quả") == 2


def test_due_before_the_ceremony_is_refused(db, make_ceremony):
    ceremony = make_ceremony()
    with pytest.raises(InvalidInput) as caught:
        create_task(ceremony, code="x", title="X", tier="district", due_at=datetime(2024, 9, 1, 8, 0))
    assert caught.value.field == "due_at"


def test_demo_carries_the_plans_deadlines(db, demo):
    from ceremony.followup.queries import list_tasks

    movement, app_launch = sorted(demo, key=lambda c: c.starts_at)
    tasks = {t.code: t for t in list_tasks(movement.id)}
    assert tasks["huong-dan-7-nguoi-dan"].due_at == datetime(2023, 8, 4, 10, 0, tzinfo=timezone.utc)
    assert tasks["bao-cao-ket-qua-huyen"].due_at == datetime(2023, 8, 15, 10, 0, tzinfo=timezone.utc)
    assert tasks["huong-dan-7-nguoi-dan-huyen"].due_at == tasks["huong-dan-7-nguoi-dan"].due_at
    assert [t.code for t in list_tasks(app_launch.id)] == ["bao-cao-truyen-thong", "bao-cao-truyen-thong-xa"]
