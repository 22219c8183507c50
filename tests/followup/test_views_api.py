from datetime import datetime

import pytest

from ceremony.followup.operations import create_task
from ceremony.sites.queries import get_site_by_code


@pytest.fixture
def task(db, make_ceremony):
    task = create_task(make_ceremony(), code="bao-cao", title="Báo cáo kết quả", tier="district",
                       due_at=datetime(2030, 10, 4, 17, 0), metric_label="Số người dân được hướng dẫn")
    db.session.commit()
    return task


def test_operator_reports_for_own_point_only_through_the_api(client, db, task, api_headers):
    headers = api_headers("operator", site_codes=["534"])
    url = f"/api/v1/ceremonies/{task.ceremony_id}/followups/{task.id}/reports"
    response = client.post(url, json={"site_code": "534", "value": 42, "note": "đã hướng dẫn"}, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["value"] == 42 and response.get_json()["is_late"] is False
    assert client.post(url, json={"site_code": "522", "value": 1}, headers=headers).status_code == 403
    bad = client.post(url, json={"site_code": "534", "value": -3}, headers=headers)
    assert bad.status_code == 422 and "value" in bad.get_json()["message"]
    assert client.post(url, data="not json", headers={**headers, "Content-Type": "application/json"}).status_code in (400, 422)
    listing = client.get(f"/api/v1/ceremonies/{task.ceremony_id}/followups", headers=headers).get_json()
    assert listing["items"][0]["summary"]["reported"] == 1 and listing["items"][0]["summary"]["total_value"] == 42


def test_pages_show_each_points_state(client, db, task, login):
    login("operator", site_codes=["534"])
    site = get_site_by_code(task.ceremony_id, "534")
    response = client.post(f"/ceremonies/{task.ceremony_id}/followup/{task.id}/sites/{site.id}",
                           data={"value": "12", "note": "ổn"})
    assert response.status_code == 302
    html = client.get(f"/ceremonies/{task.ceremony_id}/followup/{task.id}").get_data(as_text=True)
    assert 'data-code="534"' in html and "Đã báo cáo" in html
    assert 'data-code="522"' not in html  # an operator sees only their own points
    other = get_site_by_code(task.ceremony_id, "522")
    assert client.get(f"/ceremonies/{task.ceremony_id}/followup/{task.id}/sites/{other.id}").status_code == 403


def test_overview_shows_the_followup_panel(client, db, task, login):
    login("viewer")
    html = client.get(f"/ceremonies/{task.ceremony_id}").get_data(as_text=True)
    assert 'id="panel-followup"' in html and "0/3 đã báo cáo" in html
