"""The API's one error body and the OpenAPI document around it.

Every error the JSON API answers has the shape of ``ErrorSchema``: ``code`` (the HTTP status),
``status`` (its phrase), ``message``, optionally ``field`` (the input at fault) and ``errors`` (a list
of problems, each naming its ``field`` and ``reason``, and the ``row`` of an import). ``error_body``
builds it for every path that answers an error (``core.web``), so the document cannot drift from the
answers.

The error responses of each operation are not written by hand: ``ErrorResponsesPlugin`` adds them to
every operation when its path is registered, from what the operation is (see ``error_statuses``), so an
operation another domain adds tomorrow documents its 401/403/404/409/413/422 without doing anything.
An operation that can answer another status says so with ``@blp.alt_response(status, ...)`` or
``@blp.doc(responses=...)``; the plugin never overwrites what an operation declares.
"""
from __future__ import annotations

import http

import marshmallow as ma
from apispec import BasePlugin
from flask_smorest import Api

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICALENDAR = "text/calendar"
LOCATIONS = ("json", "query", "path", "form", "files", "headers", "body")


class ErrorDetailSchema(ma.Schema):
    """One problem: an input field (of a row of an import) and why it was refused."""

    class Meta:
        unknown = ma.INCLUDE  # a problem may carry more context than the keys named here

    field = ma.fields.String(required=True, metadata={"description": "the field (or column) at fault",
                                                      "example": "phone"})
    reason = ma.fields.String(required=True, metadata={"description": "why, in English",
                                                       "example": "not a Vietnamese phone number: '12'"})
    row = ma.fields.Integer(metadata={"description": "line of the file or index of the JSON row (imports)",
                                      "example": 4})
    location = ma.fields.String(validate=ma.validate.OneOf(LOCATIONS),
                                metadata={"description": "where the field was sent (validation errors)"})
    code = ma.fields.String(metadata={"description": "a stable code of the problem (imports)", "example": "bad_phone"})
    params = ma.fields.Dict(metadata={"description": "the values the reason was built from"})
    delegate_id = ma.fields.Integer(metadata={"description": "the delegate concerned"})
    serial = ma.fields.Integer(metadata={"description": "the invitation serial concerned"})
    full_name = ma.fields.String(metadata={"description": "the delegate concerned, by name"})
    characters = ma.fields.List(ma.fields.String(), metadata={"description": "characters the font cannot draw"})


class ErrorSchema(ma.Schema):
    """Every error answer of the API."""

    class Meta:
        unknown = ma.RAISE

    code = ma.fields.Integer(required=True, metadata={"description": "the HTTP status", "example": 422})
    status = ma.fields.String(required=True, metadata={"description": "the HTTP status phrase",
                                                       "example": "Unprocessable Entity"})
    message = ma.fields.String(required=True, metadata={
        "description": "what went wrong, naming the field, row or token at fault",
        "example": "3 bad row(s): nothing imported"})
    field = ma.fields.String(metadata={"description": "the input at fault (the first one)", "example": "rows"})
    errors = ma.fields.List(ma.fields.Nested(ErrorDetailSchema),
                            metadata={"description": "every problem found (all rows of an import at once)"})


# -- building error bodies ------------------------------------------------------------------------

def error_body(status: int, message: str, *, field: str | None = None, errors: list | None = None) -> dict:
    """The one error body: ``{code, status, message[, field][, errors]}``."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    body: dict = {"code": status, "status": phrase, "message": message}
    if field:
        body["field"] = field
    if errors:
        body["errors"] = [_detail(item, field) for item in errors]
    return body


def _detail(item, field: str | None) -> dict:
    """A problem with at least ``field`` and ``reason`` (domains give ``reason``; older ones ``message``)."""
    if not isinstance(item, dict):
        return {"field": field or "", "reason": str(item)}
    detail = dict(item)
    detail.setdefault("field", field or "")
    if "reason" not in detail:
        detail["reason"] = str(detail.pop("message", ""))
    return detail


def validation_details(messages) -> list[dict]:
    """webargs' nested messages (``{"json": {"answers": {"0": {"state": ["..."]}}}}``) as a flat list."""
    details: list[dict] = []

    def walk(value, path: list[str], location: str | None):
        if isinstance(value, dict):
            for key, inner in value.items():
                if location is None and key in LOCATIONS:
                    walk(inner, path, key)
                else:
                    walk(inner, path + ([] if key == "_schema" else [str(key)]), location)
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
            for text in value:
                details.append(_located({"field": ".".join(path), "reason": text}, location))
        elif isinstance(value, (list, tuple)):
            for inner in value:
                walk(inner, path, location)
        else:
            details.append(_located({"field": ".".join(path), "reason": str(value)}, location))

    walk(messages, [], None)
    return details


def _located(detail: dict, location: str | None) -> dict:
    if location:
        detail["location"] = location
    return detail


# -- the document ----------------------------------------------------------------------------------

