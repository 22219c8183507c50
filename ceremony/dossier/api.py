"""JSON API: the ceremony's dossier (state of the latest generation, generate again, download)."""
from __future__ import annotations

import marshmallow as ma
from flask import Response, url_for
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.storage import get_storage
from ceremony.dossier import operations
from ceremony.extensions import db

blp = Blueprint("dossier_api", __name__, description="The ceremony's dossier")
MIME = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FILE_RESPONSE = {"200": {"description": "the dossier", "content": {m: {"schema": {"type": "string", "format": "binary"}}
                                                                   for m in MIME.values()}},
                 "409": {"description": "the dossier has not been generated yet (generateCeremonyDossier)"}}


class DossierSchema(ma.Schema):
    id = ma.fields.Integer(allow_none=True)
    state = ma.fields.Function(lambda j: j.state.value)
    progress = ma.fields.Integer()
    step = ma.fields.String()
    requested_at = ma.fields.AwareDateTime(allow_none=True)
    started_at = ma.fields.AwareDateTime(allow_none=True)
    finished_at = ma.fields.AwareDateTime(allow_none=True)
    error = ma.fields.String()
    pdf_size = ma.fields.Integer()
    xlsx_size = ma.fields.Integer()
    pdf_url = ma.fields.String(allow_none=True)
    xlsx_url = ma.fields.String(allow_none=True)


def describe(job):
    if job is None:
        from types import SimpleNamespace

        return SimpleNamespace(id=None, state=SimpleNamespace(value="none"), progress=0, step="", requested_at=None,
                               started_at=None, finished_at=None, error="", pdf_size=0, xlsx_size=0, pdf_url=None,
                               xlsx_url=None)
    done = job.state.value == "done"
    job.pdf_url = url_for("dossier_api.get_ceremony_dossier_file", ceremony_id=job.ceremony_id, fmt="pdf") if done else None
    job.xlsx_url = url_for("dossier_api.get_ceremony_dossier_file", ceremony_id=job.ceremony_id, fmt="xlsx") if done else None
    return job


@blp.route("/ceremonies/<int:ceremony_id>/dossier")
@blp.response(200, DossierSchema)
@blp.doc(operationId="getCeremonyDossier")
@require_api_roles("organizer", "viewer")
def get_ceremony_dossier(ceremony_id):
    """The latest generation of the dossier: state (none, queued, running, done, failed), progress, links."""
    get_ceremony(ceremony_id)
    return describe(operations.latest(ceremony_id))


@blp.route("/ceremonies/<int:ceremony_id>/dossier", methods=["POST"])
@blp.response(202, DossierSchema)
@blp.doc(operationId="generateCeremonyDossier")
@require_api_roles("organizer")
def generate_ceremony_dossier(ceremony_id):
    """Generate the dossier again (a background job; poll getCeremonyDossier for progress)."""
    job = operations.request_dossier(get_ceremony(ceremony_id), api_user().email)
    db.session.commit()
    operations.start(job)
    db.session.refresh(job)
    return describe(job)


@blp.route("/ceremonies/<int:ceremony_id>/dossier.<any(pdf, xlsx):fmt>")
@blp.alt_response(409, description="no dossier of this ceremony has been generated yet (or it is still being made)")
@blp.doc(operationId="getCeremonyDossierFile", responses=FILE_RESPONSE)
@require_api_roles("organizer", "viewer")
def get_ceremony_dossier_file(ceremony_id, fmt):
    """The latest generated dossier, as PDF or XLSX."""
    return dossier_file(get_ceremony(ceremony_id), fmt)


def dossier_file(ceremony, fmt: str) -> Response:
    job = operations.latest_done(ceremony.id)
    body = get_storage().get(job.pdf_key if fmt == "pdf" else job.xlsx_key)
    name = f"ho-so-{ceremony.slug}.{fmt}"
    return Response(body, mimetype=MIME[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})
