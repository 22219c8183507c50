"""Every string a write operation takes, 1,000 or 19,000 characters long: a 4xx naming the field or an
accepted write, never a 500 (PostgreSQL refuses a value longer than its column)."""
import pytest


def _string_properties(spec, schema, seen=()):
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return {}
        return _string_properties(spec, spec["components"]["schemas"][name], (*seen, name))
    return {key: value for key, value in schema.get("properties", {}).items()
            if value.get("type") == "string" and not value.get("readOnly") and "enum" not in value}


@pytest.mark.parametrize("length", [1_000, 19_000])
def test_long_strings_in_every_json_body(client, db, demo, api_headers, length):
    headers = api_headers("organizer")
    spec = client.get("/api/v1/openapi.json").get_json()
    failures, tried = [], 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("post", "put", "patch") or not isinstance(operation, dict):
                continue
            body = (operation.get("requestBody") or {}).get("content", {}).get("application/json")
            if method not in ("post", "put", "patch") or body is None:
                continue
            url = path.replace("{ceremony_id}", str(demo[0].id))
            for name in ("segment_id", "site_id", "delegate_id", "task_id", "user_id"):
                url = url.replace("{" + name + "}", "1")
            for field in _string_properties(spec, body["schema"]):
                tried += 1
                response = getattr(client, method)(url, json={field: "x" * length}, headers=headers)
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} {field}: {response.status_code}")
                db.session.rollback()
    assert tried >= 10
    assert not failures, failures
