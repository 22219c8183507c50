"""JSON API: delegate lists (import, list)."""
import marshmallow as ma
from flask import request
from flask_smorest import Blueprint

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import api_user, require_api_roles
from ceremony.core.errors import InvalidInput
from ceremony.delegates import queries
from ceremony.delegates.importing import read_table, table_from_json
from ceremony.delegates.operations import import_delegates as run_import
from ceremony.delegates.schemas import (DelegateListArgs, DelegatePageSchema, DelegateImportJsonSchema, DelegateImportQueryArgs,
                                        DelegateImportResultSchema)
from ceremony.extensions import db

blp = Blueprint("delegates_api", __name__, description="Delegates")

IMPORT_BODY = {
    "content": {
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary", "description": "a .csv (UTF-8) or .xlsx list"}}}},
        "application/json": {"schema": DelegateImportJsonSchema},
    },
}


def _table_from_request():
    if request.files:
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise InvalidInput("send the list as the multipart field 'file'", field="file")
        return read_table(upload.filename, upload.read()), False
    body = request.get_json(silent=True)
    if body is None:
        raise InvalidInput("send a multipart 'file' or a JSON body {\"rows\": [...]}", field="rows")
    try:
        data = DelegateImportJsonSchema().load(body)
    except ma.ValidationError as error:
        field = next(iter(error.messages), "rows")
        raise InvalidInput(f"invalid input: {field}: {error.messages[field]}", field=field) from None
    return table_from_json(data["rows"]), data["dry_run"]


@blp.route("/ceremonies/<int:ceremony_id>/delegates/import", methods=["POST"])
@blp.arguments(DelegateImportQueryArgs, location="query")
@blp.response(201, DelegateImportResultSchema)
@blp.alt_response(200, schema=DelegateImportResultSchema, description="dry run: checked, nothing written")
@blp.alt_response(422, description="bad rows: nothing written; `errors` lists every bad row (row, field, reason)")
@blp.doc(operationId="importDelegates", requestBody=IMPORT_BODY)
@require_api_roles("organizer")
def import_delegates(args, ceremony_id):
    """Import a delegate list (CSV, XLSX or JSON rows): all rows or none; every bad row is reported."""
    ceremony = get_ceremony(ceremony_id)
    table, body_dry_run = _table_from_request()
    dry_run = args["dry_run"] or body_dry_run
    result = run_import(ceremony.id, table, dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    body = {"dry_run": dry_run, "rows": len(result.rows), "created": len(result.created),
            "delegate_ids": [d.id for d in result.created], "ignored_columns": result.ignored_columns}
    return body, 200 if dry_run else 201


@blp.route("/ceremonies/<int:ceremony_id>/delegates")
@blp.arguments(DelegateListArgs, location="query")
@blp.response(200, DelegatePageSchema)
@blp.doc(operationId="listDelegates")
@require_api_roles()
def list_delegates(args, ceremony_id):
    """A ceremony's delegates in Vietnamese name order; filter by site, tier, category, vip, q."""
    ceremony = get_ceremony(ceremony_id)
    site = queries.site_for(ceremony.id, args.get("site"))
    f = queries.DelegateFilter(ceremony.id, site_id=site.id if site else None, tier=args.get("tier"),
                               category=args.get("category"), is_vip=args.get("vip"), search=args["q"],
                               site_ids=queries.scope_site_ids(api_user(), ceremony.id))
    return queries.page_of(queries.list_delegates(f, order=args["order"]), args["page"], args["per_page"])


from ceremony.delegates import categories_api  # noqa: E402,F401  (composition categories)
