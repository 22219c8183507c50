"""The gate at national scale: the offline list scoped to the gate's point (and the points meeting in
the same hall), hashed codes, compact rows, gzip, deltas; name search on the stored folded key."""
import gzip
import json
import unicodedata
from datetime import timedelta

from ceremony.attendance.operations import redeem_checkin
from ceremony.attendance.queries import DELTA_OVERLAP, code_hash, search_delegates
from ceremony.invitations.operations import revoke_invitation


def _list(client, invited, headers, **query):
    response = client.get(f"/api/v1/ceremonies/{invited.ceremony.id}/gate-list", headers=headers,
                          query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    return body, [dict(zip(body["fields"], row)) for row in body["items"]]


def test_the_offline_list_is_the_gates_point_with_hashed_codes(client, db, invited, api_headers):
    headers = api_headers("checker")
    body, rows = _list(client, invited, headers)
    assert body["full"] is True and body["site"]["code"] == "51" and [s["code"] for s in body["sites"]] == ["51"]
    venue = [inv for inv in invited.invitations if inv.delegate.site_id == invited.sites["51"].id]
    assert len(rows) == len(venue) == 4
    assert {(r["token_hash"], r["code_hash"]) for r in rows} == {(code_hash(i.token), code_hash(i.short_code))
                                                                  for i in venue}
    text = json.dumps(body)
    assert not any(i.token in text or i.short_code in text for i in invited.invitations)  # no usable code
    _body, rows = _list(client, invited, headers, site="21553")
    assert [r["name"] for r in rows] == ["Đặng Văn Bình"] and rows[0]["site"] == 0
    # Points meeting in one hall share the gate's list; the site index names the point of each row.
    invited.sites["534"].venue = invited.sites["21553"].venue = "Nhà văn hóa thị xã Đức Phổ"
    db.session.commit()
    body, rows = _list(client, invited, headers, site="534")
    assert [s["code"] for s in body["sites"]] == ["534", "21553"]
    assert {(r["name"], body["sites"][r["site"]]["code"]) for r in rows} == {
        ("Võ Minh Quân", "534"), ("Huỳnh Thị Lan", "534"), ("Đặng Văn Bình", "21553")}
    assert client.get(f"/api/v1/ceremonies/{invited.ceremony.id}/gate-list?site=999",
                      headers=headers).status_code == 404


def test_the_offline_list_is_gzipped_for_a_client_that_accepts_it(client, invited, api_headers):
    headers = {**api_headers("checker"), "Accept-Encoding": "gzip, deflate"}
    response = client.get(f"/api/v1/ceremonies/{invited.ceremony.id}/gate-list", headers=headers)
    assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
    body = json.loads(gzip.decompress(response.get_data()))
    assert len(body["items"]) == 4 and body["fields"][0] == "token_hash"


def test_a_delta_carries_only_what_changed_since_the_version(clock, client, db, invited, api_headers):
    headers = api_headers("checker")
    later = (DELTA_OVERLAP + timedelta(minutes=1)).total_seconds()
    clock.advance(seconds=later)
    body, rows = _list(client, invited, headers)
    assert len(rows) == 4
    version = body["version"]
    body, rows = _list(client, invited, headers, since=version)
    assert body["full"] is False and rows == []  # nothing changed
    clock.advance(seconds=later)
    redeem_checkin(invited.ceremony, invited.token(0), "Cổng A", "d1", "n1")
    revoke_invitation(invited.invitations[1], "vắng")
    db.session.commit()
    body, rows = _list(client, invited, headers, since=version)
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"Nguyễn Thị Ánh Tuyết", "Trần Đức Thắng"}
    assert by_name["Nguyễn Thị Ánh Tuyết"]["checked_in_at"] and by_name["Nguyễn Thị Ánh Tuyết"]["gate"] == "Cổng A"
    assert by_name["Trần Đức Thắng"]["revoked"] == 1


def test_name_search_on_the_folded_key(db, invited):
    cid = invited.ceremony.id
    names = lambda text, **kw: [d.person.full_name for d in search_delegates(cid, text, **kw)]  # noqa: E731
    assert names("tuyet") == ["Nguyễn Thị Ánh Tuyết"]
    assert names(unicodedata.normalize("NFD", "Đức Thắng")) == ["Trần Đức Thắng"]
    assert names("ĐỨC THẮNG") == ["Trần Đức Thắng"]
    assert names("vo minh") == ["Võ Minh Quân"]  # from the surname (a prefix of the key)
    found = names("duc pho")  # in titles: both Đức Phổ leaders, in name order
    assert found == ["Huỳnh Thị Lan", "Võ Minh Quân"]
    # three Thị in names, and "thị xã" in the titles of Võ Minh Quân (and of Huỳnh Thị Lan, found once)
    assert len(names("thi", limit=2)) == 2 and set(names("thi")) == {"Phạm Thị Ngọc Hà", "Huỳnh Thị Lan", "Võ Minh Quân",
                                                                  "Nguyễn Thị Ánh Tuyết"}
    assert names("%") == [] and names("_a") == [] and names("x") == []
    revoke_invitation(invited.invitations[1], "vắng")
    db.session.commit()
    assert names("thang") == []  # no longer expected
