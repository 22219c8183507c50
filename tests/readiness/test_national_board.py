"""The board at any depth: counts per unit equal a brute-force count, drill-down, one shared snapshot
for every stream connection, deltas with the ancestors' counts."""
import json
import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from ceremony.extensions import db as _db
from ceremony.readiness import queries, snapshot
from ceremony.readiness.operations import ensure_defaults
from ceremony.sites.models import Site
from ceremony.sites.queries import get_site_by_code
from tests.readiness.conftest import ALL_OK

# nation → a three-tier province (Hà Nội), a two-tier province (Quảng Ngãi 2025), an empty province
NATIONAL_CSV = """code,name,tier,parent_code
0,Việt Nam,nation,
01,Thành phố Hà Nội,province,0
001,Quận Ba Đình,district,01
00001,Phường Phúc Xá,commune,001
00004,Phường Trúc Bạch,commune,001
002,Quận Hoàn Kiếm,district,01
00037,Phường Phúc Tân,commune,002
00040,Phường Đồng Xuân,commune,002
003,Quận Tây Hồ,district,01
51,Tỉnh Quảng Ngãi,province,0
21010,Phường Trương Quang Trọng,commune,51
21013,Xã Tịnh Khê,commune,51
21550,Phường Đức Phổ,commune,51
22,Tỉnh Quảng Ninh,province,0
"""
PROBLEM = [{"item": ALL_OK[0]["item"], "state": "problem", "note": "mất điện"}] + ALL_OK[1:]


@pytest.fixture
def national(db, clock, make_ceremony, report):
    ceremony = make_ceremony(NATIONAL_CSV)
    ensure_defaults(ceremony)
    _db.session.commit()
    clock.set(queries.get_phase(ceremony.id, "t30").opens_at)
    for code in ("00001", "00037", "21010", "0", "003"):
        report(ceremony, code)
    for code in ("00004", "21013"):
        report(ceremony, code, answers=PROBLEM)
    return ceremony


def brute_force(ceremony_id: int, phase) -> dict[int, dict]:
    """Each unit's counts by walking every point up to the root (the old per-point states)."""
    states = queries.point_states(ceremony_id, phase)
    sites = {s.id: s for s in _db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony_id))}
    counts: dict[int, dict] = {}
    for site in sites.values():
        node = site
        while node is not None:
            unit = counts.setdefault(node.id, {"total": Counter()})
            unit["total"][states[site.id]["status"]] += 1
            unit.setdefault(site.tier.value, Counter())[states[site.id]["status"]] += 1
            node = sites.get(node.parent_id)
    return counts


def _nonzero(counts: dict) -> dict:
    return {key: {s: n for s, n in row.items() if n} for key, row in counts.items() if any(row.values())}


def test_counts_of_every_unit_equal_a_brute_force_count(app, national):
    phase = queries.get_phase(national.id, "t30")
    expected = brute_force(national.id, phase)
    shared = snapshot.get(national.id, phase)
    assert set(shared.counts) == set(expected)
    for site_id, counts in expected.items():
        assert _nonzero(shared.counts[site_id]) == _nonzero(counts), site_id
    root = get_site_by_code(national.id, "0")
    assert sum(shared.counts[root.id]["total"].values()) == 14
    assert shared.counts[root.id]["total"]["ready"] == 5 and shared.counts[root.id]["total"]["problem"] == 2
    hanoi = get_site_by_code(national.id, "01")
    assert shared.counts[hanoi.id]["commune"] == {"ready": 2, "problem": 1, "not_reported": 1, "offline": 0}


def test_the_api_counts_the_unit_drawn(client, api_headers, national):
    headers = api_headers("viewer")
    url = f"/api/v1/ceremonies/{national.id}/readiness/board"
    whole = client.get(url, headers=headers).get_json()
    assert whole["counts"]["total"] == {"ready": 5, "problem": 2, "not_reported": 7, "offline": 0}
    assert whole["counts"]["nation"]["ready"] == 1 and whole["tiers"] == ["nation", "province", "district", "commune"]
    hanoi = client.get(url + "?parent=01", headers=headers).get_json()
    assert hanoi["counts"]["total"] == {"ready": 3, "problem": 1, "not_reported": 4, "offline": 0}
    assert hanoi["counts"]["district"] == {"ready": 1, "problem": 0, "not_reported": 2, "offline": 0}
    assert [p["code"] for p in hanoi["path"]] == ["0", "01"]
    missing = client.get(url + "?parent=99999", headers=headers)
    assert missing.status_code == 404 and "99999" in missing.get_json()["message"]


def test_a_big_unit_is_drawn_as_its_child_units_to_drill_into(app, client, api_headers, national):
    app.config["READINESS_BOARD_TILE_LIMIT"] = 8  # the nation (14 points) is too big; Hà Nội (8) is not
    headers = api_headers("viewer")
    url = f"/api/v1/ceremonies/{national.id}/readiness/board"
    top = client.get(url, headers=headers).get_json()
    assert top["mode"] == "units" and top["scope"]["code"] == "0"
    assert [t["code"] for g in top["groups"] for t in g["tiles"]] == ["0"]  # only the level on screen
    units = {u["code"]: u for u in top["units"]}
    assert list(units) == ["01", "51", "22"]
    assert units["01"]["points"] == 8 and units["01"]["counts"]["ready"] == 3 and units["01"]["units"] == 3
    assert units["51"]["counts"] == {"ready": 1, "problem": 1, "not_reported": 2, "offline": 0}
    assert units["22"]["points"] == 1
    hanoi = client.get(url + "?parent=01", headers=headers).get_json()
    assert hanoi["mode"] == "tiles" and hanoi["units"] == []
    groups = [(g["code"], [t["code"] for t in g["tiles"]]) for g in hanoi["groups"]]
    assert groups == [("", ["01"]), ("001", ["001", "00001", "00004"]), ("002", ["002", "00037", "00040"]),
                      ("003", ["003"])]
    two_tier = client.get(url + "?parent=51", headers=headers).get_json()
    assert [(g["code"], [t["code"] for t in g["tiles"]]) for g in two_tier["groups"]] == \
        [("", ["51"]), ("51", ["21010", "21013", "21550"])]
    only_problems = client.get(url + "?parent=01&status=problem", headers=headers).get_json()
    assert [t["code"] for g in only_problems["groups"] for t in g["tiles"]] == ["00004"]


