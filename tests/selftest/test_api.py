"""The self-test API: probes, typed measurements through reportReadiness, thresholds, bridge details."""
import uuid

from ceremony.selftest.thresholds import mos
from tests.readiness.conftest import ALL_OK

GOOD = {"download_mbps": 18.2, "upload_mbps": 6.1, "server_upload_mbps": 5.9, "rtt_ms": 32.0, "rtt_p95_ms": 60.0,
        "jitter_ms": 4.0, "loss_pct": 0.0, "clock_offset_ms": -120.0, "media_path": "udp", "media_rtt_ms": 30.0,
        "media_jitter_ms": 6.0, "media_loss_pct": 0.0, "camera_width": 1280, "camera_height": 720,
        "camera_brightness": 120.0, "camera_frozen": False, "mic_level_db": -22.0, "mic_silent": False,
        "speakers_heard": True}


def _report(client, ceremony, site, token, measurements, answers=None):
    return client.post(f"/api/v1/ceremonies/{ceremony.id}/readiness/sites/{site.id}/checkins",
                       json={"idempotency_key": uuid.uuid4().hex, "answers": answers or ALL_OK,
                             "measurements": measurements}, headers={"X-Site-Token": token})


def test_measured_figures_are_stored_typed_and_shown_on_the_board(client, clock, ready_ceremony, commune,
                                                                   api_headers):
    site, token = commune
    answers = [dict(a, value="↓ 18,2 Mbit/s", is_measured=True) if a["item"] == "network" else a for a in ALL_OK]
    response = _report(client, ready_ceremony, site, token, GOOD, answers)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "ready" and body["bandwidth_mbps"] == 18.2
    assert body["measurement"]["download_mbps"] == 18.2 and body["measurement"]["media_path"] == "udp"
    assert body["measurement"]["media_mos"] == mos(30.0, 6.0, 0.0)
    network = next(a for a in body["answers"] if a["item"] == "network")
    assert network["is_measured"] is True and network["value"] == "↓ 18,2 Mbit/s"
    board = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/board", headers=api_headers("viewer"))
    tile = next(t for g in board.get_json()["groups"] for t in g["tiles"] if t["site_id"] == site.id)
    assert tile["status"] == "ready" and tile["figures"]["download_mbps"] == 18.2 and tile["below"] == []


def test_a_figure_under_the_threshold_makes_the_point_a_problem_whatever_the_client_said(
        client, clock, ready_ceremony, commune, api_headers):
    site, token = commune
    response = _report(client, ready_ceremony, site, token, dict(GOOD, download_mbps=1.5, clock_offset_ms=900.0))
    body = response.get_json()
    assert response.status_code == 201 and body["status"] == "problem"
    network = next(a for a in body["answers"] if a["item"] == "network")
    assert network["state"] == "problem"
    assert "Tải xuống 1,5 Mbit/s < 4,0 Mbit/s" in network["note"] and "Đồng hồ máy lệch 900" in network["note"]
    board = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/board", headers=api_headers("viewer"))
    tile = next(t for g in board.get_json()["groups"] for t in g["tiles"] if t["site_id"] == site.id)
    assert tile["status"] == "problem" and set(tile["below"]) == {"download_mbps", "clock_offset_ms"}


def test_thresholds_are_per_ceremony_and_editable_through_the_api(client, clock, ready_ceremony, commune,
                                                                  api_headers):
    site, token = commune
    organizer = api_headers("organizer")
    url = f"/api/v1/ceremonies/{ready_ceremony.id}/selftest/thresholds"
    assert client.get(url, headers=organizer).get_json()["min_download_mbps"] == 4.0
    assert client.put(url, json={"min_download_mbps": 1.0}, headers=api_headers("viewer")).status_code == 403
    changed = client.put(url, json={"min_download_mbps": 1.0}, headers=organizer)
    assert changed.status_code == 200 and changed.get_json()["min_download_mbps"] == 1.0
    assert changed.get_json()["min_upload_mbps"] == 2.0  # left out: kept
    assert client.put(url, json={"max_loss_pct": 150}, headers=organizer).status_code == 422
    assert _report(client, ready_ceremony, site, token, dict(GOOD, download_mbps=1.5)).get_json()["status"] == "ready"


def test_media_path_blocked_udp_and_media_figures_are_judged(client, clock, ready_ceremony, commune):
    site, token = commune
    body = _report(client, ready_ceremony, site, token, dict(GOOD, media_path="blocked", media_rtt_ms=None,
                                                             media_jitter_ms=None, media_loss_pct=None)).get_json()
    network = next(a for a in body["answers"] if a["item"] == "network")
    assert body["status"] == "problem" and "UDP bị chặn" in network["note"]
    body = _report(client, ready_ceremony, site, token, dict(GOOD, media_loss_pct=3.0)).get_json()
    assert body["status"] == "problem" and body["measurement"]["media_mos"] < mos(30.0, 6.0, 0.0)


def test_devices_problems_land_on_their_items(client, clock, ready_ceremony, commune):
    site, token = commune
    body = _report(client, ready_ceremony, site, token,
                   dict(GOOD, camera_frozen=True, mic_silent=True, speakers_heard=False,
                        speakers_confirmed=False)).get_json()
    states = {a["item"]: a for a in body["answers"]}
    assert states["camera"]["state"] == "problem" and "đứng" in states["camera"]["note"]
    assert states["microphone"]["state"] == "problem" and states["speakers"]["state"] == "problem"
    assert states["network"]["state"] == "ok"


