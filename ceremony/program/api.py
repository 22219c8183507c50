"""JSON API of the run-of-show: the program, the live show and the launch button."""
import marshmallow as ma
from flask import request
from flask_smorest import Blueprint
from flask_smorest.fields import Upload

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.errors import InvalidInput
from ceremony.core.openapi import ICALENDAR, PDF, XLSX, download, file_response
from ceremony.core.paging import PageArgs, id_field, paginate
from ceremony.core.uploads import large_upload
from ceremony.extensions import db
from ceremony.program import exports, operations, queries
from ceremony.program.schemas import (ShowActionSchema, FireLaunchArgsSchema, LaunchSchema, SegmentOrderSchema,
                                      SegmentCreateSchema, SegmentPageSchema, SegmentSchema, SegmentUpdateSchema,
                                      ShowStateSchema)

blp = Blueprint("program_api", __name__, description="Run-of-show")


@blp.route("/ceremonies/<int:ceremony_id>/segments")
@blp.arguments(PageArgs, location="query")
@blp.response(200, SegmentPageSchema)
@blp.doc(operationId="listSegments")
@require_api_roles()
def list_segments(args, ceremony_id):
    """The program's segments in order."""
    get_ceremony(ceremony_id)
    return paginate(queries.segments_query(ceremony_id), **args)


@blp.route("/ceremonies/<int:ceremony_id>/segments", methods=["POST"])
@blp.arguments(SegmentCreateSchema)
@blp.response(201, SegmentSchema)
@blp.doc(operationId="createSegment")
@require_api_roles("organizer")
def create_segment(data, ceremony_id):
    """Append a segment to the program."""
    segment = operations.create_segment(get_ceremony(ceremony_id), **data)
    db.session.commit()
    return segment


@blp.route("/ceremonies/<int:ceremony_id>/segments/<int:segment_id>", methods=["PATCH"])
@blp.arguments(SegmentUpdateSchema)
@blp.response(200, SegmentSchema)
@blp.doc(operationId="updateSegment")
@require_api_roles("organizer")
def update_segment(data, ceremony_id, segment_id):
    """Change some fields of a segment; ``people`` replaces who is on stage."""
    segment = operations.update_segment(queries.get_segment(ceremony_id, segment_id), **data)
    db.session.commit()
    return segment


