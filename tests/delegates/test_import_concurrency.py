"""On SQLite an import writes by short transactions: a check-in on another ceremony during it succeeds."""
import threading

import pytest
import sqlalchemy as sa

from ceremony.delegates import bulk, jobs
from ceremony.delegates.models import Delegate, DelegateJob, Person
from ceremony.extensions import db as _db
from ceremony.invitations.operations import issue_invitation
from ceremony.sites.models import Site
from tests.delegates.conftest import make_rows, to_csv

pytestmark = pytest.mark.sqlite_only


def test_checkins_on_another_ceremony_succeed_while_a_big_import_writes(app, db, client, ceremony, make_ceremony,
                                                                       api_headers, clock):
    other = make_ceremony()
    site = db.session.scalar(sa.select(Site).where(Site.ceremony_id == other.id, Site.code == "51"))
    person = Person(full_name="Trần Văn Cổng", title="Khách mời", phone="0912000000")
    db.session.add(person)
    db.session.flush()
    delegate = Delegate(ceremony_id=other.id, site_id=site.id, person_id=person.id)
    db.session.add(delegate)
    db.session.flush()
    token = issue_invitation(delegate).token
    gate = api_headers("checker")
    app.config.update(IMPORT_BATCH_ROWS=100)
    job = jobs.queue_import(ceremony.id, "ds.csv", to_csv(make_rows(2500)))
    db.session.commit()

    # The job's thread, once its first batch is in, waits for the gate's first check-in: from then on
    # both write at the same time, batch after batch.
    first_batch, first_checkin = threading.Event(), threading.Event()
    real = bulk.move_in

    def after_batch(done):  # called once a batch is committed
        if not first_batch.is_set():
            first_batch.set()
            first_checkin.wait(10)

    def move_in(*args, progress, **kwargs):
        return real(*args, progress=lambda done: (after_batch(done), progress(done)), **kwargs)

    bulk.move_in = move_in

    def work(job_id=job.id):
        with app.app_context():
            try:
                jobs.run_job(job_id)
            finally:
                _db.session.remove()

    thread = threading.Thread(target=work)
    try:
        thread.start()
        assert first_batch.wait(30)
        answers, during = [], 0
        for n in range(1000):
            response = client.post(f"/api/v1/ceremonies/{other.id}/checkins", headers=gate,
                                   json={"token": token, "gate": "Cổng A", "device": "gate-1", "nonce": f"n{n}"})
            answers.append(response.status_code)
            first_checkin.set()
            if not thread.is_alive():
                break
            # Between two batches of the import, seen from outside: part of it written, not all.
            written = db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)
                                        .where(Delegate.ceremony_id == ceremony.id))
            db.session.rollback()
            during += 0 < written < 2500
        thread.join(60)
    finally:
        bulk.move_in = real
        first_checkin.set()
    assert set(answers) == {200}, answers
    assert during >= 3
    db.session.expire_all()
    assert db.session.get(DelegateJob, job.id).status == "done"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)
                             .where(Delegate.ceremony_id == ceremony.id)) == 2500
