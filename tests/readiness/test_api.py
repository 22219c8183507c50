"""The readiness API: reports through the operator link or an account, scoping, idempotency, the board."""
import uuid

import pytest
import sqlalchemy as sa

from ceremony.readiness.models import ReadinessCheckIn
from ceremony.readiness.tokens import issue_site_token, revoke_site_tokens
from ceremony.sites.queries import get_site_by_code, list_sites
from tests.readiness.conftest import ALL_OK


def _url(ceremony, site, what="checkins"):
    return f"/api/v1/ceremonies/{ceremony.id}/readiness/sites/{site.id}/{what}"


def _body(key=None, answers=None):
    return {"idempotency_key": key or uuid.uuid4().hex, "answers": ALL_OK if answers is None else answers,
            "bandwidth_mbps": 42.5, "headcount": 30}


@pytest.fixture
def commune(db, ready_ceremony):
    site = get_site_by_code(ready_ceremony.id, "21550")
    token = issue_site_token(site)
    db.session.commit()
    return site, token


def test_a_double_sent_checkin_is_stored_once(client, db, clock, ready_ceremony, commune):
    site, token = commune
    body = _body()
    first = client.post(_url(ready_ceremony, site), json=body, headers={"X-Site-Token": token})
    again = client.post(_url(ready_ceremony, site), json=body, headers={"X-Site-Token": token})
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json()["id"] == again.get_json()["id"]
    assert first.get_json()["status"] == "ready" and first.get_json()["phase"] == "t30"
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ReadinessCheckIn)
                              .where(ReadinessCheckIn.site_id == site.id))
    assert count == 1


def test_the_database_refuses_a_second_row_with_the_same_key(db, clock, ready_ceremony, commune):
    site, _token = commune
    phase_id = db.session.scalar(sa.text("SELECT id FROM readiness_phases WHERE key = 't30'"))
    row = dict(ceremony_id=ready_ceremony.id, site_id=site.id, phase_id=phase_id, idempotency_key="k" * 12,
               status="ready", note="", reported_at=clock(), reported_by="")
    db.session.execute(sa.insert(ReadinessCheckIn.__table__).values(**row))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.insert(ReadinessCheckIn.__table__).values(**row))
    db.session.rollback()


def test_a_commune_token_is_refused_on_every_other_point(client, clock, ready_ceremony, commune):
    site, token = commune
    others = [s for s in list_sites(ready_ceremony.id) if s.id != site.id]
    assert len(others) == 7
    for other in others:
        for what, method, body in (("checkins", "post", _body()), ("checkins", "get", None),
                                   ("heartbeat", "post", None)):
            response = getattr(client, method)(_url(ready_ceremony, other, what), json=body,
                                               headers={"X-Site-Token": token})
            assert response.status_code == 403, (other.code, what, method)
            assert response.is_json
    assert client.get(_url(ready_ceremony, site), headers={"X-Site-Token": token}).status_code == 200


def test_forged_and_revoked_tokens_are_refused(client, db, clock, ready_ceremony, commune):
    site, token = commune
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (forged, "garbage", ""):
        response = client.post(_url(ready_ceremony, site), json=_body(), headers={"X-Site-Token": bad})
        assert response.status_code == 401, bad
    assert client.get(f"/r/{forged}").status_code == 401
    revoke_site_tokens(site)
    db.session.commit()
    response = client.post(_url(ready_ceremony, site), json=_body(), headers={"X-Site-Token": token})
    assert response.status_code == 401 and "hết hiệu lực" in response.get_json()["message"]
    assert client.get(f"/r/{token}").status_code == 401
    fresh = issue_site_token(site)
    db.session.commit()
    assert fresh != token
    assert client.post(_url(ready_ceremony, site), json=_body(), headers={"X-Site-Token": fresh}).status_code == 201


def test_district_operator_account_covers_its_communes_only(client, clock, ready_ceremony, api_headers):
    headers = api_headers("operator", site_codes=["534"])
    codes = {s.code: s for s in list_sites(ready_ceremony.id)}
    for code in ("534", "21550", "21553"):
        assert client.post(_url(ready_ceremony, codes[code]), json=_body(), headers=headers).status_code == 201
    for code in ("51", "522", "21010", "536"):
        assert client.post(_url(ready_ceremony, codes[code]), json=_body(), headers=headers).status_code == 403
    board = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/board", headers=headers).get_json()
    seen = {t["code"] for g in board["groups"] for t in g["tiles"]}
    assert seen == {"534", "21550", "21553"}
    assert client.post(_url(ready_ceremony, codes["534"]), json=_body(),
                       headers=api_headers("viewer")).status_code == 403


