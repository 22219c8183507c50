"""One gate for every request's text: NUL characters and oversize fields are a 422 naming the field.

PostgreSQL refuses a NUL character in text (and the drivers raise on it), so without this gate a
``?q=%00`` reached the database and answered 500. The gate looks at the query string, the path
parameters, form fields and JSON bodies before any view runs; uploaded files are checked where they
are read (``core.uploads``).
"""
from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _

from ceremony.core.errors import InvalidInput

DEFAULT_MAX_FIELD_LENGTH = 20_000  # characters; the longest real text (a segment's script) is far shorter


def check_text(field: str, value: str, limit: int | None = None) -> None:
    """Raise ``InvalidInput`` naming ``field`` when ``value`` holds a NUL or is longer than ``limit``."""
    if not isinstance(value, str):  # a multipart part without a name
        value = "" if value is None else str(value)
    if "\x00" in value:
        raise InvalidInput(_("%(field)s: contains a NUL character (\\0), which is not allowed.", field=field),
                           field=field)
    if limit is None:
        limit = current_app.config.get("MAX_FIELD_LENGTH", DEFAULT_MAX_FIELD_LENGTH)
    if len(value) > limit:
        raise InvalidInput(_("%(field)s: too long (%(length)s characters, at most %(limit)s).",
                             field=field, length=len(value), limit=limit), field=field)


def _walk_json(value, path: str) -> None:
    if isinstance(value, str):
        check_text(path, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(path, str(key))
            _walk_json(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk_json(item, f"{path}[{index}]")


def refuse_hostile_text() -> None:
    """Before every view: query, path, form and JSON text must be free of NUL and not oversize."""
    for name, value in request.args.items(multi=True):
        check_text(name, name)
        check_text(name, value)
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str):
            check_text(name, value)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, value in request.form.items(multi=True):
                check_text(name, name)
                check_text(name, value)
        elif request.is_json:
            body = request.get_json(silent=True)
            if body is not None:
                _walk_json(body, "json")


def init_app(app) -> None:
    app.before_request(refuse_hostile_text)
