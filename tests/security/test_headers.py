"""Every answer carries the security headers; pages cannot be framed."""


def test_pages_api_and_the_service_worker_carry_the_headers(client):
    for path in ("/login", "/api/v1/openapi.json", "/attendance-gate-sw.js", "/i/nope"):
        response = client.get(path)
        response.close()
        csp = response.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_templates_hold_no_inline_script_handler_or_style():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    found = []
    for template in root.rglob("*.html"):
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", r"\son[a-z]+=\"",
                        r"\sstyle=\"", r"<style"):
            found += [f"{template.relative_to(root)}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert not found, found
