"""Language choice: Vietnamese by default, English on request (``?lang=en``, kept in the session)."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, has_request_context, request, session

PACKAGE = Path(__file__).resolve().parent.parent


def translation_directories() -> str:
    """Every domain keeps its own catalogue in ``<domain>/translations``; Flask-Babel merges them."""
    dirs = sorted(str(p) for p in PACKAGE.glob("*/translations") if p.is_dir())
    return ";".join(dirs) or str(PACKAGE / "core" / "translations")


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a job, the CLI, a test calling an operation: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    if session.get("lang") in languages:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]
