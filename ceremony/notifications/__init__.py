"""Outgoing notifications through one pluggable channel (log always, e-mail when SMTP is configured).

Domains call ``operations.queue_notification`` inside their transaction (a unique ``dedupe_key``
makes a repeated call a no-op) and ``operations.deliver_pending`` after the commit. A gateway
(SMS, Zalo) is added with ``channels.register_channel``.
"""
