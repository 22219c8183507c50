"""flask badges …: print badges to a PDF file from a shell."""
from pathlib import Path

import click
from flask.cli import AppGroup

from ceremony.badges.printing import badge_stream
from ceremony.core.errors import DomainError, InvalidInput
from ceremony.delegates.cli import need_public_url, selection, write_pieces

cli = AppGroup("badges", help="Badges with the invitation QR code.")


@cli.command("print")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--site", help="Only this bridge point (code).")
@click.option("--format", "layout", type=click.Choice(["sheet", "single"]), default="sheet", show_default=True,
              help="sheet: A4 with 2 x 4 badges; single: one 90 x 130 mm badge per page.")
def print_command(slug, out, site, layout):
    """Write the badges of a ceremony (or one point) to one PDF, streamed page by page."""
    need_public_url()
    _ceremony, f = selection(slug, site)
    try:
        pieces = badge_stream(f, layout)
    except InvalidInput as error:
        for p in error.details:
            click.echo(f"{p.get('full_name', '')}, {p.get('field', '')}: {p.get('reason', '')}", err=True)
        raise click.ClickException(error.message) from None
    except DomainError as error:
        raise click.ClickException(error.message) from None
    with out.open("wb") as stream:
        size = write_pieces(pieces, stream)
    click.echo(f"wrote {out} ({size} bytes)")
