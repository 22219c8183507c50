"""flask selftest …: the media peer process, thresholds and bridge details from the shell."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.core.errors import DomainError
from ceremony.extensions import db
from ceremony.selftest import operations, queries
from ceremony.sites.queries import get_site_by_code

cli = AppGroup("selftest", help="Self-test of bridge points: the media peer, thresholds, bridge details.")


@cli.command("media-peer")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=None, help="default: the port of SELFTEST_MEDIA_PEER_URL")
@click.option("--ice-address", default=None, help="the one address offered to browsers (default: every interface)")
@click.option("--allow-remote", multiple=True, help="networks browsers may be reached on (CIDR; repeatable)")
@click.option("--drop-udp", is_flag=True, help="drop every UDP datagram (shows the page's blocked-UDP report)")
@click.option("--max-seconds", type=float, default=60.0, show_default=True, help="lifetime of one loopback")
def media_peer(host, port, ice_address, allow_remote, drop_udp, max_seconds):
    """Run the WebRTC media peer (aiortc) that the self-test's loopback talks to."""
    from urllib.parse import urlparse

    from ceremony.selftest import peer

    port = port or urlparse(current_app.config["SELFTEST_MEDIA_PEER_URL"]).port or 8765
    peer.run(host, port, ice_address, list(allow_remote) or None, drop_udp, max_seconds)


@cli.command("thresholds")
@click.argument("slug")
@click.option("--min-download", "min_download_mbps", type=float)
@click.option("--min-upload", "min_upload_mbps", type=float)
@click.option("--max-rtt", "max_rtt_ms", type=float)
@click.option("--max-clock-offset", "max_clock_offset_ms", type=float)
@click.option("--max-jitter", "max_jitter_ms", type=float)
@click.option("--max-loss", "max_loss_pct", type=float)
def thresholds(slug, **values):
    """Show (or change) the thresholds of ceremony SLUG."""
    try:
        ceremony = get_ceremony_by_slug(slug)
        if any(v is not None for v in values.values()):
            operations.save_thresholds(ceremony, values)
            db.session.commit()
    except DomainError as error:
        raise click.ClickException(error.message) from None
    for key, value in queries.thresholds(ceremony.id).items():
        if key not in ("ceremony_id", "updated_at"):
            click.echo(f"{key}: {value:g}")


@cli.command("bridge")
@click.argument("slug")
@click.argument("code")
@click.option("--endpoint")
@click.option("--backup-link")
@click.option("--tech-contact")
@click.option("--tech-phone")
def bridge(slug, code, **values):
    """Show (or change) the bridge details of point CODE."""
    try:
        site = get_site_by_code(get_ceremony_by_slug(slug).id, code)
        if any(v is not None for v in values.values()):
            operations.save_bridge(site, values)
            db.session.commit()
    except DomainError as error:
        raise click.ClickException(error.message) from None
    for key, value in queries.bridge_dict(site).items():
        click.echo(f"{key}: {value if value is not None else ''}")
