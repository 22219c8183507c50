"""Delegate lists at national scale: a stored Vietnamese sort key and folded search key written with
every delegate, the list ordered, paged, filtered and counted by the database."""
import random
import unicodedata

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from ceremony.delegates.models import Delegate, Person
from ceremony.delegates.sorting import fold, name_key, search_key, sort_key
from tests.delegates.conftest import make_rows, to_csv
from tests.invitations.test_migration_codes import AT, _insert

# In Vietnamese order: by given name first; Đ after D; tones ngang, huyền, hỏi, ngã, sắc, nặng.
ORDERED = ["Nguyễn Văn An", "Trần Thị Ân", "Lê Văn Dung", "Lê Văn Dùng", "Lê Văn Dũng", "Lê Văn Dụng",
           "Phạm Đức Đạt", "Hồ Văn Hà", "Vũ Thị Hạ", "Bùi Yến"]


def test_the_stored_key_orders_as_the_vietnamese_sort():
    rng = random.Random(13)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyĐÂàáảãạờớởỡợéz0ð"
    names = ORDERED + [" ".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 4)))
                                for _ in range(rng.randint(1, 4))) for _ in range(3000)] + ["", " "]
    by_key = sorted(names, key=sort_key)
    assert [name_key(n) for n in by_key] == [name_key(n) for n in sorted(names, key=name_key)]
    assert sorted(ORDERED, key=sort_key) == ORDERED
    assert sort_key("Đào") > sort_key("Dương") and sort_key("Dũng") < sort_key("Dụng")
    # One key whatever the Unicode form the name came in.
    assert sort_key(unicodedata.normalize("NFD", "Lê Văn Dũng")) == sort_key("Lê Văn Dũng")
    assert search_key(unicodedata.normalize("NFD", "Đặng Thị Ánh"), "Sở Nội vụ") == "dang thi anh\x1fso noi vu"


def _delegates(client, ceremony, headers, **query):
    response = client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates", headers=headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _import(client, ceremony, headers, rows):
    import io

    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import", headers=headers,
                           data={"file": (io.BytesIO(to_csv(rows)), "ds.csv")}, content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()


def test_pages_follow_the_vietnamese_order_and_count_in_sql(db, client, ceremony, api_headers):
    headers = api_headers()
    rows = make_rows(len(ORDERED))
    for row, name in zip(rows, reversed(ORDERED)):
        row["ho_ten"] = name
    _import(client, ceremony, headers, rows)
    pages = [_delegates(client, ceremony, headers, per_page=3, page=p) for p in (1, 2, 3, 4)]
    assert [p["total"] for p in pages] == [10] * 4 and [p["pages"] for p in pages] == [4] * 4
    assert [len(p["items"]) for p in pages] == [3, 3, 3, 1]
    assert [d["full_name"] for p in pages for d in p["items"]] == ORDERED
    assert _delegates(client, ceremony, headers, per_page=3, page=9)["items"] == []
    assert _delegates(client, ceremony, headers)["per_page"] == 100
    for bad in ({"per_page": 501}, {"per_page": 0}, {"page": 0}, {"order": "x"}):
        assert client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates", headers=headers,
                          query_string=bad).status_code == 422
    # By point, then by name within each point, across pages.
    by_site = [d for p in (1, 2) for d in _delegates(client, ceremony, headers, order="site", per_page=5,
                                                      page=p)["items"]]
    assert len(by_site) == 10 and by_site[0]["site"]["tier"] == "province"
    for code in {d["site"]["code"] for d in by_site}:
        names = [d["full_name"] for d in by_site if d["site"]["code"] == code]
        assert names == sorted(names, key=name_key)


