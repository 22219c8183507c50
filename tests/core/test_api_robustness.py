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
    (json.dumps({"scans": [{"text": "x" * 5000, "gate": "A", "device": "d", "nonce": "n",
                            "scanned_at": "0001-01-01T00:00:00+07:00"}]}), "application/json"),
]
# Ids and numbers no database column can hold, one field at a time so the rest stays valid.
HUGE = 10**20
HUGE_BODIES = [json.dumps(body) for body in (
    *({key: HUGE} for key in ("site_id", "delegate_id", "floor_site_id", "segment_id", "expected_current_id",
                              "value", "minutes", "count", "headcount", "bandwidth_mbps", "planned_minutes",
                              "countdown_seconds", "delegate_ids",
                              # setting up a ceremony (issue 8)
                              "source_id", "network_id", "into_id", "category_ids", "protocol_rank",
                              "opens_offset_minutes", "closes_offset_minutes", "due_offset_minutes", "due_days",
                              "remind_hours_before", "fixed_start_offset_minutes")),
    {"copy": ["network"], "source_id": 1, "title": "x", "starts_at": "2030-01-01T08:00:00", "network_id": HUGE},
    {"category_ids": [HUGE], "tier": "commune"}, {"site_codes": ["x" * 5000]}, {"due_days": 5, "due_time": "99:99"},
    {"people": [{"delegate_id": HUGE, "role": "x"}]}, {"segment_ids": [HUGE]}, {"delegate_ids": [HUGE]},
    {"action": "extend", "minutes": HUGE}, {"action": "floor", "site_id": HUGE},
)]
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
        body = b"" if "event-stream" in (response.content_type or "") else response.get_data()[:300]
        return response.status_code, response.content_type, body.decode("utf-8", "replace")
    finally:
        response.close()


@pytest.mark.sqlite_only
def test_no_operation_answers_500_to_malformed_input(client, db, demo, api_headers):
    # The demo: id 1 is a real ceremony with segments, sites and delegates, so bodies reach the views.
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
            for body in HUGE_BODIES:
                attempts.append((url_ok, {"data": body, "content_type": "application/json"}))
        for url, kwargs in attempts:
            status, content_type, text = _call(client, method, url, headers, **kwargs)
            if status >= 500:
                failures.append(f"{method.upper()} {url} {kwargs.get('data', '')!r}: {status} {text}")
            elif url.startswith("/api/") and status >= 400 and "json" not in (content_type or ""):
                failures.append(f"{method.upper()} {url}: {status} answered {content_type}, not JSON")
    assert not failures, "\n".join(failures[:30])
