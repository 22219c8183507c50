"""Pages: a ceremony's webhook endpoints (add, edit, hold, delete) and an endpoint's deliveries."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav
from ceremony.core.paging import paginate
from ceremony.extensions import db
from ceremony.webhooks import operations, queries
from ceremony.webhooks.events import EVENT_TYPES

bp = Blueprint("webhooks", __name__)
ceremony_nav(bp, _l("Webhooks"), "webhooks.index", order=90, roles=("organizer",))
EVENT_LABELS = {
    "point.readiness_changed": _l("Point readiness changed"), "point.offline": _l("Point went offline"),
    "delegate.checked_in": _l("Delegate checked in"), "show.state_changed": _l("Show state changed"),
    "launch.fired": _l("Launch fired"), "followup.report_received": _l("Follow-up report received"),
}
STATUS_LABELS = {"pending": _l("Pending"), "delivered": _l("Delivered"), "failed": _l("Failed")}


def _page(ceremony, *, created=None, status: int = 200):
    return render_template("webhooks/index.html", ceremony=ceremony, endpoints=queries.endpoints(ceremony.id),
                           counts=queries.queue_counts(ceremony.id), events=EVENT_TYPES, labels=EVENT_LABELS,
                           created=created), status


@bp.route("/ceremonies/<int:ceremony_id>/webhooks", methods=["GET", "POST"])
@roles_required("organizer")
def index(ceremony_id):
    """The endpoints; POST registers one and shows its secret on this answer only."""
    ceremony = get_ceremony(ceremony_id)
    if request.method == "GET":
        return _page(ceremony)
    try:
        endpoint = operations.create_endpoint(ceremony, url=request.form.get("url", ""),
                                              events=request.form.getlist("events"),
                                              description=request.form.get("description", ""))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _page(ceremony, status=422)
    db.session.commit()
    return _page(ceremony, created=endpoint, status=201)


@bp.route("/ceremonies/<int:ceremony_id>/webhooks/<int:endpoint_id>", methods=["GET", "POST"])
@roles_required("organizer")
def endpoint(ceremony_id, endpoint_id):
    """One endpoint: its deliveries with every attempt; POST changes its events or holds it."""
    ceremony = get_ceremony(ceremony_id)
    hook = operations.get_endpoint(ceremony.id, endpoint_id)
    if request.method == "POST":
        try:
            operations.update_endpoint(hook, url=request.form.get("url"), events=request.form.getlist("events"),
                                       description=request.form.get("description"),
                                       is_active=request.form.get("is_active") == "on")
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Webhook endpoint saved."), "success")
        return redirect(url_for(".endpoint", ceremony_id=ceremony.id, endpoint_id=hook.id))
    page = paginate(queries.deliveries_query(ceremony.id, hook.id), max(request.args.get("page", 1, type=int), 1), 50)
    return render_template("webhooks/endpoint.html", ceremony=ceremony, endpoint=hook, page=page, events=EVENT_TYPES,
                           labels=EVENT_LABELS, status_labels=STATUS_LABELS)


@bp.route("/ceremonies/<int:ceremony_id>/webhooks/<int:endpoint_id>/delete", methods=["POST"])
@roles_required("organizer")
def delete(ceremony_id, endpoint_id):
    operations.delete_endpoint(operations.get_endpoint(ceremony_id, endpoint_id))
    db.session.commit()
    flash(_("Webhook endpoint deleted."), "info")
    return redirect(url_for(".index", ceremony_id=ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/webhooks/deliveries/<int:delivery_id>/replay", methods=["POST"])
@roles_required("organizer")
def replay(ceremony_id, delivery_id):
    delivery = operations.replay(operations.get_delivery(ceremony_id, delivery_id))
    db.session.commit()
    flash(_("The delivery will be sent again within seconds."), "info")
    return redirect(url_for(".endpoint", ceremony_id=ceremony_id, endpoint_id=delivery.endpoint_id))