def test_bad_measurements_are_refused_naming_the_field(client, clock, ready_ceremony, commune):
    site, token = commune
    for bad in ({"download_mbps": -1}, {"media_path": "carrier-pigeon"}, {"camera_width": 1.5},
                {"loss_pct": 101}, {"camera_frozen": "maybe"}):
        response = _report(client, ready_ceremony, site, token, bad)
        assert response.status_code == 422, (bad, response.get_json())
        assert next(iter(bad)) in str(response.get_json())


def test_probes_answer_the_point_only(client, clock, ready_ceremony, commune, db):
    from ceremony.readiness.tokens import issue_site_token
    from ceremony.sites.queries import get_site_by_code

    site, token = commune
    base = f"/api/v1/ceremonies/{ready_ceremony.id}/selftest/sites/{site.id}"
    ping = client.get(f"{base}/ping?seq=3", headers={"X-Site-Token": token})
    assert ping.status_code == 200 and ping.get_json()["seq"] == 3 and ping.get_json()["server_time_ms"] > 0
    download = client.get(f"{base}/download?size=200000", headers={"X-Site-Token": token})
    assert download.status_code == 200 and len(download.data) == 200000
    assert download.headers["Cache-Control"] == "no-store"
    assert client.get(f"{base}/download?size=999999999", headers={"X-Site-Token": token}).status_code == 422
    upload = client.post(f"{base}/upload", data=b"x" * 300000, headers={"X-Site-Token": token,
                                                                         "Content-Type": "application/octet-stream"})
    assert upload.status_code == 200 and upload.get_json()["bytes"] == 300000
    other = issue_site_token(get_site_by_code(ready_ceremony.id, "21553"))
    db.session.commit()
    assert client.get(f"{base}/ping", headers={"X-Site-Token": other}).status_code == 403
    assert client.get(f"{base}/ping").status_code == 401


def test_the_media_offer_says_so_when_no_peer_answers(client, app, clock, ready_ceremony, commune):
    site, token = commune
    app.config["SELFTEST_MEDIA_PEER_URL"] = "http://127.0.0.1:9"  # discard port: nothing listens
    response = client.post(f"/api/v1/ceremonies/{ready_ceremony.id}/selftest/sites/{site.id}/media",
                           json={"sdp": "v=0", "type": "offer"}, headers={"X-Site-Token": token})
    assert response.status_code == 503 and "media peer" in response.get_json()["message"]


def test_bridge_details_through_the_api_and_on_the_operator_page(client, clock, ready_ceremony, commune,
                                                                   api_headers):
    site, token = commune
    url = f"/api/v1/ceremonies/{ready_ceremony.id}/sites/{site.id}/bridge"
    body = {"endpoint": "https://meet.quangngai.gov.vn/phong-21550", "backup_link": "sip:21550@vc.quangngai.gov.vn",
            "tech_contact": "Trần Văn Kỹ", "tech_phone": "0905 123 456"}
    assert client.put(url, json=body, headers=api_headers("operator", ["21550"])).status_code == 403
    saved = client.put(url, json=body, headers=api_headers("organizer"))
    assert saved.status_code == 200 and saved.get_json()["tech_phone"] == "0905 123 456"
    assert client.put(url, json={"tech_phone": "call me"}, headers=api_headers("organizer")).status_code == 422
    assert client.get(url, headers={"X-Site-Token": token}).get_json()["tech_contact"] == "Trần Văn Kỹ"
    page = client.get(f"/r/{token}").get_data(as_text=True)
    assert "meet.quangngai.gov.vn/phong-21550" in page and "Trần Văn Kỹ" in page and "tel:0905123456" in page


def test_trend_follows_the_point_across_windows(client, clock, ready_ceremony, commune, login):
    from datetime import timedelta

    site, token = commune
    clock.set(ready_ceremony.starts_at - timedelta(hours=24))  # rehearsal
    _report(client, ready_ceremony, site, token, dict(GOOD, download_mbps=3.0))
    clock.set(ready_ceremony.starts_at - timedelta(minutes=130))  # T-120
    _report(client, ready_ceremony, site, token, dict(GOOD, download_mbps=9.0))
    clock.set(ready_ceremony.starts_at - timedelta(minutes=40))  # T-30
    _report(client, ready_ceremony, site, token, dict(GOOD, download_mbps=15.0))
    trend = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/selftest/sites/{site.id}/trend",
                       headers={"X-Site-Token": token}).get_json()
    assert [(r["phase"], r["download_mbps"], r["status"]) for r in trend] == [
        ("rehearsal", 3.0, "problem"), ("t120", 9.0, "ready"), ("t30", 15.0, "ready")]
    login("viewer")
    page = client.get(f"/ceremonies/{ready_ceremony.id}/selftest/sites/{site.id}/trend").get_data(as_text=True)
    assert "<polyline" in page and "Kiểm tra T-120 phút" in page


def test_thresholds_and_bridge_pages(client, clock, ready_ceremony, commune, login):
    site, _token = commune
    login("organizer")
    url = f"/ceremonies/{ready_ceremony.id}/selftest/thresholds"
    assert client.post(url, data={"min_download_mbps": "6,5"}).status_code == 302
    assert 'value="6.5"' in client.get(url).get_data(as_text=True)
    client.post(url, data={"max_rtt_ms": "nhanh"})
    assert "không phải là số" in client.get(url).get_data(as_text=True)
    bridge = f"/ceremonies/{ready_ceremony.id}/selftest/sites/{site.id}/bridge"
    assert client.post(bridge, data={"endpoint": "https://meet.example/vn", "backup_link": "",
                                     "tech_contact": "Chị Lan", "tech_phone": "0911"}).status_code == 302
    assert "Chị Lan" in client.get(f"/ceremonies/{ready_ceremony.id}/selftest/bridges").get_data(as_text=True)
