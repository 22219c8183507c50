"""App-wide web glue: error answers (JSON under /api, HTML elsewhere), template helpers, login."""
from __future__ import annotations

import http
import logging
import os
import re

from flask import current_app, g, jsonify, render_template, request
from flask_babel import format_datetime, format_decimal, get_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError, IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError
from markupsafe import Markup
from werkzeug.routing import IntegerConverter

from ceremony.core.errors import Conflict, DomainError, InvalidInput
from ceremony.core.openapi import error_body, validation_details
from ceremony.core.time import local

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


# The page heading and the message of an HTTP error whose description is werkzeug's own (English).
ERROR_TITLES = {
    400: _l("Bad request"), 401: _l("Login required"), 403: _l("Access denied"), 404: _l("Page not found"),
    405: _l("Action not allowed"), 409: _l("Changed by someone else"), 410: _l("No longer available"),
    413: _l("Upload too large"), 415: _l("File type not accepted"), 422: _l("Invalid input"),
    429: _l("Too many requests"), 500: _l("Server error"), 503: _l("Service busy"),
}
ERROR_MESSAGES = {
    400: _l("The request could not be understood: check the form or the link and try again."),
    401: _l("Log in to open this page."),
    403: _l("You do not have permission to open this page or do this action."),
    404: _l("This page does not exist: check the address, or go back to the home page."),
    405: _l("This action cannot be done at this address: go back and use the page's buttons."),
    409: _l("Someone else changed this at the same moment: reload the page and try again."),
    410: _l("This page is no longer available."),
    413: _l("The upload is larger than the server accepts."),
    415: _l("This kind of file is not accepted here."),
    422: _l("The input could not be processed: check the fields and try again."),
    429: _l("Too many requests: wait a moment and try again."),
    500: _l("Something went wrong on the server. It has been recorded: try again in a moment."),
    503: _l("The service is busy: try again in a moment."),
}


def error_title(status: int) -> str:
    title = ERROR_TITLES.get(status)
    return str(title) if title is not None else http.HTTPStatus(status).phrase


def http_error_message(error: HTTPException) -> str:
    """The error's description, in the reader's language when it is werkzeug's default for its class."""
    status = error.code or 500
    default = type(error).description
    if not error.description or error.description == default:
        message = ERROR_MESSAGES.get(status)
        if message is not None:
            return str(message)
    return error.description or http.HTTPStatus(status).phrase


def handle_domain_error(error: DomainError):
    headers = {"Retry-After": str(error.retry_after)} if getattr(error, "retry_after", None) else {}
    if wants_json():
        return jsonify(error.to_dict()), error.status, headers
    title = getattr(error, "title", None) or error_title(error.status)  # an error class may name itself
    return render_template("errors/error.html", status=error.status, title=str(title),
                           message=error.message, details=error.details), error.status, headers


def handle_http_error(error: HTTPException):
    if wants_json():
        status = error.code or 500
        body = error_body(status, http_error_message(error))
        # webargs/smorest put validation messages here: keep them so the caller sees every field.
        data = getattr(error, "data", None) or {}
        if data.get("messages"):
            details = [{**d, "reason": _say(d["reason"])} for d in validation_details(data["messages"])]
            path, text = _first_error(data["messages"])
            field = path.split(".", 1)[-1] if path.startswith(("json.", "query.", "form.")) else path
            body = error_body(status, f"{gettext('Invalid input')}: {path + ': ' if path else ''}{_say(text)}",
                              field=field or None, errors=details)
        response = jsonify(body)
        response.status_code = status
        # Allow on a 405 (RFC 9110), WWW-Authenticate and the like: the headers werkzeug would send.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        return response
    status = error.code or 500
    return render_template("errors/error.html", status=status, title=error_title(status),
                           message=http_error_message(error)), status, _page_headers(error)


def _page_headers(error: HTTPException) -> dict:
    """The headers werkzeug would send with the error (Allow on a 405, Retry-After…), not its type."""
    return {name: value for name, value in error.get_headers() if name.lower() != "content-type"}


def handle_integrity_error(error: IntegrityError):
    """Two requests that raced on a unique constraint: the loser is told to look again, not a 500."""
    from ceremony.extensions import db

    db.session.rollback()
    log.warning("conflict on %s %s: %s", request.method, request.path, error.orig)
    return handle_domain_error(Conflict(gettext("Someone else changed this at the same moment: reload the page "
                                                "and try again.")))


