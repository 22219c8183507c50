"""The pages: teams (add, import with row errors), campaigns, progress, the phone page without JavaScript."""
import io
import re
from datetime import datetime, timezone

from ceremony.campaign.access import member_token
from ceremony.campaign.queries import member_totals
from tests.campaign.conftest import team_xlsx


def _csrf(client, url):
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True))
    return found.group(1) if found else ""


def test_teams_page_add_and_import(client, db, movement, team, login):
    login("organizer")
    url = f"/ceremonies/{movement.id}/teams"
    page = client.get(url).get_data(as_text=True)
    assert "Tổ Công nghệ số cộng đồng" in page and "Lê Văn Cường" in page
    csrf = _csrf(client, url)
    response = client.post(f"{url}/add", data={"csrf_token": csrf, "site_code": "21010", "full_name": "Mai Văn Sơn",
                                               "phone": "0905777888", "role": "Thành viên"}, follow_redirects=True)
    assert "Đã thêm Mai Văn Sơn vào tổ." in response.get_data(as_text=True)
    bad = team_xlsx([("Hồ Văn Tám", "Thành viên", "0905777888", "21010", "", "")])
    response = client.post(f"{url}/import", data={"csrf_token": csrf, "site_code": "",
                                                  "file": (io.BytesIO(bad), "to.xlsx")},
                           content_type="multipart/form-data", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Không nhập dòng nào: tệp có 1 lỗi." in text
    assert "Dòng 5, Số điện thoại: số điện thoại đã thuộc về Mai Văn Sơn" in text


def test_an_operator_sees_only_their_points(client, db, movement, team, login):
    login("operator", site_codes=("522",))
    page = client.get(f"/ceremonies/{movement.id}/teams").get_data(as_text=True)
    assert "Phạm Thị Dung" in page and "Trần Thị Bình" not in page
    other = team[1].id
    csrf = _csrf(client, f"/ceremonies/{movement.id}/teams")
    assert client.post(f"/ceremonies/{movement.id}/teams/{other}", data={"csrf_token": csrf, "action": "delete"}
                       ).status_code == 403


def test_progress_page_and_english(client, db, movement, campaign, team, login):
    login("viewer")
    page = client.get(f"/ceremonies/{movement.id}/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Thành viên chưa đạt chỉ tiêu (5)" in page and 'role="img"' in page
    english = client.get(f"/ceremonies/{movement.id}/campaigns/{campaign.id}?lang=en").get_data(as_text=True)
    assert "Members behind target (5)" in english
    overview = client.get(f"/ceremonies/{movement.id}/campaigns").get_data(as_text=True)
    assert campaign.title in overview


def test_member_link_records_without_javascript(client, db, movement, campaign, team, clock):
    clock.set(datetime(2023, 7, 30, 2, 0, tzinfo=timezone.utc))
    token = member_token(team[3])
    db.session.commit()
    url = f"/m/{token}"
    page = client.get(url).get_data(as_text=True)
    assert "Phạm Thị Dung" in page and 'value="2023-07-30" selected' in page and "2023-07-31" not in page
    csrf = _csrf(client, url)
    form = {"csrf_token": csrf, "idempotency_key": "nojs-000001", "member_id": team[3].id, "guided_on": "2023-07-29",
            "count": "4", "skills": ["dvc", "thanh-toan"]}
    assert "Đã ghi nhận." in client.post(url, data=form, follow_redirects=True).get_data(as_text=True)
    client.post(url, data=form)  # the same key again
    assert member_totals(campaign) == {team[3].id: 4}
    assert client.get(f"/m/{token}x").status_code == 401


def test_teams_page_pages_and_links_to_recording(client, db, movement, campaign, team, login):
    login("operator", site_codes=("21553",))
    page = client.get(f"/ceremonies/{movement.id}/teams?site=21553").get_data(as_text=True)
    assert "Ghi nhận người dân được hướng dẫn cho điểm cầu này" in page
    site_id = team[1].site_id
    record = client.get(f"/ceremonies/{movement.id}/campaign/sites/{site_id}/record").get_data(as_text=True)
    assert "Trần Thị Bình" in record and "Lê Văn Cường" in record
    assert client.get(f"/ceremonies/{movement.id}/campaign/sites/{team[3].site_id}/record").status_code == 403
