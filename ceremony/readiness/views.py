"""Pages: the control-room board (live), a point's history, the operator form, checklist, kits, reports."""
from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required, user_covers_site
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav, overview_panel
from ceremony.core.paging import paginate
from ceremony.core.time import now
from ceremony.extensions import db
from ceremony.live.sse import sse_response
from ceremony.readiness import operations, queries, reports, tokens
from ceremony.readiness.access import visible_site_ids
from ceremony.readiness.models import ItemKind
from ceremony.sites.queries import get_site, list_sites

bp = Blueprint("readiness", __name__)
ceremony_nav(bp, _l("Readiness"), "readiness.board", order=40)


def _panel(ceremony) -> dict:
    phase = queries.current_phase(ceremony.id)
    counts = queries.board(ceremony.id, phase)["counts"]["total"] if phase else None  # the shared snapshot
    return {"phase": phase, "counts": counts}


overview_panel(bp, "readiness/_panel.html", _panel, order=40)
STATUS_LABELS = {"ready": _l("Ready"), "problem": _l("Problem"), "not_reported": _l("Not reported"),
                 "offline": _l("Offline")}
TIER_LABELS = {"nation": _l("National point"), "province": _l("Provincial point"), "district": _l("District points"),
               "commune": _l("Commune points")}


@bp.app_template_filter("readiness_time")
def readiness_time(iso: str | None, fmt: str = "HH:mm") -> str:
    """An ISO instant of the board data, in Vietnam time."""
    from datetime import datetime

    from flask_babel import format_datetime

    from ceremony.core.time import local

    return format_datetime(local(datetime.fromisoformat(iso)), fmt) if iso else ""


def _labels() -> dict[str, str]:
    return {key: str(label) for key, label in STATUS_LABELS.items()}


def _phase(ceremony_id: int):
    key = request.args.get("phase")
    return queries.get_phase(ceremony_id, key) if key else queries.current_phase(ceremony_id)


def _covered_site(ceremony_id: int, site_id: int):
    site = get_site(site_id, ceremony_id)
    if not user_covers_site(current_user, site):
        abort(403)
    return site


