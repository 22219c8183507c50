"""Follow-up tasks edited by the organizer: due N days after the ceremony, reminders, named points."""
from datetime import datetime

import pytest

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.core.time import VIETNAM
from ceremony.followup import operations, queries
from ceremony.sites.queries import get_site_by_code


def test_days_after_named_points_and_refusals(db, make_ceremony):
    ceremony = make_ceremony()
    task = operations.create_task(ceremony, title="Báo cáo kết quả", tier="commune", due_days=7, due_time="17:00",
                                  remind_hours_before=24, site_codes="21553, 21550")
    assert task.code == "bao-cao-ket-qua"
    assert task.due_at == datetime(2024, 10, 4, 17, 0, tzinfo=VIETNAM)
    assert task.remind_at == datetime(2024, 10, 3, 17, 0, tzinfo=VIETNAM)
    assert [row.site.code for row in queries.standings(task)] == ["21550", "21553"]
    with pytest.raises(InvalidInput) as caught:
        operations.submit_report(task, get_site_by_code(ceremony.id, "21010"), value=None)
    assert caught.value.field == "site"
    operations.update_task(task, site_codes="", tier="district", due_days=3, due_time=None)
    assert task.due_offset_minutes == 3 * 24 * 60 and len(queries.standings(task)) == 3
    for fields, field in [(dict(site_codes="99999"), "site_codes"), (dict(due_days=-1), "due_days"),
                          (dict(due_days=2, due_time="25:00"), "due_time"), (dict(title=" "), "title"),
                          (dict(remind_hours_before=5000), "remind_hours_before"), (dict(tier="ward"), "tier")]:
        with pytest.raises(InvalidInput) as caught:
            operations.update_task(task, **fields)
        assert caught.value.field == field, fields
    operations.submit_report(task, get_site_by_code(ceremony.id, "534"), value=None)
    with pytest.raises(Conflict):
        operations.delete_task(task)


def test_the_task_pages(db, client, make_ceremony, login):
    ceremony = make_ceremony()
    login("organizer")
    response = client.post(f"/ceremonies/{ceremony.id}/followup/new", data={
        "title": "Hướng dẫn người dân", "tier": "commune", "due_days": "7", "due_time": "17:00",
        "remind_hours_before": "48", "metric_label": "Số người dân", "instructions": "Trong 07 ngày"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Đã thêm nhiệm vụ." in page and "17:00, 04/10/2024" in page and "17:00, 02/10/2024" in page
    [task] = queries.list_tasks(ceremony.id)
    form = client.get(f"/ceremonies/{ceremony.id}/followup/{task.id}/edit").get_data(as_text=True)
    assert 'name="due_days" min="0" max="3650" required value="7"' in form
    bad = client.post(f"/ceremonies/{ceremony.id}/followup/{task.id}/edit", data={
        "title": "Hướng dẫn người dân", "tier": "commune", "due_days": "7", "site_codes": "777"})
    assert "Buổi lễ không có điểm cầu mã 777." in bad.get_data(as_text=True)
    client.post(f"/ceremonies/{ceremony.id}/followup/{task.id}/edit", data={
        "title": "Hướng dẫn người dân", "tier": "commune", "due_days": "10", "due_time": "08:00",
        "remind_hours_before": "12", "site_codes": "21553"})
    db.session.expire_all()
    assert task.due_at == datetime(2024, 10, 7, 8, 0, tzinfo=VIETNAM) and task.codes == ["21553"]
    done = client.post(f"/ceremonies/{ceremony.id}/followup/{task.id}/delete", follow_redirects=True)
    assert "Đã xoá nhiệm vụ." in done.get_data(as_text=True) and queries.list_tasks(ceremony.id) == []


def test_the_task_api(db, client, make_ceremony, api_headers):
    ceremony = make_ceremony()
    headers = api_headers("organizer")
    base = f"/api/v1/ceremonies/{ceremony.id}/followups"
    made = client.post(base, headers=headers, json={"title": "Báo cáo", "tier": "district", "due_days": 2,
                                                    "due_time": "17:00", "remind_hours_before": 6})
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["due_at"] == "2024-09-29T10:00:00+00:00" and body["remind_at"] == "2024-09-29T04:00:00+00:00"
    changed = client.patch(f"{base}/{body['id']}", headers=headers, json={"due_offset_minutes": 1440,
                                                                        "site_codes": ["534"]})
    assert changed.get_json()["due_at"] == "2024-09-28T01:00:00+00:00" and changed.get_json()["site_codes"] == ["534"]
    assert changed.get_json()["summary"]["points"] == 1
    bad = client.post(base, headers=headers, json={"title": "X", "tier": "district"})
    assert bad.status_code == 422 and bad.get_json()["message"] == "Hãy cho biết hạn chót của nhiệm vụ."
    assert client.delete(f"{base}/{body['id']}", headers=headers).status_code == 204
    assert client.get(base, headers=headers).get_json()["items"] == []


def test_editing_a_task_through_the_api_is_in_the_audit_trail(db, client, make_ceremony, api_headers):
    import json

    import sqlalchemy as sa

    from ceremony.audit.models import AuditEntry

    ceremony = make_ceremony()
    headers = api_headers("organizer")
    base = f"/api/v1/ceremonies/{ceremony.id}/followups"
    task_id = client.post(base, headers=headers, json={"title": "Báo cáo", "tier": "district",
                                                       "due_days": 2}).get_json()["id"]
    client.patch(f"{base}/{task_id}", headers=headers, json={"due_days": 3})
    db.session.rollback()
    trail = list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.entity_type == "followup",
                                                                AuditEntry.entity_id == str(task_id))
                                    .order_by(AuditEntry.id)))
    assert [e.action for e in trail] == ["create", "update"] and trail[0].ceremony_id == ceremony.id
    assert json.loads(trail[1].changes) == {"before": {"due_offset_minutes": 2880}, "after": {"due_offset_minutes": 4320}}
