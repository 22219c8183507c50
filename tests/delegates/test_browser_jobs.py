"""A big import's page in a real headless Chromium: the progress bar moves as the job does, and the
page shows the result once the job ends (static/delegates/job.js polling getDelegateJob)."""
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from ceremony.delegates import jobs
from ceremony.delegates.models import DelegateJob
from tests.browser_support import log_in
from tests.delegates.conftest import make_rows, to_csv

pytestmark = pytest.mark.browser


def test_the_progress_bar_follows_the_job_then_the_page_shows_the_result(page, live_server, app, db, ceremony,
                                                                         make_user):
    user = make_user("organizer")
    job = jobs.queue_import(ceremony.id, "ds.csv", to_csv(make_rows(40)))
    db.session.commit()
    job_id = job.id
    db.session.execute(sa.update(DelegateJob).where(DelegateJob.id == job_id).values(
        status="importing", rows_total=40, rows_done=10))
    db.session.commit()
    log_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/ceremonies/{ceremony.id}/delegates/jobs/{job_id}")
    bar = page.locator("progress#job-progress")
    expect(bar).to_have_attribute("value", "25")
    db.session.execute(sa.update(DelegateJob).where(DelegateJob.id == job_id).values(rows_done=30))
    db.session.commit()
    expect(bar).to_have_js_property("value", 75)  # moved by the page's script, no reload
    expect(page.locator("#job-count")).to_contain_text("30")
    db.session.execute(sa.update(DelegateJob).where(DelegateJob.id == job_id).values(
        status="done", rows_done=40, created=40))
    db.session.commit()
    expect(page.locator("text=Đã nhập 40 đại biểu")).to_be_visible(timeout=10_000)
    expect(page.locator("progress")).to_have_count(0)
