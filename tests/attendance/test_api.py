"""Attendance API: redeemCheckin, uploadScans, getAttendance, the gate list, search, remote points."""
import unicodedata

from ceremony.attendance.queries import code_hash
from datetime import timedelta

from ceremony.live.broker import get_broker


def _url(invited, path):
    return f"/api/v1/ceremonies/{invited.ceremony.id}/{path}"


def test_redeem_answers_welcome_then_already_with_first_time_and_gate(client, invited, api_headers):
    headers = api_headers("checker")
    body = {"text": f"https://ceremony.test/i/{invited.token(0)}", "gate": "Cổng A", "device": "p1", "nonce": "1"}
    first = client.post(_url(invited, "checkins"), json=body, headers=headers).get_json()
    assert first["result"] == "welcome" and first["delegate"]["name"] == "Nguyễn Thị Ánh Tuyết"
    assert first["delegate"]["zone"] == "A" and first["first_checkin"]["gate"] == "Cổng A"
    again = client.post(_url(invited, "checkins"), json={**body, "gate": "Cổng B", "nonce": "2",
                                                          "text": None, "token": invited.token(0)},
                        headers=headers).get_json()
    assert again["result"] == "already" and again["first_checkin"]["gate"] == "Cổng A"
    assert again["first_checkin"]["checked_in_at"] == first["first_checkin"]["checked_in_at"]
    retry = client.post(_url(invited, "checkins"), json=body, headers=headers).get_json()
    assert retry["result"] == "welcome" and retry["replayed"] is True


def test_refusals_over_the_api(client, invited, api_headers):
    headers = api_headers("checker")
    answers = [client.post(_url(invited, "checkins"), json={"text": text, "gate": "G", "device": "p", "nonce": str(n)},
                           headers=headers).get_json()["result"]
               for n, text in enumerate(["xyz", "c999.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAA"])]
    assert answers == ["unreadable", "unreadable"]


def test_malformed_input_is_422_naming_the_field(client, invited, api_headers):
    headers = api_headers("checker")
    good = {"text": invited.token(0), "gate": "G", "device": "p", "nonce": "n"}
    for change, field in [({"gate": ""}, "gate"), ({"nonce": None}, "nonce"), ({"device": "x" * 81}, "device"),
                          ({"text": ""}, "text"), ({"delegate_id": "abc"}, "delegate_id"),
                          ({"method": "teleport"}, "method")]:
        response = client.post(_url(invited, "checkins"), json={**good, **change}, headers=headers)
        assert response.status_code == 422, change
        assert field in response.get_json()["message"], response.get_json()
    response = client.post(_url(invited, "checkins/batch"), json={"scans": [{**good, "scanned_at": "yesterday"}]},
                           headers=headers)
    assert response.status_code == 422 and "scanned_at" in response.get_json()["message"]
    response = client.post(_url(invited, "checkins/batch"), json={"scans": []}, headers=headers)
    assert response.status_code == 422 and "scans" in response.get_json()["message"]
    assert client.post("/api/v1/ceremonies/999/checkins", json=good, headers=headers).status_code == 404


def test_roles(client, invited, api_headers):
    body = {"text": invited.token(0), "gate": "G", "device": "p", "nonce": "n"}
    assert client.post(_url(invited, "checkins"), json=body, headers=api_headers("viewer")).status_code == 403
    assert client.post(_url(invited, "checkins"), json=body).status_code == 401
    assert client.get(_url(invited, "gate-list"), headers=api_headers("operator", ["534"])).status_code == 403
    assert client.get(_url(invited, "attendance"), headers=api_headers("viewer")).status_code == 200


def test_batch_upload_is_idempotent_and_counts_conflicts(client, invited, api_headers, clock):
    headers = api_headers("checker")
    client.post(_url(invited, "checkins"), json={"text": invited.token(2), "gate": "A", "device": "p", "nonce": "0"},
                headers=headers)
    at = (clock.current - timedelta(minutes=5)).isoformat()
    scans = [{"text": invited.token(i), "gate": "B", "device": "tab", "nonce": f"o{i}", "scanned_at": at,
              "local_result": "welcome"} for i in (0, 2)]
    first = client.post(_url(invited, "checkins/batch"), json={"scans": scans}, headers=headers).get_json()
    assert first["accepted"] == 2 and first["conflicts"] == 1
    assert [r["result"] for r in first["results"]] == ["welcome", "already"]
    again = client.post(_url(invited, "checkins/batch"), json={"scans": scans}, headers=headers).get_json()
    assert again["conflicts"] == 1 and all(r["replayed"] for r in again["results"])
    counts = client.get(_url(invited, "attendance"), headers=headers).get_json()
    assert counts["present"] == 2 and counts["scans"] == 3 and counts["conflicts"] == 1


