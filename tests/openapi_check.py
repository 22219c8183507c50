"""Every API answer of the test suite is checked against /api/v1/openapi.json (openapi-core).

The ``app`` fixture gives its app a test client class that validates each response under /api/v1/:
the status must be one the operation lists (5xx may fall to ``default``), and the body must match the
schema of that status and content type. Mismatches are collected per test and fail it at teardown,
naming the request; the run ends with how many responses were checked.
"""
from __future__ import annotations

import hashlib
import json
import re
import time

import pytest
from flask.testing import FlaskClient

API_PREFIX = "/api/v1/"
SPEC_PATH = "/api/v1/openapi.json"
_validators: dict[str, object] = {}
TOTALS = {"validated": 0, "mismatches": 0, "seconds": 0.0}


MAGIC = {"application/pdf": b"%PDF-", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": b"PK\x03\x04",
         "text/calendar": b"BEGIN:VCALENDAR"}


def _file_loader(media_type: str):
    """A download is checked for what it claims to be (its magic bytes), then handed on as a string,
    which is what ``{type: string, format: binary}`` validates."""
    def loads(value, **parameters):
        data = value if isinstance(value, bytes) else str(value).encode()
        if not data.startswith(MAGIC[media_type]):
            raise ValueError(f"a {media_type} body starting {data[:20]!r}")
        return data.decode("latin-1")
    return loads


def _openapi(app):
    """The openapi-core object of this app's document (built once per distinct document)."""
    cached = app.extensions.get("openapi_check")
    if cached is None:
        cached = app.extensions["openapi_check"] = _build(app)
    return cached


def _build(app):
    from openapi_core import Config, OpenAPI

    with app.test_request_context():
        spec = app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()
    raw = json.dumps(spec, sort_keys=True)
    key = hashlib.sha256(raw.encode()).hexdigest()
    if key not in _validators:
        config = Config(extra_media_type_deserializers={m: _file_loader(m) for m in MAGIC})
        _validators[key] = (OpenAPI.from_dict(json.loads(raw), config=config), spec)
    return _validators[key]


def _pattern(rule: str) -> str:
    """``/ceremonies/<int:ceremony_id>`` as the document writes it: ``/ceremonies/{ceremony_id}``."""
    return re.sub(r"<(?:[^<>]*:)?(\w+)>", r"{\1}", rule)  # any converter, with or without arguments


def _operation(spec: dict, request) -> dict | None:
    rule = request.url_rule
    if rule is None:
        return None
    return (spec["paths"].get(_pattern(rule.rule)) or {}).get(request.method.lower())


def check_response(app, request, response) -> str | None:
    """The mismatch between ``response`` and the document, or None when it conforms."""
    from openapi_core.contrib.werkzeug import WerkzeugOpenAPIResponse
    from openapi_core.testing import MockRequest

    openapi, spec = _openapi(app)
    TOTALS["validated"] += 1
    if response.headers.get("Content-Encoding") == "gzip":
        # A transport encoding, undone by every HTTP client before it reads the media type.
        import gzip

        headers = [(k, v) for k, v in response.headers if k.lower() not in ("content-encoding", "content-length")]
        response = app.response_class(gzip.decompress(response.get_data()), status=response.status_code,
                                      headers=headers)
    operation = _operation(spec, request)
    if operation is None:
        if response.status_code in (404, 405) or request.method in ("HEAD", "OPTIONS"):
            return None  # no such route or method: werkzeug's answer, checked for its body below
        return f"{request.method} {request.path}: not an operation of the document"
    status = str(response.status_code)
    if response.status_code < 500 and status not in operation["responses"]:
        return (f"{operation.get('operationId')} ({request.method} {request.full_path}): answered {status}, "
                f"the document lists {sorted(operation['responses'])}")
    try:
        # Only the route matters to a response check (the request body was read by the view already).
        routed = MockRequest(request.host_url, request.method, request.path, args=request.args)
        routed.path_pattern = _pattern(request.url_rule.rule)  # the route is known: no search of every path
        openapi.validate_response(routed, WerkzeugOpenAPIResponse(response))
    except Exception as error:  # every validation error of openapi-core, with its cause
        cause = getattr(error, "__cause__", None) or error
        detail = "; ".join(str(e.message)[:200] for e in getattr(cause, "schema_errors", [])) or str(cause)[:300]
        body = response.get_data()[:300]
        return (f"{operation.get('operationId')} ({request.method} {request.full_path}) {status} "
                f"{response.content_type}: {type(error).__name__}: {detail} — body {body!r}")
    return None


def _check_error_body(response) -> str | None:
    """Answers outside any operation (unknown path, unsupported method) still carry the error body."""
    from ceremony.core.openapi import ErrorSchema

    body = response.get_json(silent=True)
    problems = ErrorSchema().validate(body) if isinstance(body, dict) else {"body": "not a JSON object"}
    if response.status_code == 405 and not response.headers.get("Allow"):
        problems["Allow"] = "missing"
    return f"{response.status_code} {response.request.path}: {problems}" if problems else None


class ValidatingClient(FlaskClient):
    """A test client that checks each /api/v1 answer against the document."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        request = getattr(response, "request", None)
        if request is not None and request.path.startswith(API_PREFIX) and request.path != SPEC_PATH:
            app = self.application
            with app.test_request_context(request.path, method=request.method):
                from flask import request as routed

                bound = routed._get_current_object()
                request.url_rule = bound.url_rule
            started = time.perf_counter()
            if request.url_rule is None:
                problem = _check_error_body(response)
            else:
                problem = check_response(app, request, response)
            TOTALS["seconds"] += time.perf_counter() - started
            if problem:
                TOTALS["mismatches"] += 1
                app.extensions.setdefault("openapi_mismatches", []).append(problem)
        return response


def install(app) -> None:
    app.test_client_class = ValidatingClient
    app.extensions["openapi_mismatches"] = []


def mismatches(app) -> list[str]:
    return app.extensions.get("openapi_mismatches", [])


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker hands its counts to the controller
        workeroutput["openapi_totals"] = dict(TOTALS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for key, value in getattr(node, "workeroutput", {}).get("openapi_totals", {}).items():
        TOTALS[key] += value


def pytest_terminal_summary(terminalreporter):
    if TOTALS["validated"]:
        terminalreporter.write_line(f"openapi: {TOTALS['validated']} API responses validated against "
                                    f"/api/v1/openapi.json in {TOTALS['seconds']:.1f} s, "
                                    f"{TOTALS['mismatches']} mismatches")