@blp.route("/ceremonies/<int:ceremony_id>/segments/<int:segment_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(operationId="deleteSegment")
@require_api_roles("organizer")
def delete_segment(ceremony_id, segment_id):
    """Remove a segment that has not run."""
    operations.delete_segment(queries.get_segment(ceremony_id, segment_id))
    db.session.commit()


@blp.route("/ceremonies/<int:ceremony_id>/segments/order", methods=["PUT"])
@blp.arguments(SegmentOrderSchema)
@blp.response(200, SegmentSchema(many=True))
@blp.doc(operationId="reorderSegments")
@require_api_roles("organizer")
def reorder_segments(data, ceremony_id):
    """Put the program in the given order (every segment id once)."""
    segments = operations.reorder_segments(get_ceremony(ceremony_id), data["segment_ids"])
    db.session.commit()
    return segments


@blp.route("/ceremonies/<int:ceremony_id>/show")
@blp.response(200, ShowStateSchema)
@blp.doc(operationId="getShowState")
@require_api_roles()
def get_show_state(ceremony_id):
    """The live show: status, current segment and its clock, drift, expected times, floor, launch."""
    return queries.show_state(get_ceremony(ceremony_id))


@blp.route("/ceremonies/<int:ceremony_id>/show", methods=["POST"])
@blp.arguments(ShowActionSchema)
@blp.response(200, ShowStateSchema)
@blp.doc(operationId="advanceShow")
@require_api_roles("organizer")
def advance_show(data, ceremony_id):
    """Drive the show: ``start`` (with ``override`` when readiness is not green), ``next``, ``hold``,
    ``resume``, ``extend`` (``minutes``), ``floor`` (``site_code``, empty to take it back), ``reset``
    (after a rehearsal; ``override`` carries the reason)."""
    ceremony = get_ceremony(ceremony_id)
    apply_action(ceremony, api_user(), data)
    db.session.commit()
    return queries.show_state(ceremony)


def apply_action(ceremony, user, data: dict) -> None:
    """One director action, shared by the API and the director page."""
    action = data["action"]
    if action == "start":
        operations.start_show(ceremony, user, override=data.get("override") or "")
    elif action == "next":
        operations.next_segment(ceremony, user, expected_current_id=data.get("expected_current_id"))
    elif action == "hold":
        operations.hold_show(ceremony, user)
    elif action == "resume":
        operations.resume_show(ceremony, user)
    elif action == "extend":
        if data.get("minutes") is None:
            raise InvalidInput("say by how many minutes", field="minutes")
        operations.extend_segment(ceremony, user, data["minutes"])
    elif action == "reset":
        operations.reset_show(ceremony, user, reason=data.get("override") or "")
    elif action == "floor":
        operations.hand_floor(ceremony, user, _site_id(ceremony, data.get("site_code")))
    else:
        raise InvalidInput(f"unknown action {action!r}", field="action")


def _site_id(ceremony, code):
    if not code:
        return None
    import sqlalchemy as sa

    from ceremony.sites.models import Site

    site_id = db.session.scalar(sa.select(Site.id).where(Site.ceremony_id == ceremony.id, Site.code == code))
    if site_id is None:
        raise InvalidInput(f"no bridge point {code!r} in this ceremony", field="site_code")
    return site_id


@blp.route("/ceremonies/<int:ceremony_id>/show/launch", methods=["POST"])
@blp.arguments(FireLaunchArgsSchema)
@blp.response(201, LaunchSchema)
@blp.alt_response(200, schema=LaunchSchema, description="Already launched: the first launch")
@blp.doc(operationId="fireLaunch")
@require_api_roles("organizer")
def fire_launch(data, ceremony_id):
    """Fire the launch ritual (the button). A second press answers 200 with the first launch."""
    launch, created = operations.fire_launch(get_ceremony(ceremony_id), api_user(), source="api", **data)
    db.session.commit()
    launch.created = created
    return launch, 201 if created else 200


# --- the builder's other actions and the exports: the API twins of the program pages ------------

class ProgramCopyArgs(ma.Schema):
    source_ceremony_id = id_field(required=True, metadata={"description": "the ceremony to copy the program from"})
    replace = ma.fields.Boolean(load_default=False, metadata={
        "description": "replace this ceremony's program when it has one (else 409)"})


class MediaUploadArgs(ma.Schema):
    media = Upload(required=True, metadata={"description": "the video, picture or sound the segment plays"})


@blp.route("/ceremonies/<int:ceremony_id>/segments/copy", methods=["POST"])
@blp.arguments(ProgramCopyArgs)
@blp.response(201, SegmentSchema(many=True))
@blp.alt_response(409, description="this ceremony already has a program and `replace` is false")
@blp.doc(operationId="copyProgram")
@require_api_roles("organizer")
def copy_program(data, ceremony_id):
    """Copy every segment of another ceremony (people stay linked when invited here too; fixed
    times move with the start)."""
    target = get_ceremony(ceremony_id)
    copies = operations.duplicate_program(target, get_ceremony(data["source_ceremony_id"]), replace=data["replace"])
    db.session.commit()
    return copies


@blp.route("/ceremonies/<int:ceremony_id>/segments/<int:segment_id>/media", methods=["PUT"])
@large_upload
@blp.arguments(MediaUploadArgs, location="files")
@blp.response(200, SegmentSchema)
@blp.doc(operationId="uploadSegmentMedia")
@require_api_roles("organizer")
def upload_segment_media(files, ceremony_id, segment_id):
    """Attach a media file to a segment (replacing the one it had)."""
    segment = queries.get_segment(ceremony_id, segment_id)
    operations.attach_media(segment, files["media"].filename, files["media"].stream)
    db.session.commit()
    return segment


@blp.route("/ceremonies/<int:ceremony_id>/segments/<int:segment_id>/introduction", methods=["POST"])
@blp.response(200, SegmentSchema)
@blp.doc(operationId="refreshIntroduction")
@require_api_roles("organizer")
def refresh_introduction(ceremony_id, segment_id):
    """Regenerate the MC's delegate introduction (the segment's script) from who is present now."""
    segment = queries.get_segment(ceremony_id, segment_id)
    operations.refresh_introduction(segment)
    db.session.commit()
    return segment


@blp.route("/ceremonies/<int:ceremony_id>/program.pdf")
@blp.doc(operationId="getProgramPdf", responses=file_response(PDF, description="the run-of-show (kịch bản)"))
@require_api_roles()
def get_program_pdf(ceremony_id):
    """The program with planned times, cues and scripts as PDF."""
    ceremony = get_ceremony(ceremony_id)
    return download(*exports.program_document(ceremony, "pdf"))


@blp.route("/ceremonies/<int:ceremony_id>/program.ics")
@blp.doc(operationId="getProgramIcs", responses=file_response(ICALENDAR, description="one event per segment"))
@require_api_roles()
def get_program_ics(ceremony_id):
    """The program as an iCalendar file."""
    ceremony = get_ceremony(ceremony_id)
    return download(*exports.program_document(ceremony, "ics", host=request.host))


@blp.route("/ceremonies/<int:ceremony_id>/timing.pdf")
@blp.doc(operationId="getTimingReportPdf", responses=file_response(PDF, description="planned against actual times"))
@require_api_roles()
def get_timing_report_pdf(ceremony_id):
    """Planned against actual times of every segment, and the show log, as PDF."""
    return download(*exports.timing_report(get_ceremony(ceremony_id), "pdf"))


@blp.route("/ceremonies/<int:ceremony_id>/timing.xlsx")
@blp.doc(operationId="getTimingReportXlsx", responses=file_response(XLSX, description="planned against actual times"))
@require_api_roles()
def get_timing_report_xlsx(ceremony_id):
    """Planned against actual times of every segment as a spreadsheet."""
    return download(*exports.timing_report(get_ceremony(ceremony_id), "xlsx"))
