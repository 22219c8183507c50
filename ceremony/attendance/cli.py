"""flask attendance …"""
from pathlib import Path

import click
from flask.cli import AppGroup

from ceremony.attendance import queries
from ceremony.attendance.report import collect
from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.core.errors import DomainError
from ceremony.sites.queries import get_site_by_code

cli = AppGroup("attendance", help="Check-ins, live counts and the final attendance report.")


@cli.command("counts")
@click.argument("slug")
def counts(slug):
    """Print invited and present per tier, of VIPs, and the conflicts of offline gates."""
    try:
        ceremony = get_ceremony_by_slug(slug)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    c = queries.attendance_counts(ceremony.id)
    click.echo(f"{ceremony.title}: present {c['present']}/{c['invited']}, late {c['late']}, "
               f"VIPs {c['vip']['present']}/{c['vip']['invited']}, conflicts {c['conflicts']}")
    for row in c["by_tier"]:
        click.echo(f"  {row['tier']:9s} {row['present']}/{row['invited']}")


@cli.command("report")
@click.argument("slug")
@click.option("--site", "site_code", default=None, help="Code of one bridge point (default: every point).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "xlsx"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def report(slug, site_code, fmt, output):
    """Write the final attendance report of a ceremony (or of one point) as PDF or XLSX."""
    try:
        ceremony = get_ceremony_by_slug(slug)
        site = get_site_by_code(ceremony.id, site_code) if site_code else None
    except DomainError as error:
        raise click.ClickException(error.message) from None
    data = collect(ceremony, site)
    if fmt == "pdf":
        from ceremony.attendance.pdf import attendance_pdf

        output.write_bytes(attendance_pdf(data))
    else:
        from ceremony.attendance.xlsx import attendance_xlsx

        output.write_bytes(attendance_xlsx(data))
    click.echo(f"wrote {output} ({len(data.delegates)} delegates)")
