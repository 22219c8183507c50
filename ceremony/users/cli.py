"""flask users …, flask api-token …"""
import click
from flask.cli import AppGroup

from ceremony.core.errors import DomainError
from ceremony.extensions import db
from ceremony.users import operations
from ceremony.users.models import ALL_SCOPES, Role, Scope

cli = AppGroup("users", help="Manage accounts.")


@cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--site", "sites", multiple=True, help="Admin-unit code an operator covers (repeatable).")
@click.option("--password", required=True)
@click.option("--name", default="")
def create(email, role, sites, password, name):
    """Create an account (operators are bound to the --site codes given)."""
    try:
        user = operations.create_user(email, role=role, password=password, name=name, site_codes=sites)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"created {user.email} ({user.role.value})")


@click.group("api-token", help="Bearer tokens for API clients.")
def token_group():
    pass


@token_group.command("create")
@click.argument("email")
@click.option("--label", default="")
@click.option("--scope", "scopes", multiple=True, type=click.Choice([s.value for s in Scope]),
              help="read, write, admin (repeatable; default: all three).")
@click.option("--expires-days", type=click.IntRange(1, operations.MAX_TOKEN_DAYS), default=None,
              help="The token stops working after this many days (default: until revoked).")
def token_create(email, label, scopes, expires_days):
    """Print a new bearer token for EMAIL (as the last line)."""
    from datetime import timedelta

    from ceremony.core.time import now

    try:
        user = operations.get_user_by_email(email)
        expires_at = now() + timedelta(days=expires_days) if expires_days else None
        token = operations.create_api_token(user, label, scopes=list(scopes) or ALL_SCOPES, expires_at=expires_at)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"token for {user.email} (shown once):")
    click.echo(token)


@token_group.command("revoke")
@click.argument("token")
def token_revoke(token):
    """Revoke a bearer token."""
    try:
        operations.revoke_api_token(token)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo("revoked")


COMMANDS = (cli, token_group)
