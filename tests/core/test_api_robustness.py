"""Every operation of the OpenAPI document, fed malformed input, answers 4xx JSON: never a 500."""
import json
import re

import pytest

GARBAGE_BODIES = [
    ("not json", "text/plain"),
    ("{not json", "application/json"),
    ("[]", "application/json"),
    ('"a string"', "application/json"),
    ("null", "application/json"),
    (json.dumps({"page": {"x": 1}, "per_page": "many", "site_id": "x", "value": [1], "text": {"a": 1},
                 "token": 12, "nonce": None, "gate": ["g"], "status": 99, "items": "x", "ids": "1,2",
                 "starts_at": "yesterday", "position": -1e309}), "application/json"),
]
BAD_PATH_VALUES = ["99999999", "999999999999999999999", "abc", "-1"]
BAD_QUERY_VALUES = ["", "abc", "-5", "99999999999999999999", "%00", "'; drop table sites; --"]


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete") and isinstance(operation, dict):
                yield path, method, operation


def _fill(path, value):
    return re.sub(r"\{[^}]+\}", value, path)


def _call(client, method, url, headers, **kwargs):
    response = getattr(client, method)(url, headers=headers, **kwargs)
    try:
        return response.status_code, response.content_type, response.get_data(as_text=True)[:300] \
            if "event-stream" not in (response.content_type or "") else ""
    finally:
        response.close()


@pytest.mark.sqlite_only
def test_no_operation_answers_500_to_malformed_input(client, db, make_ceremony, api_headers):
    make_ceremony()
    headers = api_headers("organizer")
    spec = client.get("/api/v1/openapi.json").get_json()
    failures = []
    for path, method, operation in _operations(spec):
        url_ok = "/api/v1" + _fill(path.removeprefix("/api/v1"), "1") if path.startswith("/api/v1") else _fill(path, "1")
        attempts = []
        for value in BAD_PATH_VALUES:
            attempts.append((_fill(path, value), {}))
        for param in operation.get("parameters", []):
            if param.get("in") == "query":
                for value in BAD_QUERY_VALUES:
                    attempts.append((f"{url_ok}?{param['name']}={value}", {}))
        if method in ("post", "put", "patch"):
            for body, content_type in GARBAGE_BODIES:
                attempts.append((url_ok, {"data": body, "content_type": content_type}))
        for url, kwargs in attempts:
            status, content_type, text = _call(client, method, url, headers, **kwargs)
            if status >= 500:
                failures.append(f"{method.upper()} {url} {kwargs.get('data', '')!r}: {status} {text}")
            elif url.startswith("/api/") and status >= 400 and "json" not in (content_type or ""):
                failures.append(f"{method.upper()} {url}: {status} answered {content_type}, not JSON")
    assert not failures, "\n".join(failures[:30])
