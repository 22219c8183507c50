"""Security headers on every answer: a Content-Security-Policy the pages live with, no framing,
no MIME sniffing, no referrer to other sites.

The pages carry no inline script, event handler or style attribute (configuration travels in
``<script type="application/json">`` blocks, which CSP does not run, and data attributes), so the
policy allows scripts and styles from this origin only. ``CEREMONY_CSP`` replaces the policy.
"""
from __future__ import annotations

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Invitation and operator links carry their token in the path: never tell another site.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app) -> None:
    policy = app.config.get("CONTENT_SECURITY_POLICY") or CSP

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
