"""JSON API: composition categories per tier (same operations as the page)."""
import marshmallow as ma

from ceremony.ceremonies.queries import get_ceremony
from ceremony.core.auth import require_api_roles
from ceremony.core.paging import id_field
from ceremony.delegates import categories as ops
from ceremony.delegates.api import blp
from ceremony.delegates.queries import categories as list_categories_of
from ceremony.extensions import db

TIERS = ["province", "district", "commune"]


class CategorySchema(ma.Schema):
    id = ma.fields.Integer()
    tier = ma.fields.Function(lambda c: c.tier.value, metadata={"type": "string", "enum": ["province", "district", "commune"]})
    code = ma.fields.String()
    name = ma.fields.String()
    colour = ma.fields.String()
    protocol_rank = ma.fields.Integer()
    position = ma.fields.Integer()
    delegates = ma.fields.Integer(metadata={"description": "how many delegates are in it"})


class CategoryListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(CategorySchema))


class CategoryUpdateSchema(ma.Schema):
    name = ma.fields.String(validate=ma.validate.Length(max=300))
    colour = ma.fields.String(validate=ma.validate.Length(max=7))
    protocol_rank = ma.fields.Integer(validate=ma.validate.Range(min=0, max=9999))
    tier = ma.fields.String(validate=ma.validate.OneOf(TIERS))


class CategoryCreateSchema(CategoryUpdateSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(max=300))
    tier = ma.fields.String(required=True, validate=ma.validate.OneOf(TIERS))
    code = ma.fields.String(validate=ma.validate.Length(max=40))


class CategoryOrderSchema(ma.Schema):
    tier = ma.fields.String(required=True, validate=ma.validate.OneOf(TIERS))
    category_ids = ma.fields.List(id_field(), required=True, validate=ma.validate.Length(max=500))


class MergeSchema(ma.Schema):
    into_id = id_field(required=True, metadata={"description": "the category that receives the delegates"})


class MergeResultSchema(ma.Schema):
    moved = ma.fields.Integer()
    into = ma.fields.Nested(CategorySchema)


def _with_counts(ceremony_id, items):
    counts = ops.delegate_counts(ceremony_id)
    for category in items:
        category.delegates = counts.get(category.id, 0)
    return items


@blp.route("/ceremonies/<int:ceremony_id>/categories")
@blp.response(200, CategoryListSchema)
@blp.doc(operationId="listCategories")
@require_api_roles()
def list_categories(ceremony_id):
    """The composition categories of every tier, in order, with their delegate counts."""
    get_ceremony(ceremony_id)
    return {"items": _with_counts(ceremony_id, list_categories_of(ceremony_id))}


@blp.route("/ceremonies/<int:ceremony_id>/categories", methods=["POST"])
@blp.arguments(CategoryCreateSchema)
@blp.response(201, CategorySchema)
@blp.doc(operationId="createCategory")
@require_api_roles("organizer")
def create_category(body, ceremony_id):
    """Add a category at the end of its tier (a code is made from the name when not given)."""
    category = ops.create_category(get_ceremony(ceremony_id), **body)
    db.session.commit()
    return _with_counts(ceremony_id, [category])[0]


@blp.route("/ceremonies/<int:ceremony_id>/categories/<int:category_id>", methods=["PATCH"])
@blp.arguments(CategoryUpdateSchema)
@blp.response(200, CategorySchema)
@blp.doc(operationId="updateCategory")
@require_api_roles("organizer")
def update_category(body, ceremony_id, category_id):
    """Rename a category or change its colour, rank or tier."""
    category = ops.update_category(ops.get_category(ceremony_id, category_id), **body)
    db.session.commit()
    return _with_counts(ceremony_id, [category])[0]


@blp.route("/ceremonies/<int:ceremony_id>/categories/<int:category_id>", methods=["DELETE"])
@blp.response(204)
@blp.doc(operationId="deleteCategory")
@require_api_roles("organizer")
def delete_category(ceremony_id, category_id):
    """Remove a category no delegate is in."""
    ops.delete_category(ops.get_category(ceremony_id, category_id))
    db.session.commit()


@blp.route("/ceremonies/<int:ceremony_id>/categories/order", methods=["PUT"])
@blp.arguments(CategoryOrderSchema)
@blp.response(200, CategoryListSchema)
@blp.doc(operationId="reorderCategories")
@require_api_roles("organizer")
def reorder_categories(body, ceremony_id):
    """Order the categories of one tier (every one of them, once)."""
    items = ops.reorder_categories(get_ceremony(ceremony_id), body["tier"], body["category_ids"])
    db.session.commit()
    return {"items": _with_counts(ceremony_id, items)}


@blp.route("/ceremonies/<int:ceremony_id>/categories/<int:category_id>/merge", methods=["POST"])
@blp.arguments(MergeSchema)
@blp.response(200, MergeResultSchema)
@blp.doc(operationId="mergeCategory")
@require_api_roles("organizer")
def merge_category(body, ceremony_id, category_id):
    """Move the delegates of this category into ``into_id``, then delete this one."""
    source = ops.get_category(ceremony_id, category_id)
    into = ops.get_category(ceremony_id, body["into_id"])
    moved = ops.merge_categories(source, into)
    db.session.commit()
    return {"moved": moved, "into": _with_counts(ceremony_id, [into])[0]}
