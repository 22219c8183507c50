"""Pages of the program builder and the exports; the live pages are in ``live_views``."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from ceremony.ceremonies.models import Ceremony
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.nav import ceremony_nav, overview_panel
from ceremony.core.openapi import error_body
from ceremony.core.time import as_utc, local
from ceremony.core.uploads import large_upload
from ceremony.extensions import db
from ceremony.program import exports, operations, queries
from ceremony.program.forms import DuplicateForm, MediaForm, SegmentForm

bp = Blueprint("program", __name__)
ceremony_nav(bp, _l("Program"), "program.builder", order=40, roles=("organizer",))
ceremony_nav(bp, _l("Director"), "program.director", order=41, roles=("organizer",))


def _panel(ceremony) -> dict:
    line = queries.build_timeline(ceremony)
    show = queries.get_show(ceremony.id)
    return {"slots": line.slots, "planned_end": line.planned_end, "show": show,
            "launched": bool(queries.launches(ceremony.id))}


overview_panel(bp, "program/_panel.html", _panel, order=30)


def _segment_form(ceremony, segment=None) -> SegmentForm:
    from ceremony.sites.queries import remote_sites

    form = SegmentForm(obj=segment)
    if segment is not None and request.method == "GET":
        form.kind.data = segment.kind.value
        form.floor_site_id.data = str(segment.floor_site_id or "")
        if segment.fixed_start_at:
            form.fixed_start_at.data = local(segment.fixed_start_at).replace(tzinfo=None)
    sites = remote_sites(ceremony.id)
    form.floor_site_id.choices = [SelectChoice("", "—")] + [SelectChoice(str(s.id), f"{s.name} ({s.code})")
                                                            for s in sites]
    return form


def _form_fields(form: SegmentForm) -> dict:
    fields = {name: getattr(form, name).data for name in (
        "kind", "title", "planned_minutes", "is_fixed_time", "script", "control_cue", "remote_cue",
        "countdown_seconds", "media_url")}
    fields["fixed_start_at"] = as_utc(form.fixed_start_at.data) if form.fixed_start_at.data else None
    fields["floor_site_id"] = int(form.floor_site_id.data) if form.floor_site_id.data else None
    fields["media_url"] = fields["media_url"] or ""
    return fields


def _people_from_request() -> list[dict]:
    people = []
    for delegate_id, role in zip(request.form.getlist("person_delegate"), request.form.getlist("person_role")):
        if delegate_id.strip() or role.strip():
            people.append({"delegate_id": int(delegate_id) if delegate_id.strip().isdigit() else None,
                           "role": role})
    return people


def _stage_candidates(ceremony_id: int):
    from ceremony.delegates.models import Delegate, Person
    from ceremony.sites.models import Site, Tier

    return list(db.session.scalars(
        sa.select(Delegate).join(Site, Delegate.site_id == Site.id).join(Person, Delegate.person_id == Person.id)
        .where(Delegate.ceremony_id == ceremony_id, sa.or_(Site.tier == Tier.province, Delegate.is_vip))
        .order_by(Person.full_name)))


@bp.route("/ceremonies/<int:ceremony_id>/program")
@roles_required("organizer")
def builder(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    others = db.session.scalars(sa.select(Ceremony).where(Ceremony.id != ceremony.id).order_by(Ceremony.starts_at))
    duplicate = DuplicateForm()
    duplicate.source_id.choices = [SelectChoice(c.id, c.title) for c in others]
    return render_template("program/builder.html", ceremony=ceremony, line=queries.build_timeline(ceremony),
                           form=_segment_form(ceremony), duplicate=duplicate, show=queries.get_show(ceremony.id))


@bp.route("/ceremonies/<int:ceremony_id>/program/segments", methods=["POST"])
@roles_required("organizer")
def add_segment(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    form = _segment_form(ceremony)
    if not form.validate_on_submit():
        flash(_("The segment was not added: %(errors)s", errors="; ".join(
            f"{form[k].label.text}: {' '.join(v)}" for k, v in form.errors.items())), "error")
        return redirect(url_for(".builder", ceremony_id=ceremony_id))
    segment = operations.create_segment(ceremony, people=_people_from_request(), **_form_fields(form))
    db.session.commit()
    flash(_("Segment added: %(title)s", title=segment.title), "info")
    return redirect(url_for(".builder", ceremony_id=ceremony_id) + f"#segment-{segment.id}")


@bp.route("/ceremonies/<int:ceremony_id>/program/segments/<int:segment_id>/edit", methods=["GET", "POST"])
@roles_required("organizer")
def edit_segment(ceremony_id, segment_id):
    ceremony = get_ceremony(ceremony_id)
    segment = queries.get_segment(ceremony_id, segment_id)
    form = _segment_form(ceremony, segment)
    if form.validate_on_submit():
        operations.update_segment(segment, people=_people_from_request(), **_form_fields(form))
        db.session.commit()
        flash(_("Segment saved: %(title)s", title=segment.title), "info")
        return redirect(url_for(".builder", ceremony_id=ceremony_id) + f"#segment-{segment.id}")
    return render_template("program/segment_form.html", ceremony=ceremony, segment=segment, form=form,
                           candidates=_stage_candidates(ceremony_id), media=MediaForm()), \
        (422 if request.method == "POST" else 200)


@bp.route("/ceremonies/<int:ceremony_id>/program/segments/<int:segment_id>/delete", methods=["POST"])
@roles_required("organizer")
def delete_segment(ceremony_id, segment_id):
    operations.delete_segment(queries.get_segment(ceremony_id, segment_id))
    db.session.commit()
    flash(_("Segment deleted."), "info")
    return redirect(url_for(".builder", ceremony_id=ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/program/segments/<int:segment_id>/move", methods=["POST"])
@roles_required("organizer")
def move_segment(ceremony_id, segment_id):
    offset = -1 if request.form.get("direction") == "up" else 1
    operations.move_segment(queries.get_segment(ceremony_id, segment_id), offset)
    db.session.commit()
    return redirect(url_for(".builder", ceremony_id=ceremony_id) + f"#segment-{segment_id}")


@bp.route("/ceremonies/<int:ceremony_id>/program/order", methods=["POST"])
@roles_required("organizer")
def reorder(ceremony_id):
    """Drag and drop sends the new order as JSON ``{"segment_ids": [...]}``."""
    ids = (request.get_json(silent=True) or {}).get("segment_ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        return jsonify(error_body(422, "segment_ids: a list of integers", field="segment_ids")), 422
    operations.reorder_segments(get_ceremony(ceremony_id), ids)
    db.session.commit()
    return jsonify({"segment_ids": ids})


@bp.route("/ceremonies/<int:ceremony_id>/program/duplicate", methods=["POST"])
@roles_required("organizer")
def duplicate(ceremony_id):
    target = get_ceremony(ceremony_id)
    form = DuplicateForm()
    form.source_id.choices = []
    if not form.validate_on_submit():
        abort(400)
    copies = operations.duplicate_program(target, get_ceremony(form.source_id.data), replace=form.replace.data)
    db.session.commit()
    flash(_("%(n)s segments copied.", n=len(copies)), "info")
    return redirect(url_for(".builder", ceremony_id=ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/program/segments/<int:segment_id>/media", methods=["POST"])
@roles_required("organizer")
@large_upload
def upload_media(ceremony_id, segment_id):
    segment = queries.get_segment(ceremony_id, segment_id)
    form = MediaForm()
    if not form.validate_on_submit() or not form.media.data:
        flash(_("Choose a file to upload."), "error")
    else:
        operations.attach_media(segment, form.media.data.filename, form.media.data.stream)
        db.session.commit()
        flash(_("Media attached."), "info")
    return redirect(url_for(".edit_segment", ceremony_id=ceremony_id, segment_id=segment_id))


@bp.route("/ceremonies/<int:ceremony_id>/program/segments/<int:segment_id>/media")
@roles_required()
def media(ceremony_id, segment_id):
    segment = queries.get_segment(ceremony_id, segment_id)
    if not segment.media_file:
        abort(404)
    folder = Path(current_app.instance_path) / "program_media" / str(ceremony_id)
    return send_from_directory(folder, segment.media_file)


@bp.route("/ceremonies/<int:ceremony_id>/program/segments/<int:segment_id>/introduction", methods=["POST"])
@roles_required("organizer")
def refresh_introduction(ceremony_id, segment_id):
    """Regenerate the MC's delegate introduction from who has checked in, seconds before it is read."""
    operations.refresh_introduction(queries.get_segment(ceremony_id, segment_id))
    db.session.commit()
    flash(_("Introduction refreshed from the delegates present."), "info")
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):  # only back to a page of this site
        target = url_for(".edit_segment", ceremony_id=ceremony_id, segment_id=segment_id)
    return redirect(target)


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/ceremonies/<int:ceremony_id>/program.pdf")
@roles_required()
def program_pdf(ceremony_id):
    return _download(*exports.program_document(get_ceremony(ceremony_id), "pdf"))


@bp.route("/ceremonies/<int:ceremony_id>/program.ics")
@roles_required()
def program_ics(ceremony_id):
    return _download(*exports.program_document(get_ceremony(ceremony_id), "ics", host=request.host))


@bp.route("/ceremonies/<int:ceremony_id>/program/timing.<any(pdf, xlsx):fmt>")
@roles_required()
def timing_report(ceremony_id, fmt):
    return _download(*exports.timing_report(get_ceremony(ceremony_id), fmt))


from ceremony.program import live_views  # noqa: E402,F401  (the live pages, on the same blueprint)
