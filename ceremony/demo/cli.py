"""flask demo …"""
import click
import sqlalchemy as sa
from flask.cli import AppGroup

from ceremony.ceremonies.models import Ceremony
from ceremony.core.time import local
from ceremony.demo.operations import DEMO_PASSWORD, DEMO_USERS, load_demo
from ceremony.extensions import db

cli = AppGroup("demo", help="Demo data of the two real Quảng Ngãi ceremonies.")


@cli.command("load")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]), default=None,
              help='Place both demo ceremonies at this start, Vietnam time ("YYYY-MM-DD HH:MM"); their windows, '
                   "deadlines and program move along. Default: the real historical dates.")
def load(start):
    """Load the demo (idempotent: a second run with the same options changes nothing)."""
    before = {c.slug: c.starts_at for c in db.session.scalars(sa.select(Ceremony))}
    created = load_demo(start=start)
    db.session.commit()
    for ceremony in created:
        click.echo(f"loaded {ceremony.slug}")
    moved = [c for c in db.session.scalars(sa.select(Ceremony))
             if c.slug in before and before[c.slug] != c.starts_at]
    for ceremony in moved:
        click.echo(f"moved {ceremony.slug} to {local(ceremony.starts_at):%Y-%m-%d %H:%M} (Vietnam time)")
    if not created and not moved:
        click.echo("demo already loaded; nothing changed")


@cli.command("logins")
def logins():
    """Print the demo accounts."""
    for email, role, _name, codes in DEMO_USERS:
        click.echo(f"  {role:<10} {email:<28} password: {DEMO_PASSWORD}" + (f"  sites: {','.join(codes)}" if codes else ""))
