"""A job run in a thread of the current process, with its own app context and session."""
from __future__ import annotations

import threading

from flask import current_app

from ceremony.extensions import db


def run_in_thread(run, job_id: int, name: str) -> threading.Thread:
    """Call ``run(job_id)`` in a daemon thread inside the app's context; the thread's session is
    removed when it ends, whatever happens."""
    app = current_app._get_current_object()

    def work() -> None:
        with app.app_context():
            try:
                run(job_id)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, name=name, daemon=True)
    thread.start()
    return thread
