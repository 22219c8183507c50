"""Big lists imported by a job: 202 with the job, progress in the database, all or nothing."""
import io

import sqlalchemy as sa

from ceremony.delegates.models import Delegate, DelegateJob, Person
from tests.delegates.conftest import make_rows, to_csv, to_xlsx


def _upload(client, ceremony, headers, data: bytes, filename: str, query: str = ""):
    return client.post(f"/api/v1/ceremonies/{ceremony.id}/delegates/import{query}", headers=headers,
                       data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def _count(db, model=Delegate):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_big_file_answers_202_and_the_job_imports_every_row_by_batches(app, db, client, ceremony, api_headers):
    app.config.update(IMPORT_SYNC_MAX_ROWS=1000, IMPORT_BATCH_ROWS=700)
    headers = api_headers()
    response = _upload(client, ceremony, headers, to_csv(make_rows(3000)), "ds.csv")
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    assert job["kind"] == "import" and job["status"] == "done", job
    assert job["rows_total"] == 3000 and job["rows_done"] == 3000 and job["created"] == 3000
    assert set(job["timings"]) >= {"check_s", "insert_s", "total_s"}
    assert _count(db) == 3000
    followed = client.get(job["url"], headers=headers)
    assert followed.status_code == 200 and followed.get_json()["percent"] == 100
    stored = db.session.get(DelegateJob, job["id"])
    assert len(stored.written["delegates"]) >= 1  # id runs written, for a clean-up if it had failed
    person = db.session.scalar(sa.select(Person).where(Person.phone == "0900000007"))
    assert person.organisation.name == "Đơn vị 0"
