"""App-wide routes that belong to no domain: the health check a load balancer polls."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, Response

from ceremony.extensions import db

bp = Blueprint("core", __name__)
log = logging.getLogger("ceremony.health")


@bp.route("/healthz")
def health():
    """200 ``ok`` while this node can reach its database, else 503: the proxy (HAProxy ``option
    httpchk``, docs/deploy.md) sends the gates to the other node. Redis is not asked: it carries only
    live pushes, and a node without it still records every check-in."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.DBAPIError as error:
        log.warning("health: the database does not answer (%s)", type(error).__name__)
        return Response("database unreachable\n", status=503, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})
    finally:
        db.session.remove()
    return Response("ok\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})
