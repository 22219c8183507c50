"""JSON API of the self-test: the probes the operator page times (ping, download, upload), the WebRTC
offer to the media peer, thresholds, bridge details, a point's trend. The results go back through
``reportReadiness`` (its ``measurements``)."""
from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request

from flask import Response, current_app, request
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import require_api_roles
from ceremony.core.errors import DomainError, InvalidInput
from ceremony.extensions import db
from ceremony.readiness.access import authorize_site
from ceremony.selftest import operations, queries
from ceremony.selftest.schemas import (SdpAnswerSchema, BridgeSchema, DownloadArgs, SdpOfferArgs, PingArgs, PingSchema,
                                       ThresholdsSchema, TrendSchema, UploadSchema)
from ceremony.sites.queries import get_site

blp = Blueprint("selftest_api", __name__, description="Self-test of a bridge point, thresholds, bridge details")
SITE_AUTH = ("Bearer token of an organizer or operator account, or the point's operator link token in "
             "the X-Site-Token header")
MAX_UPLOAD = 8 * 1024 * 1024
_BLOCK = os.urandom(65536)  # incompressible filler, sent again and again


class PeerUnavailable(DomainError):
    status = 503


def _site(ceremony_id: int, site_id: int):
    get_ceremony(ceremony_id)
    return get_site(site_id, ceremony_id)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/ceremonies/<int:ceremony_id>/selftest/sites/<int:site_id>/ping")
@blp.arguments(PingArgs, location="query")
@blp.response(200, PingSchema)
@blp.doc(operationId="selfTestPing", description=SITE_AUTH)
def ping(args, ceremony_id, site_id):
    """A tiny answer with the server clock: the page times a burst of these (RTT, jitter, clock offset)."""
    authorize_site(_site(ceremony_id, site_id), write=False)
    db.session.rollback()  # no transaction held while the phone waits
    return {"seq": args["seq"], "server_time_ms": time.time() * 1000}


@blp.route("/ceremonies/<int:ceremony_id>/selftest/sites/<int:site_id>/download")
@blp.arguments(DownloadArgs, location="query")
@blp.response(200, description="``size`` incompressible bytes (application/octet-stream)")
@blp.doc(operationId="selfTestDownload", description=SITE_AUTH)
def download(args, ceremony_id, site_id):
    """``size`` bytes for the page to time (download throughput)."""
    authorize_site(_site(ceremony_id, site_id), write=False)
    db.session.rollback()
    size = args["size"]

    def chunks():
        left = size
        while left > 0:
            piece = _BLOCK[:min(left, len(_BLOCK))]
            left -= len(piece)
            yield piece

    response = Response(chunks(), mimetype="application/octet-stream")
    response.headers["Content-Length"] = str(size)
    return _no_store(response)


@blp.route("/ceremonies/<int:ceremony_id>/selftest/sites/<int:site_id>/upload", methods=["POST"])
@blp.response(200, UploadSchema)
@blp.doc(operationId="selfTestUpload", description=SITE_AUTH,
         requestBody={"required": True, "content": {"application/octet-stream": {
             "schema": {"type": "string", "format": "binary", "maxLength": MAX_UPLOAD}}}})
def upload(ceremony_id, site_id):
    """The page sends bytes; the server times how long they took to arrive (its side of the upload)."""
    authorize_site(_site(ceremony_id, site_id), write=False)
    db.session.rollback()
    length = request.content_length
    if length is not None and length > MAX_UPLOAD:
        raise InvalidInput(f"at most {MAX_UPLOAD} bytes", field="body")
    started, received, first_at = time.perf_counter(), 0, None
    while True:
        chunk = request.stream.read(65536)
        if not chunk:
            break
        if first_at is None:
            first_at = time.perf_counter()
        received += len(chunk)
        if received > MAX_UPLOAD:
            raise InvalidInput(f"at most {MAX_UPLOAD} bytes", field="body")
    seconds = time.perf_counter() - (first_at or started)
    # Bytes after the first chunk over the time they took: the first one may sit in a buffer already.
    mbps = (received - min(received, 65536)) * 8 / seconds / 1e6 if seconds > 0.005 and received > 131072 else None
    return {"bytes": received, "seconds": round(seconds, 4), "server_mbps": round(mbps, 3) if mbps else None}