DESCRIPTIONS = {
    400: "The request cannot be read (a body that is not JSON, a form that is not multipart)",
    401: "No bearer token, or one that is unknown, revoked or expired (or an invalid operator link)",
    403: "The caller's role, token scope or site scope does not allow this",
    404: "No such ceremony, or no such item in this ceremony",
    409: "The state does not allow it now (e.g. the show is not running), or another request changed "
         "the same thing at the same moment: reload and try again",
    413: "The upload is larger than the server accepts",
    422: "Invalid input: `field` and `errors` name every field (and row) at fault; nothing was changed",
}
EXAMPLES = {
    401: error_body(401, "authentication required: send 'Authorization: Bearer <token>'"),
    403: error_body(403, "role viewer may not do this"),
    404: error_body(404, "no ceremony 99"),
    409: error_body(409, "the show is not running", field="action"),
    413: error_body(413, "the upload is larger than 64 MiB"),
    422: error_body(422, "2 bad row(s): nothing imported", field="rows", errors=[
        {"row": 2, "field": "phone", "reason": "not a Vietnamese phone number: '12'", "code": "bad_phone"},
        {"row": 5, "field": "site_code", "reason": "no bridge point with code '99999' in this ceremony",
         "code": "unknown_site"}]),
}
WRITE_METHODS = ("post", "put", "patch", "delete")


def error_statuses(method: str, path: str, operation: dict) -> set[int]:
    """The error statuses an operation can answer, from what it is.

    Every operation needs a caller (401) whose role or token scope may fall short (403) and may fail
    in a way we did not foresee (``default``, 5xx); an id in the path may name nothing (404); query
    parameters or a body may be invalid (422) or unreadable (400); every write can lose a race on a
    unique constraint (409); an upload can be too large (413).
    """
    statuses = {401, 403}
    if "{" in path:
        statuses.add(404)
    has_query = any(isinstance(p, dict) and p.get("in") == "query" for p in operation.get("parameters", []))
    body = operation.get("requestBody")
    if has_query or body:
        statuses.add(422)
    if body:
        statuses.add(400)
    if method in WRITE_METHODS:
        statuses.add(409)
    if body and "multipart/form-data" in (body.get("content") or {}):
        statuses.add(413)
    return statuses


class ErrorResponsesPlugin(BasePlugin):
    """Adds the shared error responses to every operation as its path is registered."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            if method not in ("get", "put", "post", "patch", "delete") or not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                # An error an operation describes in its own words still has the one error body.
                if str(code)[:1] in ("4", "5") and isinstance(response, dict) and "content" not in response:
                    response["content"] = {"application/json": {"schema": "Error"}}
            for status in sorted(error_statuses(method, path or "", operation)):
                responses.setdefault(str(status), http.HTTPStatus(status).name)
            responses.setdefault("default", "DEFAULT_ERROR")


def _enum_type(self, field, ret, **kwargs) -> dict:
    """A closed set of strings is a ``string`` with its ``enum`` (clients generate an Enum from it);
    one that may be empty is ``["string", "null"]`` (OpenAPI 3.1), as its ``enum`` then holds ``null``."""
    if isinstance(field, ma.fields.Enum) and "type" not in ret:
        return {"type": ["string", "null"] if field.allow_none else "string"}
    return {}


class CeremonyApi(Api):
    """flask-smorest's Api with our error body and error responses.

    The document depends only on the code and the ``API_*``/``OPENAPI_*`` settings, and building it is
    half of ``create_app``: a process that assembles a second app with the same settings (the tests make
    one per test; a CLI command after the server's) takes the finished document of the first
    (``finish_app``) instead of describing every view again.
    """

    ERROR_SCHEMA = ErrorSchema
    _finished: tuple | None = None  # (settings, APISpec, its two plugins) of the last app finished here
    _reusing = False

    @staticmethod
    def _doc_settings(app) -> tuple:
        return tuple(sorted((k, repr(v)) for k, v in app.config.items() if k.startswith(("API_", "OPENAPI_"))))

    def init_app(self, app, *, spec_kwargs=None):
        finished = CeremonyApi._finished
        self._reusing = finished is not None and finished[0] == self._doc_settings(app) and not spec_kwargs
        super().init_app(app, spec_kwargs=spec_kwargs)
        if self._reusing:
            self.spec, self.flask_plugin, self.ma_plugin = finished[1:]

    def _init_spec(self, **kwargs):
        super()._init_spec(**kwargs)
        self.ma_plugin.converter.add_attribute_function(_enum_type)

    def register_blueprint(self, blp, *, parameters=None, **options):
        if not self._reusing:
            return super().register_blueprint(blp, parameters=parameters, **options)
        # flask-smorest's registration without the document part (the finished document has it)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][options.get("name", blp.name)] = self
        self._app.register_blueprint(blp, **options)
        return None

    def finish_app(self, app) -> None:
        """Every blueprint is registered: keep the document for the next app with the same settings."""
        if not self._reusing:
            CeremonyApi._finished = (self._doc_settings(app), self.spec, self.flask_plugin, self.ma_plugin)

    def _register_responses(self):
        from flask_smorest.spec import prepare_response

        for status in http.HTTPStatus:
            response: dict = {"description": DESCRIPTIONS.get(status.value, status.phrase)}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, self.DEFAULT_RESPONSE_CONTENT_TYPE)
            if status.value in EXAMPLES:
                response["content"]["application/json"]["example"] = EXAMPLES[status.value]
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Unexpected error (5xx)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, self.DEFAULT_RESPONSE_CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def file_response(*media_types: str, description: str, status: int = 200) -> dict:
    """``@blp.doc(responses=file_response(PDF, description=...))``: a download, described as bytes."""
    return {str(status): {
        "description": description,
        "content": {media_type: {"schema": {"type": "string", "format": "binary"}} for media_type in media_types},
        "headers": {"Content-Disposition": {"description": "attachment; filename=\"…\"",
                                            "schema": {"type": "string"}}},
    }}


def download(body, media_type: str, filename: str, *, inline: bool = False):
    """A file answer (bytes or an iterator of chunks) with its name."""
    from flask import Response

    disposition = "inline" if inline else "attachment"
    return Response(body, mimetype=media_type,
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})