def test_get_attendance_counts_per_point_tier_category_and_vip(client, invited, api_headers):
    checker, operator = api_headers("checker"), api_headers("operator", ["534"])
    client.post(_url(invited, "checkins"), json={"text": invited.token(0), "gate": "A", "device": "p", "nonce": "1"},
                headers=checker)
    response = client.post(_url(invited, f"delegates/{invited.remote[0].id}/presence"), headers=operator)
    assert response.get_json()["result"] == "welcome"
    assert client.post(_url(invited, f"delegates/{invited.delegates[1].id}/presence"),
                       headers=operator).status_code == 403
    response = client.put(_url(invited, f"sites/{invited.sites['21553'].id}/headcount"), json={"count": 38},
                          headers=operator)
    assert response.status_code == 200 and response.get_json()["count"] == 38
    assert client.put(_url(invited, f"sites/{invited.sites['21553'].id}/headcount"), json={"count": -2},
                      headers=operator).status_code == 422
    body = client.get(_url(invited, "attendance"), headers=checker).get_json()
    assert (body["invited"], body["present"], body["vip"]) == (7, 2, {"invited": 1, "present": 1})
    tiers = {t["tier"]: (t["present"], t["invited"]) for t in body["by_tier"]}
    assert tiers == {"province": (1, 4), "district": (1, 2), "commune": (0, 1)}
    categories = {c["code"]: c["present"] for c in body["by_category"]}
    assert categories == {"lanh-dao": 1, "ubnd-huyen": 1}
    sites = {s["code"]: (s["present"], s["headcount"]) for s in body["by_site"]}
    assert sites["51"] == (1, None) and sites["534"] == (1, None) and sites["21553"] == (0, 38)
    assert body["headcount_total"] == 38


def test_gate_list_and_search(client, invited, api_headers):
    headers = api_headers("checker")
    body = client.get(_url(invited, "gate-list"), headers=headers).get_json()
    column = {name: i for i, name in enumerate(body["fields"])}
    venue = [inv for inv in invited.invitations if inv.delegate.site_id == invited.sites["51"].id]
    assert {row[column["token_hash"]] for row in body["items"]} == {code_hash(inv.token) for inv in venue}
    body = client.get(_url(invited, "gate-list?site=534"), headers=headers).get_json()
    assert [s["name"] for s in body["sites"]] == ["Thị xã Đức Phổ"]
    assert {row[column["name"]] for row in body["items"]} == {"Võ Minh Quân", "Huỳnh Thị Lan"}
    found = client.get(_url(invited, "checkin-candidates?q=tuyet"), headers=headers).get_json()["items"]
    assert [c["name"] for c in found] == ["Nguyễn Thị Ánh Tuyết"]
    delegate_id = found[0]["id"]
    picked = client.post(_url(invited, "checkins"), json={"delegate_id": delegate_id, "gate": "A", "device": "p",
                                                           "nonce": "s1", "method": "search"}, headers=headers)
    assert picked.get_json()["result"] == "welcome"
    found = client.get(_url(invited, "checkin-candidates?q=ĐỨC THẮNG"), headers=headers).get_json()["items"]
    assert [c["name"] for c in found] == ["Trần Đức Thắng"] and found[0]["checkin"] is None
    nfd = unicodedata.normalize("NFD", "Đức Thắng")
    found = client.get(_url(invited, "checkin-candidates"), query_string={"q": nfd}, headers=headers).get_json()["items"]
    assert [c["name"] for c in found] == ["Trần Đức Thắng"]
    assert found[0]["unit"] is not None and found[0]["site"]["name"]  # the gate shows unit and point
    assert client.get(_url(invited, "checkin-candidates?q=x"), headers=headers).status_code == 422


def test_a_checkin_is_pushed_live_after_commit(client, invited, api_headers, app):
    subscription = get_broker(app).subscribe([f"attendance:{invited.ceremony.id}"])
    with subscription:
        client.post(_url(invited, "checkins"), json={"text": invited.token(0), "gate": "A", "device": "p",
                                                     "nonce": "1"}, headers=api_headers("checker"))
        events = [subscription.get(timeout=1), subscription.get(timeout=1)]
    checkin = next(m for m in events if m and m.event == "checkin")
    assert checkin.data["is_vip"] is True and checkin.data["tier"] == "province"
    assert checkin.data["name"] == "Nguyễn Thị Ánh Tuyết"


def test_operations_are_described_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = {op["operationId"]: (path, method) for path, item in spec["paths"].items()
                  for method, op in item.items() if isinstance(op, dict) and "operationId" in op}
    for name in ("redeemCheckin", "uploadScans", "getAttendance", "getGateList", "searchCheckinCandidates",
                 "markPresent", "reportHeadcount"):
        assert name in operations, name
    assert operations["redeemCheckin"] == ("/api/v1/ceremonies/{ceremony_id}/checkins", "post")
