"""The organizer's editor of windows and checklist (operations, page, API); the operator's window line."""
from datetime import timedelta

import pytest

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.readiness import setup
from ceremony.readiness.operations import record_checkin
from ceremony.readiness.queries import checklist, get_phase, phases
from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code


def test_add_move_and_remove_windows(db, ready_ceremony, report, clock):
    t60 = setup.add_window(ready_ceremony, key="t60", name="Kiểm tra T-60", opens_offset_minutes=-80,
                           closes_offset_minutes=-60)
    assert t60.opens_at == ready_ceremony.starts_at - timedelta(minutes=80)
    assert [p.key for p in phases(ready_ceremony.id)] == ["rehearsal", "t120", "t60", "t30", "live"]
    for kwargs, field in [(dict(key="t60", name="x", opens_offset_minutes=0, closes_offset_minutes=1), "key"),
                          (dict(key="x y", name="x", opens_offset_minutes=0, closes_offset_minutes=1), "key"),
                          (dict(key="a", name="", opens_offset_minutes=0, closes_offset_minutes=1), "name"),
                          (dict(key="b", name="B", opens_offset_minutes=10, closes_offset_minutes=5), "closes_offset_minutes"),
                          (dict(key="c", name="C", opens_offset_minutes=10**7, closes_offset_minutes=5), "opens_offset_minutes")]:
        with pytest.raises((InvalidInput, Conflict)) as caught:
            setup.add_window(ready_ceremony, **kwargs)
        assert caught.value.field == field
    setup.update_window(t60, name="Kiểm tra T-70", opens_offset_minutes=-90, closes_offset_minutes=-70)
    assert (t60.name, t60.closes_at) == ("Kiểm tra T-70", ready_ceremony.starts_at - timedelta(minutes=70))
    clock.set(t60.opens_at + timedelta(minutes=1))
    report(ready_ceremony, "534")
    with pytest.raises(Conflict) as caught:
        setup.delete_window(t60)
    assert "1 báo cáo" in caught.value.message
    setup.delete_window(get_phase(ready_ceremony.id, "rehearsal"))
    assert "rehearsal" not in [p.key for p in phases(ready_ceremony.id)]


def test_checklist_items_are_edited_and_an_answered_one_is_switched_off(db, ready_ceremony, report, clock):
    item = setup.save_item(ready_ceremony, key="generator", label="Máy phát điện", kind="check")
    setup.update_item(item, label="Máy phát điện dự phòng", kind="note")
    assert (item.label, item.kind.value) == ("Máy phát điện dự phòng", "note")
    assert setup.delete_item(item) is True
    camera = next(i for i in checklist(ready_ceremony.id) if i.key == "camera")
    report(ready_ceremony, "534")
    assert setup.delete_item(camera) is False and camera.is_active is False
    with pytest.raises(InvalidInput) as caught:
        setup.save_item(ready_ceremony, key="x", label="X", kind="colour")
    assert caught.value.field == "kind" and "check" in caught.value.message


def test_a_report_after_every_window_is_refused_in_vietnamese(db, ready_ceremony, clock):
    clock.set(get_phase(ready_ceremony.id, "live").closes_at + timedelta(minutes=1))
    with pytest.raises(Conflict) as caught:
        record_checkin(get_site_by_code(ready_ceremony.id, "534"), idempotency_key="k" * 10, answers=[])
    assert caught.value.message == "Mọi khung giờ báo cáo của buổi lễ đã đóng; không nhận báo cáo nữa."


def test_the_operator_page_says_when_the_next_window_opens(db, client, ready_ceremony, clock):
    token = issue_site_token(get_site_by_code(ready_ceremony.id, "534"))
    db.session.commit()
    t120 = get_phase(ready_ceremony.id, "t120")
    clock.set(t120.closes_at + timedelta(minutes=5))  # between T-120 and T-30
    page = client.get(f"/r/{token}").get_data(as_text=True)
    assert "Khung giờ tiếp theo, Kiểm tra T-30 phút, mở lúc 07:00 27/09" in page
    clock.set(get_phase(ready_ceremony.id, "t30").opens_at + timedelta(minutes=1))
    assert "Đang nhận báo cáo đến 07:30 27/09" in client.get(f"/r/{token}").get_data(as_text=True)
    clock.set(get_phase(ready_ceremony.id, "live").closes_at + timedelta(minutes=1))
    assert "Mọi khung giờ báo cáo của buổi lễ đã đóng" in client.get(f"/r/{token}").get_data(as_text=True)


