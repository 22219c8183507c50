"""ceremony: event orchestration for hybrid launch ceremonies.

``create_app`` only assembles: configuration, extensions, blueprints, CLI.
"""
from __future__ import annotations

import importlib
import importlib.util

from flask import Flask

from ceremony import config as config_module
from ceremony.config import ROOT

# Every domain package; each may hold views.py (``bp``), api.py (``blp``, optional ``PREFIX``)
# and cli.py (``cli``, or a tuple ``COMMANDS``).
DOMAINS = (
    "core", "users", "ceremonies", "sites", "delegates", "invitations", "badges", "attendance",
    "program", "readiness", "selftest", "helpdesk", "live", "followup", "campaign", "reports", "dossier",
    "notifications", "scheduler", "setup", "audit", "backup", "webhooks", "demo",
)


def _domain_module(domain: str, name: str):
    qualified = f"ceremony.{domain}.{name}"
    if importlib.util.find_spec(f"ceremony.{domain}") is None or importlib.util.find_spec(qualified) is None:
        return None
    return importlib.import_module(qualified)


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    instance = (overrides or {}).get("INSTANCE_PATH") or config_module.INSTANCE
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(instance))
    app.config.update(config_module.load(config_name))
    if overrides:
        app.config.update(overrides)

    from ceremony.core import i18n
    from ceremony.extensions import api, babel, csrf, db, login_manager, migrate

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", i18n.translation_directories())
    db.init_app(app)
    if app.config.get("DB_PING_IDLE_SECONDS"):
        from ceremony.core.pool import ping_when_idle

        with app.app_context():
            ping_when_idle(db.engine, float(app.config["DB_PING_IDLE_SECONDS"]))
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale,
                   timezone_selector=lambda: app.config["DISPLAY_TIMEZONE"])
    from ceremony.core import uploads

    uploads.init_app(app)  # before the CSRF check, which reads the form
    csrf.init_app(app)
    api.init_app(app)

    from ceremony.core import web

    web.init_url_converters(app)
    for domain in DOMAINS:
        _domain_module(domain, "models")  # every table in the metadata, for Alembic and tests
        views = _domain_module(domain, "views")
        if views is not None:
            app.register_blueprint(views.bp)
        api_module = _domain_module(domain, "api")
        if api_module is not None:
            csrf.exempt(api_module.blp)
            api.register_blueprint(api_module.blp, url_prefix=f"/api/v1{getattr(api_module, 'PREFIX', '')}")
        cli = _domain_module(domain, "cli")
        if cli is not None:
            for command in getattr(cli, "COMMANDS", (cli.cli,)):
                app.cli.add_command(command)

    api.finish_app(app)
    web.init_app(app)
    from ceremony.core import wording

    wording.init_app(app)  # |in_sentence, |duration_words
    from ceremony.scheduler import runner

    runner.init_app(app)  # only with CEREMONY_SCHEDULER=on: stands for the deployment's leader lock
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app
