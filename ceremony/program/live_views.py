"""Live pages of the show: director, stage manager, projector, the bridge points' cue strip, the log.

Every page listens to one SSE stream per ceremony (``program:<id>``): ``changed`` makes it fetch
``/state``; ``launch`` carries the instant every screen switches to the launch view.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.errors import DomainError
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.live.sse import sse_response
from ceremony.program import operations, queries
from ceremony.program.api import apply_action
from ceremony.program.models import SegmentKind
from ceremony.program.views import bp


@bp.route("/ceremonies/<int:ceremony_id>/program/director")
@roles_required("organizer")
def director(ceremony_id):
    from ceremony.sites.queries import remote_site_groups

    ceremony = get_ceremony(ceremony_id)
    return render_template("program/director.html", ceremony=ceremony, line=queries.build_timeline(ceremony),
                           show=queries.get_show(ceremony.id), readiness=queries.readiness_check(ceremony),
                           site_groups=remote_site_groups(ceremony.id), events=queries.show_log(ceremony.id)[-15:])


@bp.route("/ceremonies/<int:ceremony_id>/program/director", methods=["POST"])
@roles_required("organizer")
def director_action(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    form = request.form
    data = {"action": form.get("action", ""), "override": form.get("override", ""),
            "site_code": form.get("site_code") or None,
            "minutes": int(form["minutes"]) if form.get("minutes", "").lstrip("-").isdigit() else None,
            "expected_current_id": int(form["current_id"]) if form.get("current_id", "").isdigit() else None}
    try:
        if data["action"] == "launch":
            _launch, created = operations.fire_launch(ceremony, current_user, source="web")
            if not created:
                flash(_("Already launched."), "info")
        else:
            apply_action(ceremony, current_user, data)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".director", ceremony_id=ceremony_id)), 303
    db.session.commit()
    return redirect(url_for(".director", ceremony_id=ceremony_id), 303)


@bp.route("/ceremonies/<int:ceremony_id>/program/stage")
@roles_required("organizer", "viewer")
def stage(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    return render_template("program/stage.html", ceremony=ceremony, segments=queries.list_segments(ceremony.id))


@bp.route("/ceremonies/<int:ceremony_id>/program/projector")
@roles_required()
def projector(ceremony_id):
    return render_template("program/projector.html", ceremony=get_ceremony(ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/program/cue-strip")
@roles_required()
def cue_strip(ceremony_id):
    """The strip a bridge point's operator page embeds: ``?site=<code>`` (``&embed=1`` without the frame)."""
    from ceremony.sites.models import Site

    ceremony = get_ceremony(ceremony_id)
    code = request.args.get("site", "")
    site = db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.code == code))
    if site is None:
        abort(404)
    if not user_covers_site(current_user, site):
        abort(403)
    return render_template("program/cue_strip.html", ceremony=ceremony, site=site, token=None,
                           embed=request.args.get("embed") == "1")


# The same strip for a bridge point reached by its operator link (no password): read-only, the
# point's own ceremony only. The readiness operator page embeds it.
def _token_site(token: str):
    from ceremony.readiness.tokens import site_token_row

    return site_token_row(token).site


@bp.route("/r/<token>/program/cue-strip")
def site_cue_strip(token):
    site = _token_site(token)
    return render_template("program/cue_strip.html", ceremony=get_ceremony(site.ceremony_id), site=site,
                           token=token, embed=request.args.get("embed") == "1")


@bp.route("/r/<token>/program/state")
def site_state(token):
    return jsonify(queries.show_state(get_ceremony(_token_site(token).ceremony_id)))


@bp.route("/r/<token>/program/time")
def site_time(token):
    _token_site(token)
    return jsonify({"server_ms": int(now().timestamp() * 1000)})


@bp.route("/r/<token>/program/stream")
def site_stream(token):
    ceremony_id = _token_site(token).ceremony_id
    return sse_response([queries.topic(ceremony_id)],
                        initial=lambda: [("state", queries.show_state(get_ceremony(ceremony_id)))])


@bp.route("/ceremonies/<int:ceremony_id>/program/log")
@roles_required("organizer", "viewer")
def show_log(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    return render_template("program/log.html", ceremony=ceremony, events=queries.show_log(ceremony.id),
                           line=queries.build_timeline(ceremony), launches=queries.launches(ceremony.id))


@bp.route("/ceremonies/<int:ceremony_id>/program/state")
@roles_required()
def state(ceremony_id):
    return jsonify(queries.show_state(get_ceremony(ceremony_id)))


@bp.route("/ceremonies/<int:ceremony_id>/program/time")
@roles_required()
def server_time(ceremony_id):
    """The server's clock in ms, for clients to measure their offset (NTP-style, min round trip)."""
    return jsonify({"server_ms": int(now().timestamp() * 1000)})


@bp.route("/ceremonies/<int:ceremony_id>/program/stream")
@roles_required()
def stream(ceremony_id):
    get_ceremony(ceremony_id)
    return sse_response([queries.topic(ceremony_id)],
                        initial=lambda: [("state", queries.show_state(get_ceremony(ceremony_id)))])


@bp.app_template_global()
def program_action(action: str) -> str:
    """A log action in words, in the current language."""
    labels = {"start": _("Start"), "next": _("Next segment"), "hold": _("Hold"), "resume": _("Resume"),
              "extend": _("Extend"), "floor": _("Hand the floor"), "launch": _("Launch"),
              "finish": _("Finished"), "reset": _("Reset the show")}
    return labels.get(action, action)


@bp.app_template_global()
def program_detail(event) -> str:
    """A log event's detail in the current language ("+5 phút", "nguồn: trang web")."""
    return queries.event_detail(event)


@bp.app_template_global()
def program_kinds() -> dict:
    """The segment kinds' labels in the current language (for templates and show.js)."""
    from ceremony.program.forms import KIND_LABELS

    return {kind.value: str(KIND_LABELS[kind.value]) for kind in SegmentKind}
