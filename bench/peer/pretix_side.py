"""Runs INSIDE the pretix venv (bench/peer_pretix.py calls it): seed an event, or time its badges.

    python pretix_side.py seed N      -> JSON: organizer, list id, API token, N ticket secrets
    python pretix_side.py badges N    -> JSON: seconds, CPU seconds and peak RSS of N badges, one per page
"""
import json
import os
import resource
import sys
import time
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretix.settings")
import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from django.utils.timezone import now  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from pretix.base.models import CheckinList, Event, Item, Order, OrderPosition, Organizer, Team  # noqa: E402


def seed(n: int) -> dict:
    with scopes_disabled():
        organizer = Organizer.objects.create(name="Bench", slug="bench")
        event = Event.objects.create(organizer=organizer, name="Bench", slug="bench", live=True,
                                     date_from=now() + timedelta(days=1), plugins="pretix.plugins.badges")
        item = Item.objects.create(event=event, name="Ticket", default_price=Decimal("0"), admission=True)
        checkin_list = CheckinList.objects.create(event=event, name="Gate", all_products=True)
        team = Team.objects.create(organizer=organizer, name="API", all_events=True, all_event_permissions=True,
                                   all_organizer_permissions=True)
        token = team.tokens.create(name="bench")
        # pretix's default badge (the attendee's name) plus a QR code of the ticket secret, like ours.
        event.badge_layouts.create(name="Default", default=True, layout=json.dumps([
            {"type": "textarea", "left": "13.09", "bottom": "49.73", "fontsize": "23.6", "color": [0, 0, 0, 1],
             "fontfamily": "Open Sans", "bold": True, "italic": False, "width": "121.83", "content": "attendee_name",
             "text": "Max Mustermann", "align": "center"},
            {"type": "barcodearea", "left": "55", "bottom": "8", "size": "35", "content": "secret"}]))
        at = now()
        channel = organizer.sales_channels.filter(identifier="web").first()
        if channel is None:
            channel = organizer.sales_channels.create(identifier="web", label="Online shop", type="web")
        positions = []
        with transaction.atomic():  # each through save(), as pretix fills its own derived fields there
            for i in range(n):
                order = Order.objects.create(event=event, code=f"B{i:06d}", status=Order.STATUS_PAID,
                                             email=f"guest{i}@bench.local", sales_channel=channel,
                                             total=Decimal("0"), datetime=at, expires=at + timedelta(days=3),
                                             locale="en", secret=get_random_string(16))
                positions.append(OrderPosition.objects.create(
                    order=order, item=item, price=Decimal("0"), positionid=1, secret=get_random_string(32),
                    attendee_name_parts={"_scheme": "full", "full_name": f"Nguyễn Văn Khách {i:05d}"}))
        return {"organizer": "bench", "event": "bench", "list": checkin_list.pk, "token": token.token,
                "secrets": [p.secret for p in positions]}


def badges(n: int) -> dict:
    from pretix.plugins.badges.exporters import OPTIONS, render_pdf

    with scopes_disabled():
        event = Event.objects.get(slug="bench")
        positions = list(OrderPosition.objects.filter(order__event=event).select_related("order", "item")
                         .order_by("order__code")[:n])
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started, cpu = time.perf_counter(), time.process_time()
        out = BytesIO()
        render_pdf(event, positions, OPTIONS["one"], out)
        return {"n": len(positions), "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                "bytes": len(out.getvalue()), "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "grew_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base}


if __name__ == "__main__":
    command, count = sys.argv[1], int(sys.argv[2])
    print(json.dumps(seed(count) if command == "seed" else badges(count)))