def handle_data_error(error: DataError):
    """A value the database refuses (a number past its column, a NUL): the caller's input, not a 500."""
    from ceremony.extensions import db

    db.session.rollback()
    log.warning("value refused by the database on %s %s: %s", request.method, request.path, error.orig)
    return handle_domain_error(InvalidInput(gettext("A value is out of range or not valid for its field.")))


def handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    from ceremony.extensions import db

    db.session.rollback()  # the next request of this session must not inherit a failed transaction
    log.exception("unhandled error on %s %s", request.method, request.path)
    return handle_http_error(InternalServerError())


# The validator's own words, said in the user's language (the rest pass as they are).
VALIDATION_MESSAGES = {
    "Missing data for required field.": _l("Missing data for required field."),
    "Not a valid integer.": _l("Not a valid integer."),
    "Not a valid string.": _l("Not a valid string."),
    "Not a valid boolean.": _l("Not a valid boolean."),
    "Not a valid datetime.": _l("Not a valid date and time."),
    "Not a valid list.": _l("Not a valid list."),
    "Not a valid number.": _l("Not a valid number."),
    "Field may not be null.": _l("Field may not be null."),
    "Unknown field.": _l("Unknown field."),
    "Invalid input type.": _l("Invalid input type."),
    "Not a valid mapping type.": _l("Not a valid object."),
}


def _say(text: str) -> str:
    message = VALIDATION_MESSAGES.get(text)
    return str(message) if message is not None else text


def _first_error(messages, path: str = "") -> tuple[str, str]:
    """The first (field path, message) of a nested webargs error dict, e.g. ``("json.page", "Not a valid integer.")``."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            return _first_error(value, f"{path}.{key}" if path else str(key))
    if isinstance(messages, list) and messages:
        return _first_error(messages[0], path)
    return path, str(messages)


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` that only matches ids a database column can hold, so a huge id is a 404, not a 500."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_url_converters(app) -> None:
    app.url_map.converters["int"] = BoundedIntConverter


_ICONS: dict[str, Markup] = {}


def icon(name: str) -> Markup:
    """The SVG icon ``static/icons/<name>.svg`` inline, so it takes the text colour and needs no emoji font."""
    if name not in _ICONS:
        if not re.fullmatch(r"[a-z0-9-]+", name):
            raise ValueError(f"bad icon name {name!r}")
        path = os.path.join(current_app.static_folder, "icons", f"{name}.svg")
        with open(path, encoding="utf-8") as handle:
            _ICONS[name] = Markup(handle.read().strip())
    return _ICONS[name]


def init_app(app) -> None:
    @app.before_request
    def fresh_request_state():
        # Tests keep one app context across requests, so g would otherwise carry the last caller.
        g.pop("_login_user", None)
        g.pop("api_user", None)
        g.pop("api_token", None)
        g.pop("_flask_babel", None)

    from ceremony.core.auth import authenticate_api_request

    app.before_request(authenticate_api_request)  # first: a stranger learns nothing about the input
    from ceremony.core import headers, inputs

    inputs.init_app(app)
    headers.init_app(app)

    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(DataError, handle_data_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)

    @app.template_filter("decimal")
    def decimal(value, digits: int = 1):
        """A number as the current language writes it: 25,0 and 1.234,5 in Vietnamese, 25.0 in English."""
        if value is None:
            return ""
        return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")

    @app.template_filter("localtime")
    def localtime(value, fmt: str = "HH:mm, dd/MM/yyyy"):
        return format_datetime(local(value), fmt) if value else ""

    @app.context_processor
    def inject_globals():
        from flask_login import current_user

        from ceremony.core.nav import nav_items

        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"],
                "ceremony_nav_items": lambda: nav_items(app, current_user), "icon": icon,
                "error_title": error_title}

    from ceremony.extensions import db, login_manager
    from ceremony.users.models import User

    login_manager.login_view = "users.login"
    login_manager.login_message_category = "info"
    login_manager.localize_callback = gettext

    @login_manager.user_loader
    def load_user(session_id: str):
        # "<id>.<session version>": a cookie from before a log-out or a new password no longer loads.
        user_id, _, version = session_id.partition(".")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.session_version == int(version) else None