def test_board_counts_statuses_per_tier(client, clock, ready_ceremony, api_headers, report):
    report(ready_ceremony, "21550")
    report(ready_ceremony, "534", answers=[{"item": "camera", "state": "problem", "note": "mất hình"}])
    body = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/board",
                      headers=api_headers("viewer")).get_json()
    assert body["phase"]["key"] == "t30"
    assert body["counts"]["commune"] == {"ready": 1, "problem": 0, "not_reported": 3, "offline": 0}
    assert body["counts"]["district"] == {"ready": 0, "problem": 1, "not_reported": 2, "offline": 0}
    assert body["counts"]["total"]["not_reported"] == 6
    assert [g["code"] for g in body["groups"]] == ["", "522", "534", "536"]
    problem = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/board?status=problem",
                         headers=api_headers("viewer")).get_json()
    assert [t["code"] for g in problem["groups"] for t in g["tiles"]] == ["534"]


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_history_lists_the_latest_first(client, clock, ready_ceremony, commune, report, api_headers):
    site, token = commune
    report(ready_ceremony, "21550", answers=[{"item": "camera", "state": "problem", "note": "hỏng"}])
    clock.advance(minutes=3)
    report(ready_ceremony, "21550")
    body = client.get(_url(ready_ceremony, site), headers=api_headers("viewer")).get_json()
    assert body["total"] == 2
    assert [c["status"] for c in body["items"]] == ["ready", "problem"]
    assert body["items"][1]["answers"][1] == {"item": "camera", "label": "Camera", "state": "problem", "note": "hỏng",
                                              "value": "", "is_measured": False}


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_malformed_reports_are_422_naming_the_field(client, clock, ready_ceremony, commune):
    site, token = commune
    headers = {"X-Site-Token": token}
    cases = [({"answers": []}, "idempotency_key"),
             ({**_body(), "answers": [{"item": "camera", "state": "broken"}]}, "state"),
             ({**_body(), "bandwidth_mbps": "fast"}, "bandwidth_mbps"),
             ({**_body(), "answers": [{"item": "teleporter", "state": "ok"}]}, "teleporter"),
             ({**_body(), "answers": [{"item": "camera", "state": "problem"}]}, "note")]
    for body, field in cases:
        response = client.post(_url(ready_ceremony, site), json=body, headers=headers)
        assert 400 <= response.status_code < 500 and response.status_code != 403, body
        assert field in response.get_data(as_text=True), (field, response.get_json())


def test_heartbeats_decide_offline_in_the_live_phase(client, db, clock, ready_ceremony, commune, api_headers):
    from ceremony.readiness import tasks
    from ceremony.readiness.queries import get_phase

    site, token = commune
    live = get_phase(ready_ceremony.id, "live")
    clock.set(live.opens_at)
    headers = api_headers("viewer")
    url = f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/board"

    def status():
        body = client.get(url, headers=headers).get_json()
        return {t["code"]: t["status"] for g in body["groups"] for t in g["tiles"]}["21550"]

    assert status() == "offline"
    assert client.post(_url(ready_ceremony, site, "heartbeat"), headers={"X-Site-Token": token}).status_code == 200
    assert status() == "not_reported"
    client.post(_url(ready_ceremony, site), json=_body(), headers={"X-Site-Token": token})
    assert status() == "ready"
    clock.advance(seconds=46)
    assert status() == "offline"
    assert tasks.tick()["offline"] == 1
    assert tasks.tick()["offline"] == 0


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_openapi_lists_the_operations(client):
    from openapi_spec_validator import validate

    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    ids = {op.get("operationId") for path in spec["paths"].values() for op in path.values() if isinstance(op, dict)}
    assert {"reportReadiness", "getReadinessBoard", "listReadinessHistory", "sendHeartbeat"} <= ids


def test_a_report_queued_offline_counts_for_the_window_it_was_filled_in(client, db, ready_ceremony, clock,
                                                                          api_headers):
    """Filled in during T-120, sent after the T-30 window opened: it proves nothing about T-30."""
    from datetime import timedelta

    from ceremony.readiness.models import ReadinessCheckIn
    from ceremony.readiness.queries import get_phase
    from ceremony.sites.queries import get_site_by_code

    t120, t30 = get_phase(ready_ceremony.id, "t120"), get_phase(ready_ceremony.id, "t30")
    site = get_site_by_code(ready_ceremony.id, "534")
    filled_in = t120.opens_at + timedelta(minutes=5)
    clock.set(t30.opens_at + timedelta(minutes=2))
    response = client.post(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/checkins",
                           json={"idempotency_key": "queued-offline-1", "answers": [],
                                 "observed_at": filled_in.isoformat()},
                           headers=api_headers("organizer"))
    assert response.status_code == 201, response.get_json()
    checkin = db.session.scalar(db.select(ReadinessCheckIn))
    assert checkin.phase_id == t120.id and checkin.reported_at == filled_in
    # A phone clock a day off is not believed: the report is filed by its arrival.
    response = client.post(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/checkins",
                           json={"idempotency_key": "queued-offline-2", "answers": [],
                                 "observed_at": (clock.current - timedelta(days=1)).isoformat()},
                           headers=api_headers("organizer"))
    assert response.status_code == 201
    second = db.session.scalar(db.select(ReadinessCheckIn).where(ReadinessCheckIn.idempotency_key == "queued-offline-2"))
    assert second.phase_id == t30.id
