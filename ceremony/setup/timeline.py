"""Times of the after-launch domains (campaign windows, unit report deadlines) in the "what moved" list.

They are already stored as offsets from the start, so a new date moves them; this only lists them
(``core.timeline``) so the organizer sees them move with the rest.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ceremony.core.timeline import TimedItem, register_timed
from ceremony.extensions import db


def _campaigns(ceremony) -> list[TimedItem]:
    from ceremony.campaign.models import Campaign

    items = []
    for c in db.session.scalars(sa.select(Campaign).where(Campaign.ceremony_id == ceremony.id).order_by(Campaign.id)):
        items.append(TimedItem(f"campaign:{c.id}:opens", _("Campaign opens: %(title)s", title=c.title), c.opens_at))
        items.append(TimedItem(f"campaign:{c.id}:closes", _("Campaign closes: %(title)s", title=c.title), c.closes_at))
    return items


def _report_requests(ceremony) -> list[TimedItem]:
    from ceremony.reports.models import ReportRequest

    return [TimedItem(f"reports:{r.id}:due", _("Unit reports due: %(title)s", title=r.title), r.due_at)
            for r in db.session.scalars(sa.select(ReportRequest).where(ReportRequest.ceremony_id == ceremony.id)
                                        .order_by(ReportRequest.id))]


register_timed("campaign", _campaigns)
register_timed("reports", _report_requests)