@bp.route("/ceremonies/<int:ceremony_id>/readiness")
@roles_required()
def board(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    phase = _phase(ceremony_id)
    data = queries.board(ceremony_id, phase, visible=visible_site_ids(lambda: list_sites(ceremony_id)),
                         parent=request.args.get("parent") or None)
    return render_template("readiness/board.html", ceremony=ceremony, phase=phase, board=data,
                           phases=queries.phases(ceremony_id), status_labels=_labels(), tier_labels=TIER_LABELS,
                           parent=request.args.get("parent") or None)


@bp.route("/ceremonies/<int:ceremony_id>/readiness/stream")
@roles_required()
def stream(ceremony_id):
    """Server-sent events of the board: the level on screen first (from the ceremony's shared snapshot,
    built once for every connection), then each change as a delta: the point, and the counts of the
    point and every unit above it (``ancestors``) from the shared snapshot."""
    from ceremony.readiness import snapshot as shared

    get_ceremony(ceremony_id)
    visible = visible_site_ids(lambda: list_sites(ceremony_id))
    parent = request.args.get("parent") or None

    def snapshot():
        return [("snapshot", queries.board(ceremony_id, _phase(ceremony_id), visible=visible, parent=parent))]

    def own_points(message) -> bool:  # an operator hears only the points they answer for
        return visible is None or message.event != "point" or message.data.get("site_id") in visible

    def delta(message):
        """Apply the change to the shared snapshot (once for all connections) and add the new counts."""
        data = message.data
        board = shared.shared(ceremony_id, data.get("phase") if message.event == "point" else None)
        for held in shared.held(ceremony_id):
            held.apply(message.event, data)
        if message.event != "point" or visible is not None or board is None:
            return data
        if board.stale:  # a message was missed: rebuild the shared snapshot (once), then read it
            try:
                board = shared.get(ceremony_id, queries.get_phase(ceremony_id, data["phase"]))
            finally:
                db.session.remove()  # a stream lives long and must not hold a pooled connection
        return {**data, "ancestors": board.delta(data["site_id"])}

    return sse_response([queries.topic(ceremony_id)], initial=snapshot, accept=own_points, transform=delta)


@bp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>")
@roles_required()
def history(ceremony_id, site_id):
    ceremony = get_ceremony(ceremony_id)
    site = _covered_site(ceremony_id, site_id)
    page = paginate(queries.history_query(site.id), max(request.args.get("page", 1, type=int), 1), 50)
    link = None
    if current_user.has_role("organizer"):
        link = operations.operator_link(site)
        db.session.commit()
    return render_template("readiness/history.html", ceremony=ceremony, site=site, page=page, link=link,
                           flags=queries.site_flags(site.id),
                           phases={p.id: p for p in queries.phases(ceremony_id)}, status_labels=STATUS_LABELS)


@bp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>/revoke", methods=["POST"])
@roles_required("organizer")
def revoke(ceremony_id, site_id):
    operations.rotate_operator_link(get_site(site_id, ceremony_id))
    db.session.commit()
    flash(_("The old operator link no longer works; print the new site kit."), "info")
    return redirect(url_for("readiness.history", ceremony_id=ceremony_id, site_id=site_id))


def _operator_page(site, *, token: str | None, reporter: str):
    ceremony = get_ceremony(site.ceremony_id)
    items = queries.checklist(ceremony.id)
    if request.method == "POST":
        answers = [{"item": i.key, "state": request.form.get(f"state_{i.key}", "unchecked"),
                    "note": request.form.get(f"note_{i.key}", "")} for i in items if i.kind is not ItemKind.note]
        try:
            bandwidth = request.form.get("bandwidth_mbps", type=float)
            headcount = request.form.get("headcount", type=int)
            operations.record_checkin(site, idempotency_key=request.form.get("idempotency_key", ""),
                                      answers=answers, bandwidth_mbps=bandwidth, headcount=headcount,
                                      note=request.form.get("note", ""), reported_by=reporter)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Report received."), "success")
        return redirect(request.url)
    # The window a report sent now counts for (between windows: the next one), so the status shown
    # is the one the operator's report changes; after the last window, the last one.
    phase = queries.phase_for_report(ceremony.id, now()) or queries.current_phase(ceremony.id)
    state = queries.point_states(ceremony.id, phase, site_ids=[site.id])[site.id]
    return render_template("readiness/operator.html", ceremony=ceremony, site=site, items=items, token=token,
                           phase=phase, state=state, idempotency_key=uuid.uuid4().hex,
                           windows=queries.window_status(ceremony.id),
                           phases=queries.phases(ceremony.id), status_labels=_labels())


@bp.route("/r/<token>", methods=["GET", "POST"])
def operator_link(token):
    """The operator page opened from the site kit's QR code: no password, this point only."""
    row = tokens.site_token_row(token)
    return _operator_page(row.site, token=token, reporter=f"token:{row.site.code}")


@bp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>/report", methods=["GET", "POST"])
@roles_required("organizer", "operator")
def operator_account(ceremony_id, site_id):
    site = _covered_site(ceremony_id, site_id)
    return _operator_page(site, token=None, reporter=current_user.email)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/ceremonies/<int:ceremony_id>/readiness/kits.pdf")
@bp.route("/ceremonies/<int:ceremony_id>/readiness/sites/<int:site_id>/kit.pdf")
@roles_required("organizer")
def site_kits(ceremony_id, site_id=None):
    """One page per point: name, code, schedule, district contact and the operator link as a QR code."""
    ceremony = get_ceremony(ceremony_id)
    body, name = operations.site_kits(ceremony, get_site(site_id, ceremony_id) if site_id else None)
    db.session.commit()
    return _download(body, "application/pdf", name)


@bp.route("/ceremonies/<int:ceremony_id>/readiness/report/<phase_key>.<any(pdf, xlsx):fmt>")
@roles_required("organizer", "viewer")
def phase_report(ceremony_id, phase_key, fmt):
    """Who was ready when, who never reported, for one window."""
    ceremony = get_ceremony(ceremony_id)
    return _download(*reports.phase_report(ceremony, queries.get_phase(ceremony_id, phase_key), fmt))


from ceremony.readiness import setup_views  # noqa: E402,F401  (the windows and checklist editor)
