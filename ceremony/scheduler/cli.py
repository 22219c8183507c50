"""flask scheduler …: run the one scheduler of a deployment, list the declared jobs."""
from __future__ import annotations

import logging
import signal

import click
from flask import current_app
from flask.cli import AppGroup

from ceremony.scheduler.runner import SchedulerRunner, load_tasks

cli = AppGroup("scheduler", help="The job scheduler (one per deployment).")


@cli.command("run")
@click.option("--poll", default=5.0, show_default=True, help="Seconds between leader-lock attempts.")
def run(poll):
    """Run the scheduler in this process (stands by while another process holds the leader lock)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = current_app._get_current_object()
    existing = app.extensions.get("scheduler_runner")
    if existing is not None:  # CEREMONY_SCHEDULER=on already started one in this process
        existing.stop()
    runner = SchedulerRunner(app, poll_seconds=poll)
    app.extensions["scheduler_runner"] = runner
    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    click.echo(f"scheduler: {len(load_tasks())} jobs declared; waiting for the leader lock")
    try:
        runner.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()


@cli.command("jobs")
def jobs():
    """List the declared periodic jobs."""
    for name, job in sorted(load_tasks().items()):
        click.echo(f"{job.seconds:>6}s  {name}")
