"""flask delegates …: import, export, issue invitations and print letters from a shell."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.core.errors import DomainError, RowError
from ceremony.delegates import queries
from ceremony.delegates.exporting import delegates_xlsx
from ceremony.delegates.importing import read_table
from ceremony.delegates.operations import import_delegates
from ceremony.delegates.printing import letter_batch
from ceremony.extensions import db
from ceremony.invitations.letter import stream_letters
from ceremony.invitations.operations import issue_invitations

cli = AppGroup("delegates", help="Delegate lists, invitations and letters.")


def selection(slug: str, site_code: str | None):
    """The ceremony and a filter for one of its points (or all), or a ClickException."""
    try:
        ceremony = get_ceremony_by_slug(slug)
        site = queries.site_for(ceremony.id, site_code)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    return ceremony, queries.DelegateFilter(ceremony.id, site_id=site.id if site else None)


def need_public_url() -> None:
    if not current_app.config.get("PUBLIC_URL"):
        raise click.ClickException("set CEREMONY_PUBLIC_URL (the https address printed in the QR codes)")


@cli.command("import")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check only; write nothing.")
@click.option("--site", default=None, help="Point code of every row (an office's list without a point column).")
def import_command(slug, path, dry_run, site):
    """Import a delegate list (CSV or XLSX): every row or none; every bad row is listed."""
    ceremony, _f = selection(slug, None)
    try:
        point = queries.site_for(ceremony.id, site) if site else None
        result = import_delegates(ceremony.id, read_table(path.name, path.read_bytes()), dry_run=dry_run,
                                  site=point)
    except RowError as error:
        for detail in error.details:
            click.echo(f"row {detail['row']}, field {detail['field']}: {detail['reason']}", err=True)
        raise click.ClickException(f"{path}: refused, nothing imported") from None
    except DomainError as error:
        raise click.ClickException(error.message) from None
    if dry_run:
        click.echo(f"{len(result.rows)} rows are valid; nothing written (dry run)")
        return
    db.session.commit()
    click.echo(f"imported {len(result.created)} delegates into {ceremony.slug}")


@cli.command("export")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--site", help="Only this bridge point (code).")
def export_command(slug, out, site):
    """Export delegates to XLSX, by point then in Vietnamese name order."""
    _ceremony, f = selection(slug, site)
    delegates = queries.list_delegates(f, order="site")
    out.write_bytes(delegates_xlsx(delegates))
    click.echo(f"wrote {len(delegates)} delegates to {out}")


@cli.command("issue")
@click.argument("slug")
@click.option("--site", help="Only this bridge point (code).")
def issue_command(slug, site):
    """Issue the missing invitations (idempotent)."""
    ceremony, f = selection(slug, site)
    ids = queries.delegate_ids(f) if site else None
    invitations = issue_invitations(ceremony.id, ids)
    db.session.commit()
    click.echo(f"{len(invitations)} delegates have an invitation")


@cli.command("letters")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--site", help="Only this bridge point (code).")
def letters_command(slug, out, site):
    """Write the invitation letters (Giấy mời) to one PDF, streamed page by page; the number, date
    and signer are the ceremony's letter settings (Invitation letters page, updateLetterSettings)."""
    need_public_url()
    ceremony, f = selection(slug, site)
    try:
        batch = letter_batch(ceremony, f)
    except DomainError as error:
        for p in error.details:
            click.echo(f"{p.get('full_name', '')}, {p.get('field', '')}: {p.get('reason', '')}", err=True)
        raise click.ClickException(error.message) from None
    for warning in batch.warnings:
        click.echo(f"warning: {warning['message']}", err=True)
    with out.open("wb") as stream:
        size = write_pieces(stream_letters(batch.head, batch.letters), stream)
    click.echo(f"wrote {len(batch.letters)} letters ({size} bytes) to {out}")


def write_pieces(pieces, stream) -> int:
    """Write a streamed PDF to a file as it is produced; returns its size."""
    written = 0
    for piece in pieces:
        stream.write(piece)
        written += len(piece)
    return written



@cli.command("run-job")
@click.argument("job_id", type=int)
@click.option("--nice", default=0, show_default=True, help="Lower this process's CPU priority by this much.")
def run_job(job_id, nice):
    """Run one queued delegate job (a big import, an invitation issue): what a worker starts for it."""
    import os

    from ceremony.delegates import jobs

    if nice:
        os.nice(nice)
    if not jobs.run_job(job_id):
        click.echo(f"job {job_id}: not queued (already taken)")
        return
    job = db.session.get(jobs.DelegateJob, job_id)
    click.echo(f"job {job_id}: {job.status}, {job.created} written, {job.message}".rstrip(", "))
