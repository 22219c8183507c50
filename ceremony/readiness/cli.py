"""flask readiness …: default checklist and windows, operator links; plus ``flask scheduler``."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.core.errors import DomainError
from ceremony.extensions import db
from ceremony.readiness import escalation, operations, tasks, tokens
from ceremony.scheduler.cli import cli as scheduler_cli
from ceremony.sites.queries import get_site_by_code, list_sites

cli = AppGroup("readiness", help="Bridge-point readiness.")


def _ceremony(slug):
    try:
        return get_ceremony_by_slug(slug)
    except DomainError as error:
        raise click.ClickException(error.message) from None


@cli.command("defaults")
@click.argument("slug")
def defaults(slug):
    """Give ceremony SLUG the default checklist and check-in windows (when it has none)."""
    operations.ensure_defaults(_ceremony(slug))
    db.session.commit()
    click.echo("ok")


@cli.command("links")
@click.argument("slug")
@click.option("--site", "code", default=None, help="Only this point (code).")
@click.option("--revoke", is_flag=True, help="Revoke the point's link and issue a new one.")
def links(slug, code, revoke):
    """Print the operator link of every point (code, name, URL)."""
    ceremony = _ceremony(slug)
    sites = [get_site_by_code(ceremony.id, code)] if code else list_sites(ceremony.id)
    for site in sites:
        if revoke:
            tokens.revoke_site_tokens(site)
        click.echo(f"{site.code}\t{site.name}\t{tokens.operator_url(tokens.issue_site_token(site))}")
    db.session.commit()


@cli.command("tick")
def tick():
    """Run the readiness job once now (open/close due windows, escalate, notice offline points)."""
    click.echo(tasks.tick())


@cli.command("close")
@click.argument("slug")
@click.argument("phase_key")
def close(slug, phase_key):
    """Close window PHASE_KEY of SLUG now (flags and escalates the silent points)."""
    from ceremony.readiness.queries import get_phase

    flags = escalation.close_window(get_phase(_ceremony(slug).id, phase_key))
    db.session.commit()
    click.echo(f"{len(flags)} points flagged")


COMMANDS = (cli, scheduler_cli)
