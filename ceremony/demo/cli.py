"""flask demo …"""
import click
from flask.cli import AppGroup

from ceremony.demo.operations import DEMO_PASSWORD, DEMO_USERS, load_demo
from ceremony.extensions import db

cli = AppGroup("demo", help="Demo data of the two real Quảng Ngãi ceremonies.")


@cli.command("load")
def load():
    """Load the demo (idempotent: a second run changes nothing)."""
    created = load_demo()
    db.session.commit()
    for ceremony in created:
        click.echo(f"loaded {ceremony.slug}")
    if not created:
        click.echo("demo already loaded; nothing changed")


@cli.command("logins")
def logins():
    """Print the demo accounts."""
    for email, role, _name, codes in DEMO_USERS:
        click.echo(f"  {role:<10} {email:<28} password: {DEMO_PASSWORD}" + (f"  sites: {','.join(codes)}" if codes else ""))
