"""The campaign API: members (list, create, update, delete, import), record with each kind of access,
progress scoped to an operator's points."""
import uuid
from datetime import datetime, timezone

import pytest

from ceremony.campaign.access import member_token
from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code
from tests.campaign.conftest import team_xlsx


@pytest.fixture
def day2(clock):
    clock.set(datetime(2023, 7, 29, 2, 0, tzinfo=timezone.utc))


def _record(client, movement, campaign, member, headers, **fields):
    body = {"idempotency_key": uuid.uuid4().hex, "member_id": member.id, "skills": ["dvc"], **fields}
    return client.post(f"/api/v1/ceremonies/{movement.id}/campaigns/{campaign.id}/records", json=body, headers=headers)


def test_members_crud_and_listing(client, db, movement, team, api_headers):
    organizer = api_headers("organizer")
    base = f"/api/v1/ceremonies/{movement.id}/team-members"
    listing = client.get(base, headers=organizer).get_json()
    assert listing["total"] == 5 and listing["items"][0]["site_code"] == "534"
    created = client.post(base, json={"site_code": "21010", "full_name": "Bùi Văn Phú", "phone": "0905 123 456",
                                      "role": "Thành viên", "level": "village", "village": "Tổ dân phố 3"},
                          headers=organizer)
    assert created.status_code == 201, created.get_json()
    member = created.get_json()
    assert (member["phone"], member["level"]) == ("0905123456", "village")
    dup = client.post(base, json={"site_code": "21010", "full_name": "X", "phone": "0905123456"}, headers=organizer)
    assert dup.status_code == 409 and dup.get_json()["field"] == "phone"
    patched = client.patch(f"{base}/{member['id']}", json={"role": "Tổ phó"}, headers=organizer)
    assert patched.get_json()["role"] == "Tổ phó"
    assert client.delete(f"{base}/{member['id']}", headers=organizer).status_code == 204
    district = api_headers("operator", site_codes=("522",))
    mine = client.get(base, headers=district).get_json()
    assert {m["site_code"] for m in mine["items"]} == {"21013"}  # Trần Phú, under TP Quảng Ngãi
    assert client.patch(f"{base}/{team[0].id}", json={"role": "x"}, headers=district).status_code == 403
    assert client.get(f"{base}?site_code=21553", headers=organizer).get_json()["total"] == 2


def test_import_through_the_api_names_the_rows(client, db, movement, api_headers):
    organizer = api_headers("organizer")
    url = f"/api/v1/ceremonies/{movement.id}/team-members/import"
    bad = team_xlsx([("Nguyễn Văn Hùng", "Tổ trưởng", "0905111222", "", "", ""), ("Lê Thị Hoa", "", "abc", "", "", "")])
    response = client.post(url + "?site_code=21550", data={"file": (__import__("io").BytesIO(bad), "to.xlsx")},
                           headers=organizer, content_type="multipart/form-data")
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"] == [{"row": 6, "field": "Số điện thoại",
                               "reason": "không phải số điện thoại Việt Nam: “abc”"}]
    good = team_xlsx([("Nguyễn Văn Hùng", "Tổ trưởng", "0905111222", "", "", ""),
                      ("Lê Thị Hoa", "Thành viên", "0905111333", "", "Thôn", "Thôn 2")])
    response = client.post(url + "?site_code=21550", data={"file": (__import__("io").BytesIO(good), "to.xlsx")},
                           headers=organizer, content_type="multipart/form-data")
    assert response.status_code == 201 and response.get_json() == {"imported": 2}


def test_record_with_every_kind_of_access(client, db, movement, campaign, team, api_headers, day2):
    site_token = issue_site_token(get_site_by_code(movement.id, "21553"))
    own = member_token(team[4])
    db.session.commit()
    key = uuid.uuid4().hex
    first = _record(client, movement, campaign, team[1], {"X-Site-Token": site_token}, idempotency_key=key, count=3)
    assert first.status_code == 201 and first.get_json()["member_total"] == 3
    again = _record(client, movement, campaign, team[1], {"X-Site-Token": site_token}, idempotency_key=key, count=3)
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert _record(client, movement, campaign, team[3], {"X-Site-Token": site_token}).status_code == 403
    assert _record(client, movement, campaign, team[4], {"X-Member-Token": own}).status_code == 201
    assert _record(client, movement, campaign, team[3], {"X-Member-Token": own}).status_code == 403
    assert _record(client, movement, campaign, team[3], {"X-Member-Token": own + "x"}).status_code == 401
    viewer = api_headers("viewer")
    assert _record(client, movement, campaign, team[3], viewer).status_code == 403
    bad = _record(client, movement, campaign, team[3], api_headers("organizer"), skills=["bay"])
    assert bad.status_code == 422 and bad.get_json()["field"] == "skills"
    late = _record(client, movement, campaign, team[3], api_headers("organizer"), guided_on="2023-08-10")
    assert late.status_code == 422 and "10/08/2023" in late.get_json()["message"]


def test_progress_for_the_province_and_for_a_district(client, db, movement, campaign, team, api_headers, day2):
    organizer = api_headers("organizer")
    for member, count in ((team[0], 7), (team[1], 2), (team[3], 4)):
        assert _record(client, movement, campaign, member, organizer, count=count).status_code == 201
    url = f"/api/v1/ceremonies/{movement.id}/campaigns/{campaign.id}/progress"
    whole = client.get(url, headers=organizer).get_json()
    assert whole["totals"] == {"members": 5, "target": 35, "guided": 13, "members_done": 1, "members_behind": 4,
                               "percent": 37.1}
    assert {r["level"]: r["guided"] for r in whole["by_level"]} == {"district": 7, "commune": 6, "village": 0}
    district = client.get(url, headers=api_headers("operator", site_codes=("534",))).get_json()
    assert district["totals"]["guided"] == 9
    assert [c["code"] for c in district["by_commune"]] == ["21553"]
    assert {m["full_name"] for m in district["behind"]} == {"Trần Thị Bình", "Lê Văn Cường"}


def test_campaign_create_and_update_through_the_api(client, db, movement, api_headers):
    organizer = api_headers("organizer")
    base = f"/api/v1/ceremonies/{movement.id}/campaigns"
    created = client.post(base, json={"code": "ky-nang-so", "title": "Hướng dẫn kỹ năng số", "target_per_member": 5,
                                      "closes_offset_minutes": 3 * 24 * 60}, headers=organizer)
    assert created.status_code == 201
    body = created.get_json()
    assert body["closes_at"] == "2023-07-31T01:00:00+00:00" and len(body["skills"]) == 3
    patched = client.patch(f"{base}/{body['id']}", json={"closes_offset_minutes": 0}, headers=organizer)
    assert patched.status_code == 422 and patched.get_json()["field"] == "closes_offset_minutes"
    assert client.get(base, headers=api_headers("viewer")).get_json()[0]["code"] == "ky-nang-so"