def test_the_board_page_draws_units_and_links_to_them(app, client, login, national):
    app.config["READINESS_BOARD_TILE_LIMIT"] = 8
    login("viewer")
    page = client.get(f"/ceremonies/{national.id}/readiness").get_data(as_text=True)
    assert 'data-mode="units"' in page and 'data-unit="' in page and "parent=01" in page
    assert 'data-site-id="' in page and "Phường Phúc Xá" not in page  # communes are not drawn
    drilled = client.get(f"/ceremonies/{national.id}/readiness?parent=01").get_data(as_text=True)
    assert 'data-mode="tiles"' in drilled and "Phường Phúc Xá" in drilled and "Phường Đức Phổ" not in drilled


def test_one_build_serves_every_reader_until_something_changes(app, national, report):
    phase = queries.get_phase(national.id, "t30")
    before = snapshot.builds(national.id)
    first = queries.board(national.id, phase)
    queries.board(national.id, phase, parent="01")
    queries.board(national.id, phase, parent="51")
    assert snapshot.builds(national.id) == before + 1
    report(national, "00040")  # a new check-in raises the version: the next reader builds again
    again = queries.board(national.id, phase, parent="01")
    assert snapshot.builds(national.id) == before + 2
    assert again["version"] == first["version"] + 1 and again["counts"]["total"]["ready"] == 4


def _events(chunks, name, count):
    found = []
    for chunk in chunks:
        if chunk.startswith(f"event: {name}"):
            found.append(json.loads(chunk.split("data: ", 1)[1]))
            if len(found) == count:
                break
    return found


@pytest.mark.sqlite_only  # the stream itself is backend-independent
def test_two_stream_connections_share_one_snapshot_and_get_deltas(app, client, login, national, report):
    app.config["LIVE_KEEPALIVE_SECONDS"] = 0.05
    app.config["READINESS_BOARD_TILE_LIMIT"] = 8
    login("viewer")
    before = snapshot.builds(national.id)
    opened, firsts, deltas, errors = threading.Barrier(3, timeout=30), [], [], []

    def connection():  # each stream in its own thread, as two browsers would hold them
        try:
            response = client.get(f"/ceremonies/{national.id}/readiness/stream")
            chunks = (c.decode() if isinstance(c, bytes) else c for c in response.response)
            assert next(chunks).startswith("retry")
            firsts.append(json.loads(next(chunks).split("data: ", 1)[1]))
            opened.wait()
            deltas.extend(_events(chunks, "point", 1))
            response.close()
        except Exception as error:  # reported by the main thread
            errors.append(error)
            opened.abort()

    threads = [threading.Thread(target=connection, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    opened.wait()
    assert snapshot.builds(national.id) == before + 1  # one build for both connections
    for first in firsts:
        assert first["mode"] == "units" and [u["code"] for u in first["units"]] == ["01", "51", "22"]
    report(national, "00004")  # problem → ready, in Ba Đình, Hà Nội
    for thread in threads:
        thread.join(timeout=30)
    assert not errors and len(deltas) == 2
    site = get_site_by_code(national.id, "00004")
    for delta in deltas:
        assert delta["site_id"] == site.id and delta["status"] == "ready"
        assert [a["site_id"] for a in delta["ancestors"]] == [
            site.id, site.parent_id, get_site_by_code(national.id, "01").id, get_site_by_code(national.id, "0").id]
        hanoi, nation = delta["ancestors"][2]["counts"], delta["ancestors"][3]["counts"]
        assert hanoi["total"]["ready"] == 4 and hanoi["total"]["problem"] == 0
        assert nation["total"] == {"ready": 6, "problem": 1, "not_reported": 7, "offline": 0}
    assert snapshot.builds(national.id) == before + 1  # the delta was applied, not rebuilt
    phase = queries.get_phase(national.id, "t30")
    held = snapshot.shared(national.id, "t30")
    for site_id, counts in brute_force(national.id, phase).items():
        assert _nonzero(held.counts[site_id]) == _nonzero(counts)


def test_a_delta_is_applied_once_and_a_gap_forces_a_rebuild(app, national):
    phase = queries.get_phase(national.id, "t30")
    shared = snapshot.get(national.id, phase)
    site = get_site_by_code(national.id, "00040")
    root = get_site_by_code(national.id, "0").id
    event = {"site_id": site.id, "phase": "t30", "status": "ready", "version": shared.version + 1}
    assert shared.apply("point", event) is True
    assert shared.apply("point", event) is False  # the same message on a second connection
    assert shared.counts[root]["total"]["ready"] == 6 and shared.tiles[site.id]["status"] == "ready"
    other_window = {"site_id": site.id, "phase": "t60", "status": "problem", "version": shared.version + 1}
    assert shared.apply("point", other_window) is False and shared.counts[root]["total"]["ready"] == 6
    gap = {"site_id": site.id, "phase": "t30", "status": "problem", "version": shared.version + 2}
    assert shared.apply("point", gap) is False and shared.stale
    assert snapshot.get(national.id, phase) is not shared  # rebuilt from the database