@blp.route("/ceremonies/<int:ceremony_id>/selftest/sites/<int:site_id>/media", methods=["POST"])
@blp.arguments(SdpOfferArgs)
@blp.response(200, SdpAnswerSchema)
@blp.alt_response(503, description="the media peer (aiortc) is not configured or does not answer: try again later")
@blp.doc(operationId="selfTestMediaOffer", description=SITE_AUTH)
def media_offer(args, ceremony_id, site_id):
    """The browser's WebRTC offer, answered by the media peer (aiortc) of this service: the loopback
    whose stats say whether UDP gets through, and the jitter, loss and RTT of the media path."""
    authorize_site(_site(ceremony_id, site_id), write=False)
    db.session.rollback()
    url = current_app.config.get("SELFTEST_MEDIA_PEER_URL", "").rstrip("/")
    if not url:
        raise PeerUnavailable("no media peer is configured (SELFTEST_MEDIA_PEER_URL)")
    body = json.dumps({"sdp": args["sdp"], "type": args["type"]}).encode()
    forward = urllib.request.Request(f"{url}/offer", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(forward, timeout=25) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        raise InvalidInput(f"the media peer refused the offer ({error.code})", field="sdp") from None
    except (OSError, ValueError) as error:
        raise PeerUnavailable(f"the media peer does not answer: {error}"[:300]) from None


@blp.route("/ceremonies/<int:ceremony_id>/selftest/thresholds")
@blp.response(200, ThresholdsSchema)
@blp.doc(operationId="getSelfTestThresholds")
@require_api_roles()
def get_thresholds(ceremony_id):
    """The figures under (or over) which a measured point is a problem."""
    get_ceremony(ceremony_id)
    return queries.thresholds(ceremony_id)


@blp.route("/ceremonies/<int:ceremony_id>/selftest/thresholds", methods=["PUT"])
@blp.arguments(ThresholdsSchema)
@blp.response(200, ThresholdsSchema)
@blp.doc(operationId="updateSelfTestThresholds")
@require_api_roles("organizer")
def update_thresholds(args, ceremony_id):
    """Change the ceremony's thresholds (fields left out keep their value)."""
    ceremony = get_ceremony(ceremony_id)
    operations.save_thresholds(ceremony, args)
    db.session.commit()
    return queries.thresholds(ceremony_id)


@blp.route("/ceremonies/<int:ceremony_id>/sites/<int:site_id>/bridge")
@blp.response(200, BridgeSchema)
@blp.doc(operationId="getBridgeDetails", description=SITE_AUTH)
def get_bridge(ceremony_id, site_id):
    """The point's video-conference endpoint, backup link and technical contact."""
    site = _site(ceremony_id, site_id)
    authorize_site(site, write=False)
    return queries.bridge_dict(site)


@blp.route("/ceremonies/<int:ceremony_id>/sites/<int:site_id>/bridge", methods=["PUT"])
@blp.arguments(BridgeSchema)
@blp.response(200, BridgeSchema)
@blp.doc(operationId="updateBridgeDetails")
@require_api_roles("organizer")
def update_bridge(args, ceremony_id, site_id):
    """Set the point's bridge details (fields left out keep their value)."""
    site = _site(ceremony_id, site_id)
    operations.save_bridge(site, args)
    db.session.commit()
    return queries.bridge_dict(site)


@blp.route("/ceremonies/<int:ceremony_id>/selftest/sites/<int:site_id>/trend")
@blp.response(200, TrendSchema(many=True))
@blp.doc(operationId="getSelfTestTrend", description=SITE_AUTH)
def get_trend(ceremony_id, site_id):
    """The point's measured figures across rehearsal, T-120, T-30 and live, oldest first."""
    site = _site(ceremony_id, site_id)
    authorize_site(site, write=False)
    return queries.trend(site)
