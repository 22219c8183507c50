"""The dossier as a job through the API and the page: state in the database, a background thread,
regenerated on demand, downloads only once done."""
import io
import threading

from pypdf import PdfReader

from ceremony.dossier.models import DossierJob, JobState


def _join_dossier_threads():
    for thread in threading.enumerate():
        if thread.name.startswith("dossier-"):
            thread.join(timeout=60)


def test_generate_in_a_background_thread(app, client, db, movement, campaign, team, api_headers):
    app.config["DOSSIER_INLINE"] = False
    organizer = api_headers("organizer")
    url = f"/api/v1/ceremonies/{movement.id}/dossier"
    assert client.get(url, headers=organizer).get_json()["state"] == "none"
    assert client.get(url + ".pdf", headers=organizer).status_code == 409
    started = client.post(url, headers=organizer)
    assert started.status_code == 202 and started.get_json()["state"] in ("queued", "running", "done")
    _join_dossier_threads()
    db.session.expire_all()
    state = client.get(url, headers=organizer).get_json()
    assert state["state"] == "done" and state["progress"] == 100 and state["pdf_size"] > 10_000
    pdf = client.get(state["pdf_url"], headers=organizer)
    assert pdf.status_code == 200 and PdfReader(io.BytesIO(pdf.data)).pages
    again = client.post(url, headers=organizer).get_json()
    _join_dossier_threads()
    assert again["id"] != state["id"]
    assert client.get(url, headers=api_headers("viewer")).status_code == 200
    assert client.post(url, headers=api_headers("viewer")).status_code == 403


def test_a_second_request_while_queued_answers_the_same_job(app, client, db, movement, login):
    app.config["DOSSIER_INLINE"] = False
    from ceremony.dossier.operations import request_dossier, run_queued

    first = request_dossier(movement, "a")
    second = request_dossier(movement, "b")
    db.session.commit()
    assert first.id == second.id
    assert run_queued() == 1 and run_queued() == 0
    assert db.session.get(DossierJob, first.id).state is JobState.done
    login("organizer")
    page = client.get(f"/ceremonies/{movement.id}/dossier").get_data(as_text=True)
    assert "Tải PDF" in page and "Lập lại" in page


def test_a_failing_build_is_recorded(app, db, movement, monkeypatch):
    from ceremony.dossier import operations

    def broken(*args, **kwargs):
        raise RuntimeError("font missing")

    monkeypatch.setattr("ceremony.dossier.pdf.dossier_pdf", broken)
    job = operations.request_dossier(movement)
    db.session.commit()
    operations.run_job(job.id)
    job = db.session.get(DossierJob, job.id)
    assert job.state is JobState.failed and "font missing" in job.error
