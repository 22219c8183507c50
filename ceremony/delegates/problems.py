"""The problems an import can find in a row, each with a code, in English for the API and in the
reader's language on the pages."""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "required": _l("required"),
    "too_long": _l("longer than %(limit)s characters"),
    "bad_phone": _l("not a Vietnamese phone number: '%(value)s'"),
    "bad_email": _l("not an e-mail address: '%(value)s'"),
    "bad_vip": _l("not yes/no: '%(value)s'"),
    "bad_gender": _l("not Nam/Nữ: '%(value)s'"),
    "unknown_site": _l("no bridge point '%(value)s' (code or name) in this ceremony"),
    "other_site": _l("names the point '%(value)s', but the whole file is for %(site)s"),
    "unknown_category": _l("no composition category '%(value)s' in this ceremony"),
    "wrong_tier": _l("category '%(value)s' is for %(category_tier)s points, %(site)s is a %(site_tier)s point"),
    "existing_phone": _l("same phone as %(who)s, already a delegate"),
    "existing_email": _l("same e-mail as %(who)s, already a delegate"),
    "existing_full_name": _l("same name and unit as %(who)s, already a delegate"),
    "duplicate_phone": _l("same phone as row %(other)s of this file"),
    "duplicate_email": _l("same e-mail as row %(other)s of this file"),
    "duplicate_full_name": _l("same name and unit as row %(other)s of this file"),
    "column_twice": _l("column '%(value)s' appears twice"),
    "missing_column": _l("missing column (accepted headers: %(accepted)s)"),
    "not_object": _l("not an object"),
}
FIELDS = {
    "full_name": _l("Full name"), "title": _l("Job title"), "unit": _l("Unit"), "site_code": _l("Point code"), "site_name": _l("Point"),
    "category": _l("Category"), "phone": _l("Phone"), "email": _l("E-mail"), "zone": _l("Zone"),
    "seat": _l("Seat"), "vip": _l("VIP"), "gender": _l("Gender"), "role": _l("Role on stage"), "row": _l("Row"),
}


def problem(row: int, field: str, code: str, **params) -> dict:
    """One problem of one row: ``{"row", "field", "reason", "code", "params"}`` (reason in English)."""
    with force_locale("en"):
        reason = str(MESSAGES[code]) % params if params else str(MESSAGES[code])
    return {"row": row, "field": field, "reason": reason, "code": code, "params": params}


def explain(error: dict) -> str:
    """The problem in the current language (for pages)."""
    message = MESSAGES.get(error.get("code", ""))
    if message is None:
        return error.get("reason", "")
    params = error.get("params") or {}
    return str(message) % params if params else str(message)


def field_label(field: str) -> str:
    label = FIELDS.get(field)
    return str(label) if label is not None else field
