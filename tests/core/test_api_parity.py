"""Every page route that changes state has an API twin (``ceremony/core/api_twins.py``)."""
import pytest

from ceremony.core.api_twins import EXEMPT, PENDING, TWINS

pytestmark = pytest.mark.sqlite_only
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _state_changing_pages(app) -> dict[str, str]:
    return {rule.endpoint: f"{','.join(sorted(rule.methods & WRITES))} {rule.rule}"
            for rule in app.url_map.iter_rules()
            if rule.methods & WRITES and not rule.rule.startswith("/api/")}


def _operation_ids(client) -> set[str]:
    spec = client.get("/api/v1/openapi.json").get_json()
    return {op["operationId"] for item in spec["paths"].values() for op in item.values()
            if isinstance(op, dict) and "operationId" in op}


def test_every_page_that_changes_state_has_an_api_twin(app, client):
    pages = _state_changing_pages(app)
    known = set(TWINS) | set(PENDING) | set(EXEMPT)
    missing = {endpoint: route for endpoint, route in pages.items() if endpoint not in known}
    assert not missing, ("page routes that change state without an API twin (add the operation, then "
                         f"list it in ceremony/core/api_twins.py): {missing}")
    stale = sorted(known - set(pages))
    assert not stale, f"api_twins.py names routes that no longer exist: {stale}"
    operations = _operation_ids(client)
    unknown = {endpoint: ids for endpoint, ids in TWINS.items() if not set(ids) <= operations}
    assert not unknown, f"twins whose operationId is not in /api/v1/openapi.json: {unknown}"
    assert not set(TWINS) & set(PENDING), "a route is both twinned and pending: drop it from PENDING"


def test_the_registry_cannot_pass_vacuously(app):
    pages = _state_changing_pages(app)
    assert len(pages) >= 25 and {"readiness.revoke", "program.duplicate", "webhooks.replay"} <= set(pages)
    assert all(reason for reason in {**PENDING, **EXEMPT}.values())
