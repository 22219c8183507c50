"""Shared pieces of the JSON API: paging arguments and the page envelope."""
from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa

from ceremony.extensions import db

MAX_PER_PAGE = 1000
MAX_ID = 2**31 - 1  # what an INTEGER column holds on every backend


def id_field(**kwargs) -> ma.fields.Integer:
    """An integer id in a query or body: out-of-range ids are a 422, never a database overflow."""
    return ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_ID), **kwargs)


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=MAX_ID // MAX_PER_PAGE))
    per_page = ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=MAX_PER_PAGE))


class PageSchema(ma.Schema):
    total = ma.fields.Integer(required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A page envelope ``{items, total, page, per_page}`` around ``item_schema``."""
    return type(name, (PageSchema,), {"items": ma.fields.List(ma.fields.Nested(item_schema), required=True)})


def paginate(query: sa.Select, page: int, per_page: int) -> dict:
    """Run ``query`` for one page and count the whole."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return {"items": items, "total": total, "page": page, "per_page": per_page}