def test_the_windows_and_checklist_page(db, client, ready_ceremony, login, clock):
    login("organizer")
    url = f"/ceremonies/{ready_ceremony.id}/readiness/checklist"
    page = client.get(url).get_data(as_text=True)
    assert "T-120 phút" in page and "05:30, 27/09/2024" in page  # the offset and the local clock time
    assert "Băng thông (Mbit/s)" in page and "Số người (đại biểu đã vào chỗ)" in page  # kinds in Vietnamese
    response = client.post(f"/ceremonies/{ready_ceremony.id}/readiness/windows", data={
        "key": "t60", "name": "Kiểm tra T-60", "opens_offset_minutes": "-75", "closes_offset_minutes": "-60"},
        follow_redirects=True)
    assert "Đã thêm khung giờ." in response.get_data(as_text=True)
    assert get_phase(ready_ceremony.id, "t60").closes_offset_minutes == -60
    bad = client.post(f"/ceremonies/{ready_ceremony.id}/readiness/windows/t60",
                      data={"opens_offset_minutes": "-10", "closes_offset_minutes": "-20"}, follow_redirects=True)
    assert "Khung giờ phải đóng sau khi mở." in bad.get_data(as_text=True)
    client.post(f"/ceremonies/{ready_ceremony.id}/readiness/windows/t60/delete")
    with pytest.raises(Exception):
        get_phase(ready_ceremony.id, "t60")
    client.post(url, data={"key": "ups", "label": "Bộ lưu điện (UPS)", "kind": "check", "is_active": "on"})
    item = next(i for i in checklist(ready_ceremony.id) if i.key == "ups")
    removed = client.post(f"{url}/{item.id}/delete", follow_redirects=True)
    assert "Đã xoá mục kiểm tra." in removed.get_data(as_text=True)


def test_the_windows_and_checklist_api(db, client, ready_ceremony, api_headers, clock):
    headers = api_headers("organizer")
    base = f"/api/v1/ceremonies/{ready_ceremony.id}/readiness"
    made = client.post(f"{base}/phases", headers=headers, json={
        "key": "t60", "name": "Kiểm tra T-60", "opens_offset_minutes": -75, "closes_offset_minutes": -60})
    assert made.status_code == 201 and made.get_json()["closes_at"].startswith("2024-09-27T00:00")
    moved = client.patch(f"{base}/phases/t60", headers=headers, json={"closes_offset_minutes": -50})
    assert moved.status_code == 200 and moved.get_json()["closes_offset_minutes"] == -50
    bad = client.patch(f"{base}/phases/t60", headers=headers, json={"closes_offset_minutes": -90})
    assert bad.status_code == 422 and bad.get_json()["field"] == "closes_offset_minutes"
    assert bad.get_json()["message"] == "Khung giờ phải đóng sau khi mở."
    assert client.delete(f"{base}/phases/t60", headers=headers).status_code == 204
    item = client.post(f"{base}/checklist", headers=headers, json={"key": "ups", "label": "UPS", "kind": "check"})
    assert item.status_code == 201
    item_id = item.get_json()["id"]
    changed = client.patch(f"{base}/checklist/{item_id}", headers=headers, json={"label": "Bộ lưu điện"})
    assert changed.get_json()["label"] == "Bộ lưu điện"
    assert client.delete(f"{base}/checklist/{item_id}", headers=headers).get_json() == {"removed": True}
    assert client.patch(f"{base}/checklist/999999", headers=headers, json={}).status_code == 404


def test_a_ceremony_without_windows_gets_the_defaults_from_the_page_or_the_api(db, client, ready_ceremony, login,
                                                                               api_headers):
    from ceremony.readiness.models import ReadinessItem, ReadinessPhase

    for model in (ReadinessPhase, ReadinessItem):
        db.session.execute(db.delete(model).where(model.ceremony_id == ready_ceremony.id))
    db.session.commit()
    login("organizer")
    url = f"/ceremonies/{ready_ceremony.id}/readiness/checklist"
    assert "Thêm khung giờ và danh mục kiểm tra mặc định" in client.get(url).get_data(as_text=True)
    done = client.post(f"/ceremonies/{ready_ceremony.id}/readiness/defaults", follow_redirects=True)
    assert "Đã thêm các khung giờ và danh mục kiểm tra mặc định." in done.get_data(as_text=True)
    assert len(phases(ready_ceremony.id)) == 4 and len(checklist(ready_ceremony.id)) == 8
    again = client.post(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/defaults", headers=api_headers("organizer"))
    assert again.status_code == 200 and [p["key"] for p in again.get_json()] == ["rehearsal", "t120", "t30", "live"]
