"""``core.background.run_in_thread``: the job runs in the app's context, off the request's thread."""
import threading

from flask import current_app

from ceremony.core.background import run_in_thread


def test_a_job_runs_in_its_own_thread_inside_the_app_context(app):
    seen = {}

    def run(job_id):
        seen.update(job_id=job_id, app=current_app._get_current_object(), thread=threading.current_thread().name)

    with app.test_request_context():
        run_in_thread(run, 7, "job-7").join(timeout=10)
    assert seen == {"job_id": 7, "app": app, "thread": "job-7"}
