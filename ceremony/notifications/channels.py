"""Delivery channels. Each is a callable ``(notification, app) -> bool`` (True: it delivered).

``log`` always runs, so every message is in the log; ``email`` runs when ``SMTP_HOST`` (or the
``CEREMONY_SMTP_HOST`` environment variable) is set and the address looks like an e-mail address.
An SMS or Zalo gateway registers itself with ``register_channel("zalo", send)``.
"""
from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage
from typing import Callable

log = logging.getLogger("ceremony.notifications")

Channel = Callable[[object, object], bool]
CHANNELS: dict[str, Channel] = {}


def register_channel(name: str, send: Channel) -> None:
    """Add (or replace) a channel; it is tried for every message, in registration order."""
    CHANNELS[name] = send


def _setting(app, name: str, default: str = "") -> str:
    return str(app.config.get(name) or os.environ.get(f"CEREMONY_{name}", default))


def send_log(notification, app) -> bool:
    log.info("notify %s <%s>: %s | %s", notification.recipient, notification.address or "-",
             notification.subject, notification.body)
    return True


def send_email(notification, app) -> bool:
    host = _setting(app, "SMTP_HOST")
    if not host or "@" not in (notification.address or ""):
        return False
    message = EmailMessage()
    message["From"] = _setting(app, "SMTP_FROM", "ceremony@localhost")
    message["To"] = notification.address
    message["Subject"] = notification.subject
    message.set_content(notification.body)
    port = int(_setting(app, "SMTP_PORT", "25"))
    with smtplib.SMTP(host, port, timeout=10) as smtp:
        if _setting(app, "SMTP_STARTTLS") in ("1", "on", "true"):
            smtp.starttls()
        user = _setting(app, "SMTP_USER")
        if user:
            smtp.login(user, _setting(app, "SMTP_PASSWORD"))
        smtp.send_message(message)
    return True


register_channel("log", send_log)
register_channel("email", send_email)
