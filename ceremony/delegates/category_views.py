"""Pages: composition categories per tier — create, rename, recolour, order, merge, remove."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import roles_required
from ceremony.core.errors import DomainError
from ceremony.core.nav import ceremony_nav
from ceremony.delegates import categories as ops
from ceremony.delegates.queries import categories
from ceremony.delegates.views import bp
from ceremony.extensions import db
from ceremony.sites.models import Tier

ceremony_nav(bp, _l("Composition"), "delegates.categories", order=19, roles=("organizer",))
TIER_NAMES = {Tier.province: _l("Provincial point"), Tier.district: _l("District points"),
              Tier.commune: _l("Commune points")}


def _back(ceremony_id: int):
    return redirect(url_for("delegates.categories", ceremony_id=ceremony_id))


def _run(ceremony_id: int, action, message):
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(message(result) if callable(message) else message, "success")
    return _back(ceremony_id)


@bp.route("/ceremonies/<int:ceremony_id>/categories", methods=["GET", "POST"], endpoint="categories")
@roles_required("organizer")
def categories_page(ceremony_id):
    """Every tier's categories in order with their delegate counts; POST adds one."""
    ceremony = get_ceremony(ceremony_id)
    if request.method == "POST":
        form = request.form
        return _run(ceremony_id, lambda: ops.create_category(
            ceremony, tier=form.get("tier", ""), name=form.get("name", ""), code=form.get("code") or None,
            colour=form.get("colour") or "#1f4e79", protocol_rank=form.get("protocol_rank") or None),
            _("Category added."))
    items = categories(ceremony_id)
    by_tier = {tier: sorted((c for c in items if c.tier is tier), key=lambda c: (c.position, c.id)) for tier in Tier if tier is not Tier.nation}
    return render_template("delegates/categories.html", ceremony=ceremony, by_tier=by_tier, tier_names=TIER_NAMES,
                           counts=ops.delegate_counts(ceremony_id))


@bp.route("/ceremonies/<int:ceremony_id>/categories/<int:category_id>", methods=["POST"])
@roles_required("organizer")
def update_category(ceremony_id, category_id):
    category = ops.get_category(ceremony_id, category_id)
    form = request.form
    return _run(ceremony_id, lambda: ops.update_category(
        category, name=form.get("name"), colour=form.get("colour") or None,
        protocol_rank=form.get("protocol_rank") or None), _("Category saved."))


@bp.route("/ceremonies/<int:ceremony_id>/categories/<int:category_id>/move", methods=["POST"])
@roles_required("organizer")
def move_category(ceremony_id, category_id):
    category = ops.get_category(ceremony_id, category_id)
    step = -1 if request.form.get("step") == "up" else 1
    return _run(ceremony_id, lambda: ops.move_category(category, step), _("Order saved."))


@bp.route("/ceremonies/<int:ceremony_id>/categories/<int:category_id>/merge", methods=["POST"])
@roles_required("organizer")
def merge_category(ceremony_id, category_id):
    source = ops.get_category(ceremony_id, category_id)
    try:
        into = ops.get_category(ceremony_id, request.form.get("into_id", type=int) or 0)
    except DomainError as error:
        flash(error.message, "error")
        return _back(ceremony_id)
    name = source.name
    return _run(ceremony_id, lambda: ops.merge_categories(source, into),
                lambda moved: _("%(source)s merged into %(into)s: %(n)d delegates moved.",
                                source=name, into=into.name, n=moved))


@bp.route("/ceremonies/<int:ceremony_id>/categories/<int:category_id>/delete", methods=["POST"])
@roles_required("organizer")
def delete_category(ceremony_id, category_id):
    category = ops.get_category(ceremony_id, category_id)
    return _run(ceremony_id, lambda: ops.delete_category(category), _("Category removed."))