def test_filters_and_search_page_in_sql(db, client, ceremony, api_headers):
    headers = api_headers()
    _import(client, ceremony, headers, make_rows(120))
    vip = _delegates(client, ceremony, headers, vip="true")
    assert vip["total"] == 3 and all(d["is_vip"] for d in vip["items"])
    site = _delegates(client, ceremony, headers, site="534", per_page=7)
    assert site["total"] == 15 and len(site["items"]) == 7 and {d["site"]["code"] for d in site["items"]} == {"534"}
    names = [d["full_name"] for p in range(1, 4)
             for d in _delegates(client, ceremony, headers, site="534", per_page=7, page=p)["items"]]
    assert len(names) == len(set(names)) == 15 and names == sorted(names, key=name_key)
    tier = _delegates(client, ceremony, headers, tier="commune", category="ubnd-xa")
    assert tier["total"] == 60 and {d["site"]["tier"] for d in tier["items"]} == {"commune"}
    expected = {d.id for d in db.session.scalars(sa.select(Delegate).join(Person)) if "dang" in fold(d.person.full_name)}
    # Typed without tones (any case), or with them, decomposed (NFD) from a phone keyboard: the same people.
    for q in ("dang", "DANG", "Đặng", unicodedata.normalize("NFD", "Đặng")):
        found = _delegates(client, ceremony, headers, q=q, per_page=500)
        assert found["total"] == len(expected) == 12 and {d["id"] for d in found["items"]} == expected
    assert _delegates(client, ceremony, headers, q="0900000011")["total"] == 1  # a phone
    assert _delegates(client, ceremony, headers, q="%")["total"] == 0  # taken literally


def test_a_renamed_person_moves_in_the_list(db, client, ceremony, api_headers):
    headers = api_headers()
    rows = make_rows(3)
    for row, name in zip(rows, ("Lê Văn An", "Lê Văn Bình", "Lê Văn Châu")):
        row["ho_ten"] = name
    _import(client, ceremony, headers, rows)
    person = db.session.scalar(sa.select(Person).where(Person.full_name == "Lê Văn An"))
    person.full_name = "Lê Văn Đạt"
    db.session.commit()
    assert [d["full_name"] for d in _delegates(client, ceremony, headers)["items"]] == [
        "Lê Văn Bình", "Lê Văn Châu", "Lê Văn Đạt"]
    assert _delegates(client, ceremony, headers, q="dat")["total"] == 1


def test_the_delegates_page_shows_one_page_in_order(db, client, ceremony, api_headers, login):
    headers = api_headers()
    rows = make_rows(105)
    _import(client, ceremony, headers, rows)
    login("organizer")
    first = client.get(f"/ceremonies/{ceremony.id}/delegates").get_data(as_text=True)
    second = client.get(f"/ceremonies/{ceremony.id}/delegates?page=2").get_data(as_text=True)
    assert first.count("data-delegate=") == 100 and second.count("data-delegate=") == 5
    ordered = sorted((r["ho_ten"] for r in rows), key=name_key)
    assert ordered[100] in second and ordered[99] not in second and ordered[0] in first
    assert client.get(f"/ceremonies/{ceremony.id}/delegates?page=99999999999").status_code == 200


def test_the_migration_fills_the_keys_of_existing_delegates(app, db):
    db.drop_all()
    upgrade(revision="merge_security_main")
    with db.engine.begin() as conn:
        _insert(conn, "ceremonies", id=1, slug="c", title="Lễ", kind="app_launch", starts_at=AT, venue="IOC",
                host_unit="UBND", status="draft")
        _insert(conn, "sites", id=1, ceremony_id=1, code="51", name="Tỉnh", tier="province")
        for i, name in enumerate(("Đỗ Văn Đạt", "Đỗ Văn Dũng"), 1):
            _insert(conn, "people", id=i, full_name=name, title="Sở Tư pháp")
            _insert(conn, "delegates", id=i, ceremony_id=1, site_id=1, person_id=i)
    upgrade()
    with db.engine.connect() as conn:
        keys = dict(conn.execute(sa.text("SELECT id, sort_key FROM delegates")).all())
        searched = conn.execute(sa.text("SELECT search_key FROM delegates WHERE id = 1")).scalar()
        ordered = conn.execute(sa.text("SELECT id FROM delegates ORDER BY sort_key")).scalars().all()
    assert keys == {1: sort_key("Đỗ Văn Đạt"), 2: sort_key("Đỗ Văn Dũng")} and ordered == [2, 1]
    assert searched == "do van dat\x1fso tu phap"


def test_a_national_network_filters_by_a_typed_point_code(db, client, ceremony, api_headers, login, monkeypatch):
    from ceremony.delegates import views

    _import(client, ceremony, api_headers(), make_rows(16))
    login("organizer")
    assert '<select name="site">' in client.get(f"/ceremonies/{ceremony.id}/delegates").get_data(as_text=True)
    monkeypatch.setattr(views, "MAX_POINT_CHOICES", 3)  # thousands of points: no select of them all
    html = client.get(f"/ceremonies/{ceremony.id}/delegates?site=534").get_data(as_text=True)
    assert '<select name="site">' not in html and 'name="site" value="534"' in html
    assert html.count("data-delegate=") == 2
