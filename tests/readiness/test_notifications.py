"""The outgoing channel: queued once per key, delivered once, a broken gateway does not silence the log."""
import pytest
import sqlalchemy as sa

from ceremony.notifications import channels
from ceremony.notifications.models import Notification
from ceremony.notifications.operations import deliver_pending, queue_notification


def test_a_notification_is_queued_once_and_sent_through_every_channel(db, monkeypatch):
    received = []
    monkeypatch.setitem(channels.CHANNELS, "zalo", lambda n, app: received.append(n.address) or True)

    def broken(n, app):
        raise ConnectionError("gateway down")

    monkeypatch.setitem(channels.CHANNELS, "sms", broken)
    assert queue_notification("k1", recipient="Huyện Lý Sơn", address="0905000111", subject="s", body="b")
    assert not queue_notification("k1", recipient="Huyện Lý Sơn", address="0905000111", subject="s", body="b")
    db.session.commit()
    assert deliver_pending() == 1
    row = db.session.scalar(sa.select(Notification))
    # The SMS gateway failed: the record does not say "sent", and the message waits for a retry.
    assert row.channels == "log,zalo" and "gateway down" in row.error and row.sent_at is None
    assert row.claimed_at is None and row.attempts == 1
    monkeypatch.setitem(channels.CHANNELS, "sms", lambda n, app: True)  # the gateway is back
    assert deliver_pending() == 1
    db.session.refresh(row)
    assert row.channels == "log,zalo,sms" and row.error == "" and row.sent_at is not None
    assert received == ["0905000111"]  # the retry did not send the working channel again
    assert deliver_pending() == 0


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_email_goes_out_only_when_smtp_is_configured(app, db, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append((host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(message["To"])

    monkeypatch.setattr(channels.smtplib, "SMTP", FakeSMTP)
    monkeypatch.delenv("CEREMONY_SMTP_HOST", raising=False)
    queue_notification("a", recipient="x", address="ops@quangngai.gov.vn", subject="s", body="b")
    db.session.commit()
    deliver_pending()
    assert sent == []
    app.config["SMTP_HOST"] = "127.0.0.1"
    queue_notification("b", recipient="x", address="ops@quangngai.gov.vn", subject="s", body="b")
    db.session.commit()
    deliver_pending()
    assert sent == [("127.0.0.1", 25), "ops@quangngai.gov.vn"]
