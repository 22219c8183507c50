"""The readiness pages' API twins: operator links and their revocation, site kits, window reports."""
import io
import uuid

import openpyxl
from pypdf import PdfReader

from ceremony.sites.queries import get_site_by_code
from tests.readiness.conftest import ALL_OK


def test_an_organizer_issues_and_revokes_a_points_operator_link(client, db, clock, ready_ceremony, api_headers):
    clock.set(ready_ceremony.starts_at.replace(minute=0).replace(hour=0))  # T-60: the T-30 window is open
    headers = api_headers("organizer")
    site = get_site_by_code(ready_ceremony.id, "21550")
    base = f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}"
    first = client.post(f"{base}/operator-link", headers=headers).get_json()
    again = client.post(f"{base}/operator-link", headers=headers).get_json()
    assert first == again and first["code"] == "21550" and "/r/" in first["url"]
    token = first["url"].rsplit("/r/", 1)[1]
    report = {"idempotency_key": uuid.uuid4().hex, "answers": ALL_OK}
    assert client.post(f"{base}/checkins", json=report, headers={"X-Site-Token": token}).status_code == 201

    revoked = client.post(f"{base}/operator-link/revoke", headers=headers)
    assert revoked.status_code == 200 and revoked.get_json()["url"] != first["url"]
    refused = client.post(f"{base}/checkins", json={**report, "idempotency_key": uuid.uuid4().hex},
                          headers={"X-Site-Token": token})
    assert refused.status_code == 401 and refused.get_json()["field"] == "token"
    new_token = revoked.get_json()["url"].rsplit("/r/", 1)[1]
    ok = client.post(f"{base}/checkins", json={**report, "idempotency_key": uuid.uuid4().hex},
                     headers={"X-Site-Token": new_token})
    assert ok.status_code == 201
    # Operators and viewers may not hand out or revoke links.
    assert client.post(f"{base}/operator-link/revoke", headers=api_headers("viewer")).status_code == 403


def test_site_kits_print_every_point_and_keep_the_links_handed_out(client, db, ready_ceremony, api_headers):
    headers = api_headers("organizer")
    site = get_site_by_code(ready_ceremony.id, "21553")
    link_url = f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/operator-link"
    before = client.post(link_url, headers=headers).get_json()["url"]
    one = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/kits.pdf?site={site.id}", headers=headers)
    assert one.status_code == 200 and one.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(one.data)).pages)
    assert "21553" in text
    every = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/kits.pdf", headers=headers)
    assert len(PdfReader(io.BytesIO(every.data)).pages) == 8  # 1 + 3 + 4 points
    # Printing kits again keeps the links already handed out.
    assert client.post(link_url, headers=headers).get_json()["url"] == before
    assert client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/kits.pdf?site=999999",
                      headers=headers).status_code == 404


def test_window_reports_download_as_pdf_and_xlsx(client, db, clock, ready_ceremony, api_headers, report):
    clock.set(ready_ceremony.starts_at.replace(hour=0, minute=10))  # T-50
    report(ready_ceremony, "21550")
    headers = api_headers("viewer")
    base = f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/phases/t30"
    pdf = client.get(f"{base}/report.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert "21550" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    xlsx = client.get(f"{base}/report.xlsx", headers=headers)
    assert xlsx.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert any("21550" in [str(c) for c in row] for row in rows)
    assert client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/phases/nope/report.pdf",
                      headers=headers).status_code == 404
    assert client.get(f"{base}/report.pdf", headers=api_headers("checker")).status_code == 403
