"""Searches take LIKE wildcards literally; an operator's attendance counts cover their own points only."""
from ceremony.delegates.importing import table_from_json
from ceremony.delegates.operations import import_delegates
from tests.delegates.conftest import make_rows


def test_like_wildcards_are_literal(client, db, ceremony, api_headers):
    rows = make_rows(6)
    rows[0]["ho_ten"] = "Nguyễn 100% Văn"
    rows[1]["ho_ten"] = "Trần_Văn"
    import_delegates(ceremony.id, table_from_json(rows))
    db.session.commit()
    headers = api_headers("organizer")

    def names(q):
        response = client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates", query_string={"q": q}, headers=headers)
        assert response.status_code == 200
        return [d["full_name"] for d in response.get_json()["items"]]

    assert names("%") == ["Nguyễn 100% Văn"]
    assert names("_") == ["Trần_Văn"]
    assert names("\\") == []
    assert len(names("Văn")) == 6


def test_operator_attendance_counts_only_their_points(client, db, ceremony, api_headers):
    import_delegates(ceremony.id, table_from_json(make_rows(16)))
    db.session.commit()
    operator = client.get(f"/api/v1/ceremonies/{ceremony.id}/attendance", headers=api_headers("operator", ["534"]))
    organizer = client.get(f"/api/v1/ceremonies/{ceremony.id}/attendance", headers=api_headers("organizer"))
    assert operator.status_code == organizer.status_code == 200
    mine = operator.get_json()
    assert {s["code"] for s in mine["by_site"]} == {"534", "21550", "21553"}  # the district and its communes
    assert mine["invited"] == 6 < organizer.get_json()["invited"] == 16
    assert sum(mine["rsvp"].values()) == 0
