"""Schemathesis over the whole OpenAPI document, against the demo with an organizer's token: valid and
invalid input for every operation, a few examples each, inside a time budget. No server error, and
no answer that breaks the document (undocumented status, wrong content type, body off its schema)."""
import time

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis.errors import Unsatisfiable
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import (content_type_conformance, not_a_server_error,  # noqa: E402
                                 response_schema_conformance, status_code_conformance)

BUDGET_SECONDS = 40
EXAMPLES = 6  # per operation and mode
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# One backend: PostgreSQL when it answers (SQLite has the malformed-input sweep over every operation,
# tests/core/test_api_robustness.py), SQLite otherwise.
@pytest.mark.one_backend
def test_no_server_error_anywhere_in_the_document(app, demo, api_headers):
    headers = api_headers("organizer")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    ceremony_id = demo[0].id
    deadline = time.monotonic() + BUDGET_SECONDS
    failures, calls = {}, {"n": 0, "5xx": 0}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if time.monotonic() > deadline:
                break
            # Valid cases aim at the demo ceremony, so they reach the views and not only a 404.
            known = {"ceremony_id": ceremony_id} if "{ceremony_id}" in operation.path else None
            strategy = operation.as_strategy(generation_mode=mode,
                                             path_parameters=known if mode is GenerationMode.POSITIVE else None)

            @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(case=strategy)
            def run(case):
                calls["n"] += 1
                # identity: the WSGI client, unlike a browser, does not undo Content-Encoding (the gate list gzips)
                response = case.call(headers={**headers, "Accept-Encoding": "identity"})
                # a 503 the operation documents (the self-test's media peer is down) is an answer, not a crash
                documented = response.status_code == 503 and "503" in operation.definition.raw.get("responses", {})
                calls["5xx"] += response.status_code >= 500 and not documented
                try:
                    case.validate_response(response, checks=[c for c in CHECKS if not (documented and c is not_a_server_error)])
                except BaseException as error:  # noqa: BLE001 - schemathesis raises a group of failures
                    found = getattr(error, "exceptions", [error])
                    failures.setdefault(operation.label, [f"{case.method} {case.formatted_path} "
                                                          f"→ {response.status_code}: {str(f)[:300]}"
                                                          for f in found])

            try:
                run()
            except Unsatisfiable:  # e.g. no invalid value exists for an operation's inputs (negative mode)
                continue
    print(f"schemathesis: {len(operations)} operations, {calls['n']} calls, {calls['5xx']} server errors")
    assert len(operations) >= 30 and calls["n"] >= len(operations) * 2
    assert calls["5xx"] == 0 and not failures, "\n".join(f"{k}: {v}" for k, v in list(failures.items())[:15])
