"""flask backup create|restore: the whole database in one portable file, and back."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ceremony.backup.operations import create_backup, read_header, restore_backup
from ceremony.core.errors import InvalidInput
from ceremony.core.time import now

cli = AppGroup("backup", help="Back up and restore the whole database (SQLite or PostgreSQL).")


@cli.command("create")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def create(path):
    """Write every row of every table to PATH (default: instance/backups/ceremony-<time>.json.gz)."""
    from ceremony.extensions import db

    if not path:
        path = Path(current_app.instance_path) / "backups" / f"ceremony-{now().strftime('%Y%m%d-%H%M%S')}.json.gz"
    summary = create_backup(db.engine, db.metadata, path)
    click.echo(f"{summary.rows} rows of {len(summary.tables)} tables (schema {summary.revision or '?'}, "
               f"{summary.dialect}) written to")
    click.echo(summary.path)


@cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(path, yes):
    """Replace EVERY row of the database by the backup PATH (stop the service first)."""
    from ceremony.extensions import db

    try:
        header = read_header(path)
    except (InvalidInput, OSError) as error:
        raise click.ClickException(str(error)) from None
    rows = sum(header["tables"].values())
    if not yes:
        click.confirm(f"Replace every row of this database by {rows} rows from {header['created_at']}?", abort=True)
    try:
        summary = restore_backup(db.engine, db.metadata, path)
    except InvalidInput as error:
        raise click.ClickException(error.message) from None
    click.echo(f"restored {summary.rows} rows of {len(summary.tables)} tables from {path}")
