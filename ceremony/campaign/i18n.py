"""Messages of the after-the-launch domains: the reader's language on a request, Vietnamese elsewhere
(scheduler jobs, the CLI, tests calling operations directly)."""
from __future__ import annotations

from flask import has_request_context
from flask_babel import force_locale, gettext


def _(message: str, **params) -> str:
    if has_request_context():
        return gettext(message, **params)
    with force_locale("vi"):
        return gettext(message, **params)
