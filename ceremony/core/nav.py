"""Per-ceremony navigation that every domain adds its pages to, without editing a shared template.

A domain's views module calls ``ceremony_nav(bp, label, endpoint, order)``; the ``ceremony_nav``
macro in ``templates/macros/ceremony.html`` shows the items of the running app, in order.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: object  # a lazy_gettext string
    endpoint: str  # takes ``ceremony_id``
    order: int
    roles: tuple[str, ...] = ()  # empty: every logged-in user


def ceremony_nav(bp, label, endpoint: str, order: int = 50, roles: tuple[str, ...] = ()) -> None:
    """Register a page of ``bp`` in the ceremony navigation."""
    item = NavItem(label, endpoint, order, roles)

    def record(state):
        items = state.app.extensions.setdefault("ceremony_nav", [])
        # Compare by endpoint: comparing lazy labels would need a request context.
        if all(i.endpoint != item.endpoint for i in items):
            items.append(item)
            items.sort(key=lambda i: i.order)

    bp.record_once(record)


def nav_items(app, user) -> list[NavItem]:
    items = app.extensions.get("ceremony_nav", [])
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [i for i in items if not i.roles or user.has_role(*i.roles)]


@dataclass(frozen=True)
class OverviewPanel:
    template: str  # rendered with ``ceremony`` and what ``context`` returns
    context: object  # callable(ceremony) -> dict
    order: int


def overview_panel(bp, template: str, context, order: int = 50) -> None:
    """Register a panel of ``bp``'s domain on the ceremony overview page."""
    panel = OverviewPanel(template, context, order)

    def record(state):
        panels = state.app.extensions.setdefault("overview_panels", [])
        if all(p.template != panel.template for p in panels):
            panels.append(panel)
            panels.sort(key=lambda p: p.order)

    bp.record_once(record)


def overview_panels(app, ceremony) -> list[tuple[str, dict]]:
    """(template, context) of every registered panel, for one ceremony."""
    return [(p.template, p.context(ceremony)) for p in app.extensions.get("overview_panels", [])]
