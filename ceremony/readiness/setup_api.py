"""JSON API: a ceremony's check-in windows and checklist, added, changed, removed (as the page does)."""
from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import require_api_roles
from ceremony.extensions import db
from ceremony.readiness import queries, setup
from ceremony.readiness.api import blp
from ceremony.readiness.operations import get_item
from ceremony.readiness.schemas import (ItemCreateSchema, ItemDeletedSchema, ItemSchema, ItemUpdateSchema,
                                        PhaseSchema, WindowCreateSchema, WindowUpdateSchema)


@blp.route("/ceremonies/<int:ceremony_id>/readiness/phases", methods=["POST"])
@blp.arguments(WindowCreateSchema)
@blp.response(201, PhaseSchema)
@blp.doc(operationId="createReadinessWindow")
@require_api_roles("organizer")
def create_window(body, ceremony_id):
    """Add a window; its times are minutes from the ceremony start (negative: before it)."""
    phase = setup.add_window(get_ceremony(ceremony_id), **body)
    db.session.commit()
    return phase


@blp.route("/ceremonies/<int:ceremony_id>/readiness/phases/<key>", methods=["PATCH"])
@blp.arguments(WindowUpdateSchema)
@blp.response(200, PhaseSchema)
@blp.doc(operationId="updateReadinessWindow")
@require_api_roles("organizer")
def update_window(body, ceremony_id, key):
    """Rename or move a window that has not closed."""
    get_ceremony(ceremony_id)
    phase = setup.update_window(queries.get_phase(ceremony_id, key), **body)
    db.session.commit()
    return phase


@blp.route("/ceremonies/<int:ceremony_id>/readiness/phases/<key>", methods=["DELETE"])
@blp.response(204)
@blp.doc(operationId="deleteReadinessWindow")
@require_api_roles("organizer")
def delete_window(ceremony_id, key):
    """Remove a window no point has reported in."""
    get_ceremony(ceremony_id)
    setup.delete_window(queries.get_phase(ceremony_id, key))
    db.session.commit()


@blp.route("/ceremonies/<int:ceremony_id>/readiness/checklist", methods=["POST"])
@blp.arguments(ItemCreateSchema)
@blp.response(201, ItemSchema)
@blp.doc(operationId="createChecklistItem")
@require_api_roles("organizer")
def create_item(body, ceremony_id):
    """Add a checklist item (or change the one with that key)."""
    item = setup.save_item(get_ceremony(ceremony_id), **body)
    db.session.commit()
    return item


@blp.route("/ceremonies/<int:ceremony_id>/readiness/checklist/<int:item_id>", methods=["PATCH"])
@blp.arguments(ItemUpdateSchema)
@blp.response(200, ItemSchema)
@blp.doc(operationId="updateChecklistItem")
@require_api_roles("organizer")
def update_item(body, ceremony_id, item_id):
    """Change an item's label, kind, order or whether it is asked."""
    get_ceremony(ceremony_id)
    item = setup.update_item(get_item(ceremony_id, item_id), **body)
    db.session.commit()
    return item


@blp.route("/ceremonies/<int:ceremony_id>/readiness/checklist/<int:item_id>", methods=["DELETE"])
@blp.response(200, ItemDeletedSchema)
@blp.doc(operationId="deleteChecklistItem")
@require_api_roles("organizer")
def delete_item(ceremony_id, item_id):
    """Remove an item; one already answered in reports is switched off instead."""
    get_ceremony(ceremony_id)
    removed = setup.delete_item(get_item(ceremony_id, item_id))
    db.session.commit()
    return {"removed": removed}


@blp.route("/ceremonies/<int:ceremony_id>/readiness/defaults", methods=["POST"])
@blp.response(200, PhaseSchema(many=True))
@blp.doc(operationId="applyReadinessDefaults")
@require_api_roles("organizer")
def apply_defaults(ceremony_id):
    """Add the default windows and checklist where the ceremony has none (idempotent); returns the windows."""
    from ceremony.readiness.operations import ensure_defaults

    ensure_defaults(get_ceremony(ceremony_id))
    db.session.commit()
    return queries.phases(ceremony_id)
