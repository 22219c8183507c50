"""Pages: thresholds of a ceremony, bridge details of its points, a point's measured trend; and the
self-test panel the operator page includes (``selftest_panel``)."""
from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav
from ceremony.extensions import db
from ceremony.selftest import operations, queries
from ceremony.selftest import thresholds as rules
from ceremony.sites.queries import get_site, list_sites

bp = Blueprint("selftest", __name__)
ceremony_nav(bp, _l("Bridge details"), "selftest.bridges", order=42, roles=("organizer",))

STEPS = [("network", _l("Network to the service")), ("download", _l("Download")), ("upload", _l("Upload")),
         ("clock", _l("Clock")), ("media", _l("Video-call path (WebRTC)")), ("camera", _l("Camera")),
         ("microphone", _l("Microphone")), ("speakers", _l("Speakers"))]


def _messages() -> dict[str, str]:
    """What the self-test script says, in the page's language (``{name}`` placeholders)."""
    return {
        "running": _("Testing… keep this page open (about 20 seconds)."),
        "done": _("Self-test finished: the results are in the checklist below, marked “measured automatically”. "
                  "Check them, correct them if needed, and send the report."),
        "auto": _("measured automatically"),
        "unsupported": _("This browser cannot run the self-test (missing: {what}). Open this page in a recent "
                         "Chrome, Edge, Firefox or Safari, or enter the values by hand."),
        "insecure": _("The camera and microphone only work over HTTPS: open the link printed on the site kit "
                      "(it starts with https://)."),
        "camera_denied": _("Camera access was refused. Tap the camera icon in the address bar (or Settings → "
                           "Site settings → Camera), allow this site, then run the test again."),
        "mic_denied": _("Microphone access was refused. Tap the icon in the address bar (or Settings → Site "
                        "settings → Microphone), allow this site, then run the test again."),
        "camera_missing": _("No camera found: plug one in, or run the test on the point's PC."),
        "mic_missing": _("No microphone found: plug one in, or run the test on the point's PC."),
        "camera_busy": _("The camera is in use by another program (the video-conference software?): close it "
                         "and run the test again."),
        "mic_busy": _("The microphone is in use by another program: close it and run the test again."),
        "camera_dark": _("The picture is too dark: turn the lights on or open the lens cover."),
        "camera_frozen": _("The picture does not move: check the camera's cable or driver."),
        "mic_silent": _("The microphone hears nothing: check that it is switched on and not muted."),
        "speakers_heard": _("the test tone came back through the microphone"),
        "speakers_confirm": _("A test tone was played: say below whether you heard it."),
        "speakers_yes": _("heard (confirmed by the operator)"),
        "speakers_no": _("The operator did not hear the test tone"),
        "speakers_missing": _("No sound output: check the speakers and the volume."),
        "media_udp": _("UDP gets through"),
        "media_blocked": _("Only TCP or relay gets through: UDP is blocked, so video calls will stutter or fail. "
                           "Ask the network administrator to open UDP to the province's server."),
        "media_tcp": _("Only TCP gets through: UDP is blocked."),
        "media_relay": _("Only the relay (TURN) server gets through: UDP is blocked."),
        "media_unavailable": _("The video-call path could not be tested: the media test server does not answer."),
        "network_failed": _("The service does not answer: check the Internet connection and test again."),
        "download_low": _("Download {value} Mbit/s < {limit} Mbit/s"),
        "upload_low": _("Upload {value} Mbit/s < {limit} Mbit/s"),
        "rtt_high": _("Round trip {value} ms > {limit} ms"),
        "jitter_high": _("Jitter {value} ms > {limit} ms"),
        "loss_high": _("Loss {value} % > {limit} %"),
        "clock_off": _("Clock off by {value} ms > {limit} ms: set the device's time automatically"),
        "rtt_word": _("Round trip"),
        "jitter_word": _("Jitter"),
        "stable": _("stable"),
        "unstable": _("unstable"),
    }


@bp.app_template_global()
def selftest_panel(site, token: str | None) -> dict:
    """What the operator page's self-test and bridge details need."""
    kwargs = {"ceremony_id": site.ceremony_id, "site_id": site.id}
    try:
        ice = json.loads(current_app.config.get("SELFTEST_ICE_SERVERS") or "[]")
    except ValueError:
        ice = []
    limits = queries.thresholds(site.ceremony_id)
    limits.pop("updated_at", None)
    return {"bridge": queries.bridge_dict(site), "limits": limits, "ice_servers": ice,
            "media_timeout": float(current_app.config.get("SELFTEST_MEDIA_TIMEOUT", 10)),
            "urls": {name: url_for(f"selftest_api.{endpoint}", **kwargs) for name, endpoint in
                     (("ping", "ping"), ("download", "download"), ("upload", "upload"), ("media", "media_offer"))},
            "steps": STEPS, "messages": _messages()}


@bp.route("/ceremonies/<int:ceremony_id>/selftest/thresholds", methods=["GET", "POST"])
@roles_required("organizer")
def thresholds(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    if request.method == "POST":
        try:
            values = {}
            for field in rules.DEFAULTS:
                raw = request.form.get(field, "").strip().replace(",", ".")
                if raw:
                    try:
                        values[field] = float(raw)
                    except ValueError:
                        raise DomainError(_("%(field)s: “%(value)s” is not a number", field=field, value=raw),
                                          field=field) from None
            operations.save_thresholds(ceremony, values)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Thresholds saved."), "success")
        return redirect(url_for("selftest.thresholds", ceremony_id=ceremony_id))
    return render_template("selftest/thresholds.html", ceremony=ceremony, limits=queries.thresholds(ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/selftest/bridges")
@roles_required("organizer")
def bridges(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    return render_template("selftest/bridges.html", ceremony=ceremony, sites=list_sites(ceremony_id),
                           bridges=queries.bridges(ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/selftest/sites/<int:site_id>/bridge", methods=["GET", "POST"])
@roles_required("organizer")
def bridge(ceremony_id, site_id):
    ceremony = get_ceremony(ceremony_id)
    site = get_site(site_id, ceremony_id)
    if request.method == "POST":
        try:
            operations.save_bridge(site, {k: request.form.get(k, "") for k in operations.BRIDGE_FIELDS})
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Bridge details saved."), "success")
            return redirect(url_for("selftest.bridges", ceremony_id=ceremony_id))
    return render_template("selftest/bridge.html", ceremony=ceremony, site=site, bridge=queries.bridge_dict(site))


@bp.route("/ceremonies/<int:ceremony_id>/selftest/sites/<int:site_id>/trend")
@roles_required()
def trend(ceremony_id, site_id):
    """A point's measured figures across rehearsal, T-120, T-30 and live."""
    ceremony = get_ceremony(ceremony_id)
    site = get_site(site_id, ceremony_id)
    if not user_covers_site(current_user, site):
        abort(403)
    rows = queries.trend(site)
    lines = {name: Markup(queries.sparkline([r[name] for r in rows]))
             for name in ("download_mbps", "upload_mbps", "rtt_ms", "jitter_ms", "media_mos")}
    return render_template("selftest/trend.html", ceremony=ceremony, site=site, rows=rows, lines=lines,
                           limits=queries.thresholds(ceremony_id))
