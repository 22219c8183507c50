"""flask sites …"""
from pathlib import Path

import click
from flask.cli import AppGroup

from ceremony.core.errors import DomainError, RowError
from ceremony.extensions import db
from ceremony.sites import operations

cli = AppGroup("sites", help="Reference networks of bridge points.")


@cli.command("import-package")
@click.option("--province", type=int, default=51, show_default=True, help="Province code.")
@click.option("--key", default=None, help="Name to keep the network under.")
def import_package(province, key):
    """Import a province's 2023 network from vietnam-provinces 0.5.0."""
    try:
        network = operations.import_vietnam_provinces(province, key=key)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"imported {network.key}: {len(network.units)} units")


@cli.command("import-csv")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", required=True, help="Name to keep the network under.")
def import_csv(path, key):
    """Import a network from a CSV (code,name,tier,parent_code); a bad line refuses the whole file."""
    try:
        network = operations.import_network_csv(path.read_text(encoding="utf-8"), key=key)
    except RowError as error:
        for detail in error.details:
            click.echo(f"line {detail['row']}, field {detail['field']}: {detail['reason']}", err=True)
        raise click.ClickException(f"{path}: refused, nothing imported") from None
    db.session.commit()
    click.echo(f"imported {network.key}: {len(network.units)} units")
