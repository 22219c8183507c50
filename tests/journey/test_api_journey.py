"""Issue 8, done when: the whole journey through the JSON API alone, using only operations of
/api/v1/openapi.json — last year's ceremony copied onto the 2025 two-tier network, the date moved, an
office's XLSX imported for one commune, letters issued, a substitute sent, the point's letters and
badges printed, an operator reporting ready inside a window, the gate admitting the substitute by the
typed short code and refusing the original, the show started and launched."""
import io
import re

from ceremony.ceremonies.queries import get_ceremony_by_slug
from tests.badges.readback import pdf_pages_text
from tests.journey.common import (
    COMMUNE,
    ORIGINAL,
    SOURCE_SLUG,
    START,
    SUBSTITUTE,
    flat,
    inside_the_t30_window,
    office_xlsx,
)

# Every call of the journey, as (method, path template of the document).
CALLS = {
    ("GET", "/api/v1/openapi.json"),
    ("POST", "/api/v1/reference-networks"),
    ("POST", "/api/v1/ceremonies/from-past"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/categories"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/readiness/phases"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/readiness/checklist"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/segments"),
    ("PATCH", "/api/v1/ceremonies/{ceremony_id}"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/sites"),
    ("POST", "/api/v1/ceremonies/{ceremony_id}/delegates/import"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/delegates"),
    ("PUT", "/api/v1/ceremonies/{ceremony_id}/invitations/letter-settings"),
    ("POST", "/api/v1/ceremonies/{ceremony_id}/invitations"),
    ("POST", "/api/v1/invitations/{token}/substitute"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/invitations/letters.pdf"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/badges.pdf"),
    ("POST", "/api/v1/ceremonies/{ceremony_id}/readiness/sites/{site_id}/checkins"),
    ("GET", "/api/v1/ceremonies/{ceremony_id}/readiness/board"),
    ("POST", "/api/v1/ceremonies/{ceremony_id}/checkins"),
    ("POST", "/api/v1/ceremonies/{ceremony_id}/show"),
    ("POST", "/api/v1/ceremonies/{ceremony_id}/show/launch"),
}


def _operations(spec):
    found = {("GET", "/api/v1/openapi.json")}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and op.get("operationId"):
                found.add((method.upper(), path))
    return found


def _items(body):
    return body["items"] if isinstance(body, dict) else body


def _template(path):
    """The document's template for a concrete path, e.g. /api/v1/ceremonies/3 → …/{ceremony_id}."""
    return re.sub(r"/ceremonies/\d+", "/ceremonies/{ceremony_id}",
                  re.sub(r"/sites/\d+", "/sites/{site_id}", re.sub(r"/invitations/(c[^/]+)(?=/)", "/invitations/{token}",
                                                                      path.split("?")[0])))


def test_the_whole_journey_through_the_api_alone(client, db, demo, clock, api_headers):
    spec = client.get("/api/v1/openapi.json").get_json()
    missing = CALLS - _operations(spec)
    assert not missing, f"the journey needs operations the document lacks: {sorted(missing)}"
    called = {("GET", "/api/v1/openapi.json")}

    def call(method, path, **kwargs):
        called.add((method, _template(path)))
        return client.open(path, method=method, **kwargs)

    organizer = api_headers("organizer")
    source = get_ceremony_by_slug(SOURCE_SLUG)
    source_segments = _items(call("GET", f"/api/v1/ceremonies/{source.id}/segments", headers=organizer).get_json())
    source_categories = call("GET", f"/api/v1/ceremonies/{source.id}/categories", headers=organizer).get_json()["items"]
    source_checklist = call("GET", f"/api/v1/ceremonies/{source.id}/readiness/checklist", headers=organizer).get_json()
    source_phases = call("GET", f"/api/v1/ceremonies/{source.id}/readiness/phases", headers=organizer).get_json()

    # The 2025 two-tier network of Quảng Ngãi, built in.
    network = call("POST", "/api/v1/reference-networks", headers=organizer,
                   json={"dataset": "2025", "province_code": 51})
    assert network.status_code in (200, 201), network.get_json()
    network_id = network.get_json()["id"]

    # Last year's ceremony copied: categories, windows and checklist, program; the new network.
    created = call("POST", "/api/v1/ceremonies/from-past", headers=organizer, json={
        "source_id": source.id, "title": "Lễ khai trương ứng dụng 2026", "starts_at": "2026-12-11T08:00:00",
        "copy": ["categories", "readiness", "program"], "network_id": network_id})
    assert created.status_code == 201, created.get_json()
    cid = created.get_json()["id"]
    assert created.get_json()["site_counts"] == {"province": 1, "district": 0, "commune": 96}
    categories = call("GET", f"/api/v1/ceremonies/{cid}/categories", headers=organizer).get_json()["items"]
    assert [c["code"] for c in categories] == [c["code"] for c in source_categories]
    checklist = call("GET", f"/api/v1/ceremonies/{cid}/readiness/checklist", headers=organizer).get_json()
    assert [i["key"] for i in checklist] == [i["key"] for i in source_checklist]
    segments = _items(call("GET", f"/api/v1/ceremonies/{cid}/segments", headers=organizer).get_json())
    assert [s["title"] for s in segments] == [s["title"] for s in source_segments]

    # The date moves a week: the windows move along.
    moved = call("PATCH", f"/api/v1/ceremonies/{cid}", headers=organizer, json={"starts_at": START.isoformat()})
    assert moved.status_code == 200, moved.get_json()
    assert any(m["key"] == "readiness:t30:opens" for m in moved.get_json()["moved"])
    phases = {p["key"]: p for p in call("GET", f"/api/v1/ceremonies/{cid}/readiness/phases",
                                        headers=organizer).get_json()}
    assert [(p["key"], p["opens_offset_minutes"]) for p in phases.values()] == \
        [(p["key"], p["opens_offset_minutes"]) for p in source_phases]  # the windows, copied
    assert phases["t30"]["opens_at"] == "2026-12-18T00:00:00+00:00"  # 07:00 on the new day (T-60)

    # The ward office's own list, for the one commune.
    sites = call("GET", f"/api/v1/ceremonies/{cid}/sites?tier=commune&per_page=100", headers=organizer).get_json()
    commune = next(s for s in sites["items"] if s["code"] == COMMUNE)
    imported = call("POST", f"/api/v1/ceremonies/{cid}/delegates/import?site={COMMUNE}", headers=organizer,
                    data={"file": (io.BytesIO(office_xlsx()), "ds-duc-pho.xlsx")}, content_type="multipart/form-data")
    assert imported.status_code == 201, imported.get_json()
    assert imported.get_json()["created"] == 2 and imported.get_json()["header_row"] == 4

    # One Giấy mời, letters issued for the point.
    settings = call("PUT", f"/api/v1/ceremonies/{cid}/invitations/letter-settings", headers=organizer, json={
        "number": "210", "letter_date": "2026-12-04", "signer_title": "Chủ tịch", "signer_name": "Nguyễn Hoàng Giang"})
    assert settings.status_code == 200, settings.get_json()
    issued = call("POST", f"/api/v1/ceremonies/{cid}/invitations", headers=organizer, json={"site": COMMUNE})
    assert issued.status_code in (200, 201), issued.get_json()
    assert issued.get_json()["issued"] == 2
    listed = call("GET", f"/api/v1/ceremonies/{cid}/delegates?site={COMMUNE}", headers=organizer).get_json()["items"]
    original_id = next(d["id"] for d in listed if d["full_name"] == ORIGINAL)
    original = next(i for i in issued.get_json()["invitations"] if i["delegate_id"] == original_id)

    # The delegate sends a substitute from the link of the letter (no login).
    sent = call("POST", f"/api/v1/invitations/{original['token']}/substitute",
                json={"full_name": SUBSTITUTE, "title": "Phó Chủ tịch UBND phường", "phone": "0905 111 222"})
    assert sent.status_code == 201, sent.get_json()
    substitute_code = sent.get_json()["short_code"]

    # The point's letters and badges, printed at once: the substitute, not the original.
    letters = call("GET", f"/api/v1/ceremonies/{cid}/invitations/letters.pdf?site={COMMUNE}", headers=organizer)
    assert letters.status_code == 200, letters.get_data()[:300]
    texts = [flat(t) for t in pdf_pages_text(letters.get_data())]
    assert any(SUBSTITUTE in t for t in texts) and not any(ORIGINAL in t for t in texts)
    assert all("Số: 210/" in t for t in texts)
    badges = call("GET", f"/api/v1/ceremonies/{cid}/badges.pdf?site={COMMUNE}", headers=organizer)
    assert badges.status_code == 200
    badge_text = flat(" ".join(pdf_pages_text(badges.get_data())))
    assert SUBSTITUTE in badge_text and ORIGINAL not in badge_text

    # Inside the T-30 window, the commune's operator reports ready.
    clock.set(inside_the_t30_window())
    operator = api_headers("operator", site_codes=[COMMUNE])
    answers = [{"item": i["key"], "state": "ok"} for i in checklist if i["kind"] != "note"]
    report = call("POST", f"/api/v1/ceremonies/{cid}/readiness/sites/{commune['id']}/checkins", headers=operator,
                  json={"idempotency_key": "journey-t30", "answers": answers})
    assert report.status_code == 201, report.get_json()
    board = call("GET", f"/api/v1/ceremonies/{cid}/readiness/board", headers=organizer).get_json()
    assert "t30" in str(board) and COMMUNE in str(board)

    # At the gate: the substitute by the typed code, the original refused.
    clock.set(START)
    checker = api_headers("checker")

    def scan(text, nonce):
        return call("POST", f"/api/v1/ceremonies/{cid}/checkins", headers=checker, json={
            "text": text, "gate": "Cổng chính", "device": "g1", "nonce": nonce, "method": "typed"}).get_json()

    refused = scan(original["short_code"], "n1")
    assert refused["result"] == "revoked" and SUBSTITUTE in refused["message"], refused
    welcome = scan(substitute_code.lower(), "n2")
    assert welcome["result"] == "welcome" and welcome["delegate"]["name"] == SUBSTITUTE, welcome

    # The director starts the show (one point of 96 reported: with the reason) and fires the launch.
    url = f"/api/v1/ceremonies/{cid}/show"
    assert call("POST", url, headers=organizer, json={"action": "start"}).status_code == 409
    state = call("POST", url, headers=organizer, json={"action": "start", "override": "diễn tập tại 1 điểm cầu"})
    assert state.status_code == 200 and state.get_json()["status"] == "running", state.get_json()
    state = state.get_json()
    for _ in range(len(segments)):
        current = next(s for s in state["segments"] if s["state"] == "current")
        if current["kind"] == "launch":
            break
        state = call("POST", url, headers=organizer, json={"action": "next"}).get_json()
    launch = call("POST", f"{url}/launch", headers=organizer, json={})
    assert launch.status_code == 201, launch.get_json()

    assert called <= CALLS, f"calls outside the checked list: {sorted(called - CALLS)}"
    assert called == CALLS, f"listed but not called: {sorted(CALLS - called)}"
