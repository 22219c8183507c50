"""The run-of-show JSON API: operations in the OpenAPI document, validation, the launch button."""
import pytest

from ceremony.program import queries


def test_every_operation_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    ids = {op.get("operationId") for path in spec["paths"].values() for op in path.values()
           if isinstance(op, dict)}
    assert {"listSegments", "createSegment", "updateSegment", "deleteSegment", "reorderSegments",
            "getShowState", "advanceShow", "fireLaunch"} <= ids


def test_list_update_and_reorder(client, program, api_headers):
    headers = api_headers("organizer")
    body = client.get(f"/api/v1/ceremonies/{program.id}/segments?per_page=2", headers=headers).get_json()
    assert body["total"] == 5 and [s["kind"] for s in body["items"]] == ["introduction", "speech"]
    segment_id = body["items"][1]["id"]
    response = client.patch(f"/api/v1/ceremonies/{program.id}/segments/{segment_id}", headers=headers,
                            json={"planned_minutes": 20, "people": [{"role": "Lãnh đạo UBND tỉnh"}]})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["people"][0]["label"] == "Lãnh đạo UBND tỉnh"
    ids = [s.id for s in queries.list_segments(program.id)]
    response = client.put(f"/api/v1/ceremonies/{program.id}/segments/order", headers=headers,
                          json={"segment_ids": ids[::-1]})
    assert response.status_code == 200 and [s["id"] for s in response.get_json()] == ids[::-1]


@pytest.mark.parametrize("body, field", [
    ({"planned_minutes": "lots"}, "planned_minutes"), ({"kind": "dance"}, "kind"), ({"title": ""}, "title"),
    ({"floor_site_id": 99999}, "floor_site_id"), ({"people": [{"delegate_id": 99999}]}, "people"),
])
def test_malformed_updates_name_the_field(client, program, api_headers, body, field):
    segment_id = queries.list_segments(program.id)[0].id
    response = client.patch(f"/api/v1/ceremonies/{program.id}/segments/{segment_id}",
                            headers=api_headers("organizer"), json=body)
    assert 400 <= response.status_code < 500
    assert field in str(response.get_json()), response.get_json()


def test_viewers_read_but_do_not_drive(client, program, api_headers):
    headers = api_headers("viewer")
    assert client.get(f"/api/v1/ceremonies/{program.id}/show", headers=headers).get_json()["status"] == "ready"
    assert client.post(f"/api/v1/ceremonies/{program.id}/show", headers=headers,
                       json={"action": "start", "override": "x"}).status_code == 403
    assert client.get(f"/api/v1/ceremonies/{program.id}/show").status_code == 401


def test_drive_the_show_and_press_the_button_twice(client, program, api_headers, clock):
    clock.set(program.starts_at)
    headers = api_headers("organizer")
    url = f"/api/v1/ceremonies/{program.id}/show"
    response = client.post(url, headers=headers, json={"action": "start"})
    assert response.status_code == 409 and response.get_json()["field"] == "override"
    state = client.post(url, headers=headers, json={"action": "start", "override": "rehearsal"}).get_json()
    assert state["status"] == "running" and state["clock"]["remaining"] == 300
    assert client.post(url, headers=headers, json={"action": "extend"}).status_code == 422
    assert client.post(url, headers=headers, json={"action": "jump"}).status_code == 422
    clock.advance(minutes=7)
    state = client.get(url, headers=headers).get_json()
    assert state["clock"]["overrun"] == 120 and state["drift_seconds"] == 120
    for _ in range(2):
        state = client.post(url, headers=headers, json={"action": "next"}).get_json()
    assert state["segments"][2]["state"] == "current"
    first = client.post(f"{url}/launch", headers=headers, json={})
    second = client.post(f"{url}/launch", headers=headers, json={})
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.get_json()["id"] == second.get_json()["id"] and first.get_json()["source"] == "api"
    state = client.post(url, headers=headers, json={"action": "floor", "site_code": "534"}).get_json()
    assert state["floor"]["code"] == "534"
    assert client.post(url, headers=headers, json={"action": "floor", "site_code": "nope"}).status_code == 422


def test_create_and_delete(client, program, api_headers):
    headers = api_headers("organizer")
    response = client.post(f"/api/v1/ceremonies/{program.id}/segments", headers=headers,
                           json={"kind": "clip", "title": "Chiếu clip", "planned_minutes": 7,
                                 "media_url": "https://example.vn/clip.mp4"})
    assert response.status_code == 201 and response.get_json()["position"] == 5
    segment_id = response.get_json()["id"]
    assert client.delete(f"/api/v1/ceremonies/{program.id}/segments/{segment_id}",
                         headers=headers).status_code == 204
    assert client.post(f"/api/v1/ceremonies/{program.id}/segments", headers=headers,
                       json={"title": "x"}).status_code == 422
