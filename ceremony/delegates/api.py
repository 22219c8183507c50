"""JSON API: delegate lists (import, list)."""
import marshmallow as ma
from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.errors import InvalidInput
from ceremony.core.openapi import XLSX, download, file_response
from ceremony.core.uploads import list_upload
from ceremony.delegates import jobs, queries
from ceremony.delegates.exporting import delegates_xlsx
from ceremony.delegates.importing import read_table, table_from_json
from ceremony.delegates.operations import import_delegates as run_import
from ceremony.delegates.schemas import (DelegateImportJsonSchema, DelegateImportQueryArgs, DelegateImportResultSchema,
                                        DelegateJobArgs, DelegateJobSchema, DelegateListArgs, DelegatePageSchema)
from ceremony.extensions import db
from ceremony.sites.models import Tier

blp = Blueprint("delegates_api", __name__, description="Delegates")

IMPORT_BODY = {
    "content": {
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary", "description": "a .csv (UTF-8) or .xlsx list"}}}},
        "application/json": {"schema": DelegateImportJsonSchema},
    },
}


def _upload():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput("send the list as the multipart field 'file'", field="file")
    return upload.filename, upload.read()


def job_payload(job, **paging) -> dict:
    body = jobs.describe(job, **paging)
    body["url"] = url_for("delegates_api.get_delegate_job", ceremony_id=job.ceremony_id, job_id=job.id)
    return body


def job_accepted(job):
    """HTTP 202 with the job (from a view whose main answer has another schema)."""
    response = jsonify(DelegateJobSchema().dump(job_payload(db.session.get(jobs.DelegateJob, job.id))))
    response.status_code = 202
    return response


def _table_from_request():
    if request.files:
        filename, data = _upload()
        return read_table(filename, data), False, None
    body = request.get_json(silent=True)
    if body is None:
        raise InvalidInput("send a multipart 'file' or a JSON body {\"rows\": [...]}", field="rows")
    try:
        data = DelegateImportJsonSchema().load(body)
    except ma.ValidationError as error:
        field = next(iter(error.messages), "rows")
        raise InvalidInput(f"invalid input: {field}: {error.messages[field]}", field=field) from None
    return table_from_json(data["rows"]), data["dry_run"], data.get("site")


@blp.route("/ceremonies/<int:ceremony_id>/delegates/import", methods=["POST"])
@list_upload
@blp.arguments(DelegateImportQueryArgs, location="query")
@blp.response(201, DelegateImportResultSchema)
@blp.alt_response(200, schema=DelegateImportResultSchema, description="dry run: checked, nothing written")
@blp.alt_response(202, schema=DelegateJobSchema, description="a big file (or `background`): staged and imported "
                  "by a job; follow it with getDelegateJob (its `url`)")
@blp.alt_response(409, description="another import or invitation issue of this ceremony is running")
@blp.alt_response(422, description="bad rows: nothing written; `errors` lists every bad row (row, field, reason)")
@blp.doc(operationId="importDelegates", requestBody=IMPORT_BODY)
@require_api_roles("organizer")
def import_delegates(args, ceremony_id):
    """Import a delegate list (CSV, XLSX or JSON rows): all rows or none; every bad row is reported
    with the file's own row number. ``site`` puts every row at one point (an office's list); the
    answer says which column was taken for which field.

    A file of more than 2,000 rows (or any file with ``background``) is staged and imported by a job
    (up to 400,000 rows): the answer is 202 with the job, whose progress, bad rows and result
    ``getDelegateJob`` reports; the job is all or nothing too."""
    ceremony = get_ceremony(ceremony_id)
    if request.files:
        filename, data = _upload()
        rows = jobs.estimate_rows(filename, data)
        jobs.refuse_on_sqlite(rows)
        if args["background"] or rows > jobs.setting("IMPORT_SYNC_MAX_ROWS"):
            site = queries.site_for(ceremony.id, args.get("site"))
            job = jobs.queue_import(ceremony.id, filename, data, site=site, dry_run=args["dry_run"],
                                    requested_by=api_user().email)
            db.session.commit()
            jobs.start(job)
            return job_accepted(job)
        table, body_dry_run, body_site = read_table(filename, data), False, None
    else:
        table, body_dry_run, body_site = _table_from_request()
    dry_run = args["dry_run"] or body_dry_run
    site = queries.site_for(ceremony.id, args.get("site") or body_site)
    result = run_import(ceremony.id, table, dry_run=dry_run, site=site)
    if not dry_run:
        db.session.commit()
    body = {"dry_run": dry_run, "rows": len(result.rows), "created": len(result.created),
            "delegate_ids": [d.id for d in result.created], "ignored_columns": result.ignored_columns,
            "skipped_columns": table.skipped_columns, "header_row": table.header_row if table.columns is not None else None,
            "columns": table.columns, "site": {"id": site.id, "code": site.code, "name": site.name} if site else None}
    return body, 200 if dry_run else 201


