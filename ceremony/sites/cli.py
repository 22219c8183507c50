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
@click.option("--set", "dataset", type=click.Choice(["2023", "2025"]), default="2025", show_default=True,
              help="2023: province → district → commune; 2025: province → commune (since 1 July 2025).")
@click.option("--all", "whole_country", is_flag=True,
              help="The whole country as one network: nation → every province → … (key vn-all-<set>).")
@click.option("--key", default=None, help="Name to keep the network under (default vn-<province>-<set>).")
def import_package(province, dataset, whole_country, key):
    """Import a province's network (or the country's, --all) from the built-in sets
    (vietnam-provinces 2025.10.1, 2023 file)."""
    try:
        if whole_country:
            network = operations.import_national_network(dataset, key=key)
        else:
            network = operations.import_reference_network(dataset, province, key=key)
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


@cli.command("apply")
@click.option("--ceremony", "ceremony_id", type=int, required=True, help="Ceremony id.")
@click.option("--key", required=True, help="Key of an imported network (e.g. vn-all-2023, vn-51-2025).")
def apply(ceremony_id, key):
    """Give a ceremony the points of an imported network (while nothing uses its points yet)."""
    import sqlalchemy as sa

    from ceremony.ceremonies.queries import get_ceremony
    from ceremony.sites.models import ReferenceNetwork
    from ceremony.sites.queries import tier_counts

    try:
        ceremony = get_ceremony(ceremony_id)
        network = db.session.scalar(sa.select(ReferenceNetwork).where(ReferenceNetwork.key == key))
        if network is None:
            raise click.ClickException(f"no imported network {key}")
        operations.apply_network(ceremony, network)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    counts = ", ".join(f"{tier} {n}" for tier, n in tier_counts(ceremony.id).items())
    click.echo(f"ceremony {ceremony.id}: points of {network.key} ({counts})")
