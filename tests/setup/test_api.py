"""The set-up journey through the API alone: create, copy, template, move, status; Vietnamese 422s."""
from datetime import datetime

import sqlalchemy as sa

from ceremony.sites.models import ReferenceNetwork

OPERATIONS = {"createCeremony", "updateCeremony", "changeCeremonyStatus", "createCeremonyFromPast",
              "createCeremonyFromTemplate", "listCeremonyTemplates", "getCeremonySetup", "listCategories",
              "createCategory", "updateCategory", "deleteCategory", "reorderCategories", "mergeCategory",
              "createReadinessWindow", "updateReadinessWindow", "deleteReadinessWindow", "createChecklistItem",
              "updateChecklistItem", "deleteChecklistItem", "createFollowup", "updateFollowup", "deleteFollowup",
              "applyReadinessDefaults"}


def test_every_setup_operation_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    ids = {op.get("operationId") for item in spec["paths"].values() for op in item.values() if isinstance(op, dict)}
    assert OPERATIONS <= ids, OPERATIONS - ids


def test_create_move_and_publish_through_the_api(client, db, make_ceremony, api_headers):
    make_ceremony()
    network = db.session.scalar(sa.select(ReferenceNetwork))
    headers = api_headers("organizer")
    created = client.post("/api/v1/ceremonies", headers=headers, json={
        "title": "Lễ ra mắt", "kind": "app_launch", "starts_at": "2026-05-19T08:00:00", "ends_at": "2026-05-19T09:30:00",
        "venue": "Trung tâm IOC", "host_unit": "UBND tỉnh", "network_id": network.id})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    cid = body["id"]
    assert body["site_counts"]["commune"] == 4 and body["starts_at"] == "2026-05-19T01:00:00+00:00"
    phases = client.get(f"/api/v1/ceremonies/{cid}/readiness/phases", headers=headers).get_json()
    assert [p["key"] for p in phases] == ["rehearsal", "t120", "t30", "live"]
    assert phases[3]["closes_offset_minutes"] == 90
    setup = client.get(f"/api/v1/ceremonies/{cid}/setup", headers=headers).get_json()
    assert {s["key"]: s["done"] for s in setup["steps"]}["readiness"] is True
    assert setup["slug"] == body["slug"]

    moved = client.patch(f"/api/v1/ceremonies/{cid}", headers=headers, json={"starts_at": "2026-05-20T14:00:00+07:00"})
    assert moved.status_code == 200
    body = moved.get_json()
    assert body["ends_at"] == "2026-05-20T08:30:00+00:00"
    t30 = next(m for m in body["moved"] if m["key"] == "readiness:t30:opens")
    assert (t30["old"], t30["new"]) == ("2026-05-19T00:00:00+00:00", "2026-05-20T06:00:00+00:00")

    status = client.post(f"/api/v1/ceremonies/{cid}/status", headers=headers, json={"status": "published"})
    assert status.status_code == 200 and status.get_json()["status"] == "published"
    refused = client.post(f"/api/v1/ceremonies/{cid}/status", headers=headers, json={"status": "closed"})
    assert refused.status_code == 409 and "không thể chuyển sang closed" in refused.get_json()["message"]


def test_api_errors_are_vietnamese_and_name_the_field(client, make_ceremony, api_headers):
    ceremony = make_ceremony()
    headers = api_headers("organizer")
    missing = client.post("/api/v1/ceremonies", headers=headers, json={"title": "X"})
    assert missing.status_code == 422
    assert missing.get_json()["field"] in {"starts_at", "venue", "host_unit"}
    assert "Thiếu dữ liệu bắt buộc" in missing.get_json()["message"]
    bad_end = client.patch(f"/api/v1/ceremonies/{ceremony.id}", headers=headers,
                           json={"ends_at": "2024-09-27T07:00:00"})
    assert bad_end.status_code == 422
    assert bad_end.get_json() == {"code": 422, "status": "Unprocessable Entity",
                                  "message": "Giờ kết thúc phải sau giờ bắt đầu.", "field": "ends_at"}
    blank = client.patch(f"/api/v1/ceremonies/{ceremony.id}", headers=headers, json={"venue": "  "})
    assert blank.status_code == 422 and blank.get_json()["field"] == "venue"
    viewer = client.post("/api/v1/ceremonies/from-template", headers=api_headers("viewer"), json={})
    assert viewer.status_code in (403, 422)


def test_from_past_and_from_template_through_the_api(client, db, make_ceremony, api_headers):
    source = make_ceremony()
    headers = api_headers("organizer")
    cat = client.post(f"/api/v1/ceremonies/{source.id}/categories", headers=headers,
                      json={"tier": "commune", "name": "Lãnh đạo UBND xã"})
    assert cat.status_code == 201 and cat.get_json()["code"] == "lanh-dao-ubnd-xa"
    copy = client.post("/api/v1/ceremonies/from-past", headers=headers, json={
        "source_id": source.id, "title": "Lễ 2025", "starts_at": "2025-09-27T08:00:00",
        "copy": ["network", "categories", "readiness"]})
    assert copy.status_code == 201, copy.get_json()
    new_id = copy.get_json()["id"]
    assert copy.get_json()["site_counts"] == {"province": 1, "district": 3, "commune": 4}
    cats = client.get(f"/api/v1/ceremonies/{new_id}/categories", headers=headers).get_json()["items"]
    assert [c["code"] for c in cats] == ["lanh-dao-ubnd-xa"]
    both = client.post("/api/v1/ceremonies/from-past", headers=headers, json={
        "source_id": source.id, "title": "X", "starts_at": "2025-09-27T08:00:00", "copy": ["network"],
        "network_id": 1})
    assert both.status_code == 422 and both.get_json()["field"] == "network_id"
    templates = client.get("/api/v1/ceremony-templates", headers=headers).get_json()
    assert {t["key"] for t in templates} == {"movement_launch", "app_launch"}
    network = db.session.scalar(sa.select(ReferenceNetwork))
    made = client.post("/api/v1/ceremonies/from-template", headers=headers, json={
        "template": "app_launch", "title": "Khai trương ứng dụng", "starts_at": "2026-01-15T08:00:00",
        "venue": "Trung tâm IOC", "host_unit": "UBND tỉnh", "network_id": network.id})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["kind"] == "app_launch"
    steps = client.get(f"/api/v1/ceremonies/{made.get_json()['id']}/setup", headers=headers).get_json()["steps"]
    assert [s["key"] for s in steps if not s["done"]] == ["delegates"]
    assert datetime.fromisoformat(made.get_json()["ends_at"]).hour == 2  # 09:00 Vietnam time
