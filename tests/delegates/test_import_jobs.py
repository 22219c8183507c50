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


def test_the_page_checks_a_big_file_by_a_job_then_imports_it_once_confirmed(app, db, client, ceremony, login):
    app.config.update(IMPORT_SYNC_MAX_ROWS=100)
    login("organizer")
    rows = make_rows(300)
    response = client.post(f"/ceremonies/{ceremony.id}/delegates/import", data={
        "file": (io.BytesIO(to_xlsx(rows)), "ds.xlsx"), "site": ""}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    job = db.session.scalar(sa.select(DelegateJob))
    assert job.status == "checked", (job.status, job.message, job.errors[:3])
    assert page.status_code == 200 and "300" in html and "/confirm" in html and "delegates/job.js" in html
    assert _count(db) == 0
    job = db.session.scalar(sa.select(DelegateJob))
    assert job.status == "checked" and job.columns["header_row"] == 1
    confirmed = client.post(f"/ceremonies/{ceremony.id}/delegates/jobs/{job.id}/confirm")
    assert confirmed.status_code == 302
    assert _count(db) == 300
    html = client.get(confirmed.headers["Location"]).get_data(as_text=True)
    assert "300" in html and "<progress" not in html


def test_a_bad_row_in_a_big_file_refuses_it_whole_naming_every_bad_row(app, db, client, ceremony, api_headers):
    headers = api_headers()
    rows = make_rows(1500)
    rows[10]["ma_diem_cau"] = "99999"
    rows[1400]["dien_thoai"] = "12345"
    rows[1401]["dien_thoai"] = rows[1399]["dien_thoai"]
    response = _upload(client, ceremony, headers, to_csv(rows), "ds.csv", "?background=true")
    assert response.status_code == 202
    job = client.get(response.get_json()["url"], headers=headers).get_json()
    assert job["status"] == "refused" and job["bad_rows"] == 3 and job["created"] == 0
    assert {(e["row"], e["field"], e["code"]) for e in job["errors"]} == {
        (12, "site_code", "unknown_site"), (1402, "phone", "bad_phone"), (1403, "phone", "duplicate_phone")}
    assert _count(db) == 0 and _count(db, Person) == 0
    paged = client.get(response.get_json()["url"] + "?errors_offset=1&errors_limit=1", headers=headers).get_json()
    assert paged["errors_total"] == 3 and [e["row"] for e in paged["errors"]] == [1402]


def test_a_job_failing_half_way_removes_every_row_it_wrote(app, db, client, ceremony, api_headers, monkeypatch):
    from ceremony.delegates import bulk

    app.config.update(IMPORT_BATCH_ROWS=200)
    db.session.add(Person(full_name="Người có sẵn", title=""))  # not the job's: must stay
    db.session.commit()
    calls = []
    real = bulk.add_runs

    def failing(runs, ids):  # the third batch's bookkeeping fails, after two batches were committed
        calls.append(len(ids))
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return real(runs, ids)

    monkeypatch.setattr(bulk, "add_runs", failing)
    response = _upload(client, ceremony, api_headers(), to_csv(make_rows(1000)), "ds.csv", "?background=1")
    job = response.get_json()
    assert job["status"] == "failed" and "disk full" in job["message"] and "400 rows removed" in job["message"]
    assert _count(db) == 0 and _count(db, Person) == 1
    assert db.session.get(DelegateJob, job["id"]).written == {}


def test_a_job_whose_worker_died_is_marked_failed_and_its_rows_removed(app, db, ceremony, clock):
    from datetime import timedelta

    from ceremony.delegates import jobs

    rows = make_rows(50)
    job = jobs.queue_import(ceremony.id, "ds.csv", to_csv(rows))
    db.session.commit()
    app.config["IMPORT_BATCH_ROWS"] = 20
    job_id = job.id
    # The worker runs the job, then dies in the middle: simulated by putting the job back to
    # "importing" with its heartbeat from long ago, as a dead worker leaves it.
    jobs.run_job(job_id)
    assert _count(db) == 50
    written = db.session.get(DelegateJob, job_id).written
    db.session.execute(sa.update(DelegateJob).where(DelegateJob.id == job_id).values(
        status="importing", heartbeat_at=clock() - timedelta(minutes=5)))
    db.session.commit()
    assert jobs.recover_stale() == 1
    db.session.expire_all()
    stale = db.session.get(DelegateJob, job_id)
    assert stale.status == "failed" and "stopped" in stale.message and stale.written == {}
    assert written["delegates"] and _count(db) == 0 and _count(db, Person) == 0
    assert jobs.recover_stale() == 0


def test_sqlite_refuses_a_list_above_its_limit_in_vietnamese(app, db, client, ceremony, api_headers, backend):
    app.config.update(SQLITE_IMPORT_MAX_ROWS=1000)
    response = _upload(client, ceremony, api_headers(), to_csv(make_rows(1200)), "ds.csv")
    if backend == "sqlite":
        assert response.status_code == 422
        assert "PostgreSQL" in response.get_json()["message"] and "SQLite" in response.get_json()["message"]
        assert "phải" in response.get_json()["message"]
        assert _count(db) == 0
    else:
        assert response.status_code == 201 and response.get_json()["created"] == 1200


def test_invitations_are_issued_by_batches_with_progress(app, db, client, ceremony, api_headers):
    from ceremony.invitations.models import Invitation

    app.config.update(IMPORT_BATCH_ROWS=150)
    headers = api_headers()
    assert _upload(client, ceremony, headers, to_csv(make_rows(400)), "ds.csv", "?background=1").status_code == 202
    first = client.post(f"/api/v1/ceremonies/{ceremony.id}/invitations", headers=headers,
                        json={"delegate_ids": [1, 2]})
    assert first.status_code == 201
    response = client.post(f"/api/v1/ceremonies/{ceremony.id}/invitations", headers=headers, json={"background": True})
    assert response.status_code == 202, response.get_json()
    job = client.get(response.get_json()["url"], headers=headers).get_json()
    assert job["kind"] == "invitations" and job["status"] == "done" and job["created"] == 398
    assert job["rows_total"] == 398 and job["percent"] == 100
    invitations = db.session.scalars(sa.select(Invitation)).all()
    assert len(invitations) == 400 and len({i.serial for i in invitations}) == 400
    assert len({i.short_code for i in invitations}) == 400 and max(i.serial for i in invitations) == 400
    again = client.post(f"/api/v1/ceremonies/{ceremony.id}/invitations", headers=headers, json={"background": True})
    assert client.get(again.get_json()["url"], headers=headers).get_json()["created"] == 0
    mixed = client.post(f"/api/v1/ceremonies/{ceremony.id}/invitations", headers=headers,
                        json={"background": True, "site": "51"})
    assert mixed.status_code == 422


def test_a_worker_starts_the_job_in_a_process_of_its_own_which_the_cli_runs(app, db, ceremony, runner,
                                                                           monkeypatch):
    import shutil
    import subprocess

    from ceremony.delegates import jobs

    started = []

    class FakePopen:
        def __init__(self, args, **kwargs):
            started.append((args, kwargs))

        def wait(self):
            return 0

    monkeypatch.setattr(subprocess, "Popen", FakePopen)
    app.config["DELEGATE_JOBS_RUNNER"] = "process"
    job = jobs.queue_import(ceremony.id, "ds.csv", to_csv(make_rows(30)))
    db.session.commit()
    jobs.start(job)
    (args, kwargs), = started
    assert args[-3:] == ["delegates", "run-job", str(job.id)] and "faulthandler" in args
    assert args[:3] == [shutil.which("nice"), "-n", "10"]
    assert kwargs["start_new_session"] is True
    assert db.session.get(DelegateJob, job.id).status == "queued"
    result = runner.invoke(args=["delegates", "run-job", str(job.id)])
    assert result.exit_code == 0 and f"job {job.id}: done, 30 written" in result.output
    assert _count(db) == 30
    again = runner.invoke(args=["delegates", "run-job", str(job.id)])
    assert "not queued" in again.output and _count(db) == 30
