"""Keyset paging of listDelegates (``after=``) and substring search on PostgreSQL's trigram index."""
import pytest
import sqlalchemy as sa

from ceremony.delegates.models import Delegate
from ceremony.delegates.queries import DelegateFilter, page_delegates
from ceremony.delegates.sorting import name_key
from ceremony.delegates.trigram import INDEX_NAME
from tests.delegates.conftest import make_rows
from tests.delegates.test_national_lists import _delegates, _import


def test_a_cursor_walks_the_list_as_the_pages_do(db, client, ceremony, api_headers):
    headers = api_headers()
    rows = make_rows(23)
    _import(client, ceremony, headers, rows)
    by_offset = [d["id"] for p in (1, 2, 3, 4)
                 for d in _delegates(client, ceremony, headers, per_page=7, page=p)["items"]]
    walked, cursor, answers = [], None, []
    while True:
        answer = _delegates(client, ceremony, headers, per_page=7, **({"after": cursor} if cursor else {}))
        answers.append(answer)
        walked += [d["id"] for d in answer["items"]]
        cursor = answer["next"]
        if cursor is None:
            break
    assert walked == by_offset and len(walked) == 23
    assert [len(a["items"]) for a in answers] == [7, 7, 7, 2]
    assert answers[0]["page"] == 1 and all(a["page"] is None for a in answers[1:])
    assert all(a["total"] == 23 for a in answers)
    names = [d["full_name"] for a in answers for d in a["items"]]
    assert names == sorted(names, key=name_key)
    # An offset page hands the cursor of the page after it: both ways meet.
    second = _delegates(client, ceremony, headers, per_page=7, page=2)
    assert _delegates(client, ceremony, headers, per_page=7, after=second["next"])["items"] == \
        _delegates(client, ceremony, headers, per_page=7, page=3)["items"]
    assert _delegates(client, ceremony, headers, per_page=7, page=4)["next"] is None
    assert _delegates(client, ceremony, headers, order="site")["next"] is None
    # A cursor and a filter: the search's matches only, still in order.
    found = _delegates(client, ceremony, headers, q="dang", per_page=1)
    assert found["total"] >= 2
    after = _delegates(client, ceremony, headers, q="dang", per_page=1, after=found["next"])
    second = _delegates(client, ceremony, headers, q="dang", per_page=1, page=2)
    assert after["items"][0]["id"] == second["items"][0]["id"]


@pytest.mark.parametrize("query", [{"after": "%%%"}, {"after": "bm90IGEgY3Vyc29y"}, {"after": "MDo="},
                                   {"after": "OTk5OTk5OTk5OTk5OkE="}, {"after": "x" * 2001},
                                   {"after": "MTpB", "order": "site"}, {"after": "MTpB", "page": 2}])
def test_a_bad_cursor_is_refused_in_vietnamese(db, client, ceremony, api_headers, query):
    response = client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates", headers=api_headers(), query_string=query)
    assert response.status_code == 422, response.get_json()
    body = response.get_json()
    assert "after" in str(body)


def test_a_search_reads_its_matches_either_way_with_one_answer(db, client, ceremony, api_headers, monkeypatch):
    headers = api_headers()
    rows = make_rows(30)
    names = ["Khổng Thị Yến", "Khổng Văn Vỹ", "Khổng Thị Xuân"]  # at the far end of the name order
    for row, name in zip(rows, names):
        row["ho_ten"] = name
    _import(client, ceremony, headers, rows)
    f = DelegateFilter(ceremony.id, search="khong")

    def walk():
        first = page_delegates(f, per_page=2)
        return first["total"], [d.person.full_name for d in first["items"] + page_delegates(
            f, per_page=2, after=first["next"])["items"]] + [d.person.full_name for d in page_delegates(
                f, per_page=2, page=2)["items"]]

    sorted_after = walk()  # few matches: found first, then sorted
    monkeypatch.setattr("ceremony.delegates.queries.SORTED_AFTER_SEARCH", 0)
    assert walk() == sorted_after == (3, sorted(names, key=name_key) + sorted(names, key=name_key)[2:])


@pytest.mark.postgresql_only
def test_postgresql_finds_substrings_on_the_trigram_index(db, backend, ceremony, client, api_headers):
    if backend != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")
    _import(client, ceremony, api_headers(), make_rows(40))
    with db.engine.connect() as conn:
        definition = conn.scalar(sa.text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
                                 {"name": INDEX_NAME})
        assert "gin" in definition and "gin_trgm_ops" in definition
        conn.exec_driver_sql("SET enable_seqscan = off")
        plan = "\n".join(conn.scalars(sa.text(
            "EXPLAIN SELECT id FROM delegates WHERE search_key LIKE '%nguyen%'")))
    assert INDEX_NAME in plan
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)) == 40


def test_a_unit_is_searched_by_name_unless_the_text_is_in_too_many_units(db, client, ceremony, api_headers,
                                                                         monkeypatch):
    headers = api_headers()
    _import(client, ceremony, headers, make_rows(28))  # units "Đơn vị 0" … "Đơn vị 6", four people each
    assert _delegates(client, ceremony, headers, q="Đơn vị 3")["total"] == 4
    assert _delegates(client, ceremony, headers, q="Đơn vị")["total"] == 28
    # A text found in more units than UNIT_MATCHES names none of them: only names and titles are searched.
    monkeypatch.setattr("ceremony.delegates.queries.UNIT_MATCHES", 5)
    assert _delegates(client, ceremony, headers, q="Đơn vị")["total"] == 0
    assert _delegates(client, ceremony, headers, q="Đơn vị 3")["total"] == 4
