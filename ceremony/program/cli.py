"""flask program …"""
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from ceremony.core.errors import DomainError
from ceremony.extensions import db
from ceremony.program import ics, pdf, queries
from ceremony.program.reminders import send_due_reminders

cli = AppGroup("program", help="The run-of-show: exports and reminders.")


def _ceremony(slug: str):
    from ceremony.ceremonies.models import Ceremony

    ceremony = db.session.scalar(sa.select(Ceremony).where(Ceremony.slug == slug))
    if ceremony is None:
        raise click.ClickException(f"no ceremony {slug!r}")
    return ceremony


@cli.command("export")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def export(slug, out):
    """Write the program of ceremony SLUG to OUT: .pdf (kịch bản) or .ics (calendar)."""
    ceremony = _ceremony(slug)
    slots = queries.build_timeline(ceremony).slots
    if out.suffix == ".pdf":
        out.write_bytes(pdf.program_pdf(ceremony, slots))
    elif out.suffix == ".ics":
        out.write_bytes(ics.program_ics(ceremony, slots))
    else:
        raise click.ClickException("OUT must end in .pdf or .ics")
    click.echo(f"wrote {out} ({len(slots)} segments)")


@cli.command("send-reminders")
def send_reminders():
    """Send the reminders that are due now (what the scheduler does every 30 seconds)."""
    try:
        sent = send_due_reminders()
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"sent {sent} reminders")
