"""Page: the ceremony's dossier, its generation progress, downloads."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.nav import ceremony_nav
from ceremony.dossier import operations
from ceremony.dossier.api import dossier_file
from ceremony.extensions import db

bp = Blueprint("dossier", __name__)
ceremony_nav(bp, _l("Dossier"), "dossier.index", order=90, roles=("organizer", "viewer"))


@bp.route("/ceremonies/<int:ceremony_id>/dossier")
@roles_required("organizer", "viewer")
def index(ceremony_id):
    ceremony = get_ceremony(ceremony_id)
    return render_template("dossier/index.html", ceremony=ceremony, job=operations.latest(ceremony.id),
                           done=_latest_done(ceremony.id))


def _latest_done(ceremony_id):
    try:
        return operations.latest_done(ceremony_id)
    except Exception:  # noqa: BLE001 - "not generated yet" is a state of the page, not an error
        return None


@bp.route("/ceremonies/<int:ceremony_id>/dossier", methods=["POST"])
@roles_required("organizer")
def generate(ceremony_id):
    job = operations.request_dossier(get_ceremony(ceremony_id), current_user.email)
    db.session.commit()
    operations.start(job)
    return redirect(url_for("dossier.index", ceremony_id=ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/dossier/download.<any(pdf, xlsx):fmt>")
@roles_required("organizer", "viewer")
def download(ceremony_id, fmt):
    return dossier_file(get_ceremony(ceremony_id), fmt)
