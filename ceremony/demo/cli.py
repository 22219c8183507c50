"""flask demo …"""
import click
import sqlalchemy as sa
from flask.cli import AppGroup

from ceremony.ceremonies.models import Ceremony
from ceremony.core.time import local
from ceremony.demo.national import BATCH, DEFAULT_DELEGATES, build_national, national_slug
from ceremony.demo.operations import DEMO_PASSWORD, DEMO_USERS, load_demo
from ceremony.extensions import db

cli = AppGroup("demo", help="Demo data: the two real Quảng Ngãi ceremonies; a national one for benchmarks.")


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


@cli.command("national")
@click.option("--structure", type=click.Choice(["2025", "2023"]), default="2025", show_default=True,
              help="2025: nation → 34 provinces → 3,321 communes; 2023: nation → 63 provinces → 705 districts "
                   "→ 10,598 communes (11,367 points).")
@click.option("--delegates", "count", type=click.IntRange(min=0, max=2_000_000), default=DEFAULT_DELEGATES,
              show_default=True, help="How many synthetic delegates to invite (each gets an invitation).")
@click.option("--slug", default=None, help="The ceremony's slug (default vn-<structure>-khai-truong-quoc-gia).")
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]), default=None,
              help='Start, Vietnam time ("YYYY-MM-DD HH:MM"); default: in 30 days at 08:00.')
def national(structure, count, slug, start):
    """Build a national ceremony for benchmarks: the official units and synthetic delegates with
    their invitations, written in bulk (a slug already there is left as it is)."""
    def progress(done, total):
        if done == total or done % 50_000 < BATCH:
            click.echo(f"  {done:,} / {total:,} delegates")

    built = build_national(structure, count, slug=slug, start=start, progress=progress)
    if built is None:
        click.echo(f"{slug or national_slug(structure)} is already there; nothing changed")
        return
    db.session.commit()
    points = ", ".join(f"{tier} {n:,}" for tier, n in built.points.items())
    click.echo(f"built {built.ceremony.slug} (id {built.ceremony.id}): {sum(built.points.values()):,} points "
               f"({points}), {built.delegates:,} delegates with their invitations in {built.seconds:.1f} s ("
               + ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in built.phases.items()) + ")")