@blp.route("/ceremonies/<int:ceremony_id>/delegates/jobs/<int:job_id>")
@blp.arguments(DelegateJobArgs, location="query")
@blp.response(200, DelegateJobSchema)
@blp.doc(operationId="getDelegateJob")
@require_api_roles("organizer")
def get_delegate_job(args, ceremony_id, job_id):
    """A job of importDelegates or issueInvitations (``background``): status, rows done of rows total,
    every bad row (paged by ``errors_offset``/``errors_limit``), timings. The import page polls it."""
    ceremony = get_ceremony(ceremony_id)
    return job_payload(jobs.get_job(ceremony.id, job_id), errors_offset=args["errors_offset"],
                       errors_limit=args["errors_limit"])


@blp.route("/ceremonies/<int:ceremony_id>/delegates/jobs/<int:job_id>/confirm", methods=["POST"])
@blp.response(202, DelegateJobSchema)
@blp.alt_response(409, description="the job is not waiting for a confirmation, or another job is running")
@blp.doc(operationId="confirmDelegateJob")
@require_api_roles("organizer")
def confirm_delegate_job(ceremony_id, job_id):
    """Go on with an import checked and waiting for a confirmation (the import page's preview of a big
    file): its rows are checked again, then moved in."""
    ceremony = get_ceremony(ceremony_id)
    job = jobs.confirm(jobs.get_job(ceremony.id, job_id))
    db.session.commit()
    jobs.start(job)
    return job_payload(db.session.get(jobs.DelegateJob, job.id))


@blp.route("/ceremonies/<int:ceremony_id>/delegates")
@blp.arguments(DelegateListArgs, location="query")
@blp.response(200, DelegatePageSchema)
@blp.doc(operationId="listDelegates")
@require_api_roles()
def list_delegates(args, ceremony_id):
    """A ceremony's delegates in Vietnamese name order, one page at a time (``page``, ``per_page`` up to
    500; ``total`` counts the whole filtered list); filter by site, tier, category, vip, q. Keyset
    paging: pass the answer's ``next`` as ``after`` for the following page (name order)."""
    ceremony = get_ceremony(ceremony_id)
    site = queries.site_for(ceremony.id, args.get("site"))
    f = queries.DelegateFilter(ceremony.id, site_id=site.id if site else None, tier=args.get("tier"),
                               category=args.get("category"), is_vip=args.get("vip"), search=args["q"],
                               site_ids=queries.scope_site_ids(api_user(), ceremony.id))
    if args.get("after") is not None and args["page"] != 1:
        raise InvalidInput(_("Page either by 'page' or by 'after', not both."), field="after")
    return queries.page_delegates(f, order=args["order"], page=args["page"], per_page=args["per_page"],
                                  after=args.get("after"))


class DelegateExportArgs(ma.Schema):
    site = ma.fields.String(metadata={"description": "bridge point code (or id)"})
    tier = ma.fields.Enum(Tier, by_value=True)
    category = ma.fields.String(metadata={"description": "composition category code"})
    vip = ma.fields.Boolean()
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))


@blp.route("/ceremonies/<int:ceremony_id>/delegates/export.xlsx")
@blp.arguments(DelegateExportArgs, location="query")
@blp.doc(operationId="exportDelegates", responses=file_response(
    XLSX, description="the delegates of the filter by point, then name; the columns the import reads"))
@require_api_roles("organizer", "operator", "viewer")
def export_delegates(args, ceremony_id):
    """The delegate list (filtered like ``listDelegates``) as a spreadsheet; no cell is a formula."""
    ceremony = get_ceremony(ceremony_id)
    site = queries.site_for(ceremony.id, args.get("site"))
    f = queries.DelegateFilter(ceremony.id, site_id=site.id if site else None, tier=args.get("tier"),
                               category=args.get("category"), is_vip=args.get("vip"), search=args["q"],
                               site_ids=queries.scope_site_ids(api_user(), ceremony.id))
    return download(delegates_xlsx(queries.list_delegates(f, order="site")), XLSX, f"dai-bieu-{ceremony.slug}.xlsx")


from ceremony.delegates import categories_api  # noqa: E402,F401  (composition categories)
