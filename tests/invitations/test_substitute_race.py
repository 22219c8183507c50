"""A substitute sent while the original's code is being scanned at a gate: never both admitted.

Each test forces one interleaving with events (no sleeps): one side reads, then waits while the
other side commits, then goes on; the locks must make it see the other's write.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from ceremony.attendance import operations as attendance
from ceremony.attendance.models import DelegateCheckIn, ScanResult
from ceremony.ceremonies.models import Ceremony
from ceremony.core.errors import Conflict
from ceremony.extensions import db as _db
from ceremony.invitations import rsvp
from ceremony.invitations.models import Invitation

from tests.attendance.conftest import invited, make_invited  # noqa: F401  (fixtures)


def _scan(app, ceremony_id, token):
    with app.app_context():
        try:
            outcome = attendance.redeem_checkin(_db.session.get(Ceremony, ceremony_id), token, "Cổng", "g", "n1")
            _db.session.commit()
            return outcome.result
        finally:
            _db.session.remove()


def _substitute(app, invitation_id):
    with app.app_context():
        try:
            rsvp.send_substitute(_db.session.get(Invitation, invitation_id), "Người Dự Thay", "", "0905123456")
            _db.session.commit()
            return "sent"
        except Conflict:
            _db.session.rollback()
            return "refused"
        finally:
            _db.session.remove()


def _live_invitations(db, delegate_ids):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Invitation).where(
        Invitation.delegate_id.in_(delegate_ids), Invitation.revoked_at.is_(None)))


def test_scan_read_before_the_substitute_is_refused_after_it(app, db, invited, monkeypatch, backend):
    ceremony_id, original = invited.ceremony.id, invited.invitations[5]
    token, invitation_id = original.token, original.id
    db.session.remove()
    resolved, sent = threading.Event(), threading.Event()
    real_resolve = attendance._resolve

    def resolve_then_wait(*args):
        answer = real_resolve(*args)
        resolved.set()
        assert sent.wait(timeout=20)
        return answer

    monkeypatch.setattr(attendance, "_resolve", resolve_then_wait)
    with ThreadPoolExecutor(2) as pool:
        scan = pool.submit(_scan, app, ceremony_id, token)
        assert resolved.wait(timeout=20)
        assert _substitute(app, invitation_id) == "sent"
        sent.set()
        assert scan.result(timeout=30) is ScanResult.revoked, backend
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 0


def test_substitute_checked_before_the_scan_is_refused_after_it(app, db, invited, monkeypatch, backend):
    ceremony_id, original = invited.ceremony.id, invited.invitations[5]
    token, invitation_id, delegate_id = original.token, original.id, original.delegate_id
    db.session.remove()
    checked, scanned = threading.Event(), threading.Event()
    real_check = rsvp._is_checked_in
    first = {"call": True}

    def check_then_wait(invitation):
        answer = real_check(invitation)
        if first.pop("call", False):
            checked.set()
            assert scanned.wait(timeout=20)
        return answer

    monkeypatch.setattr(rsvp, "_is_checked_in", check_then_wait)
    with ThreadPoolExecutor(2) as pool:
        substitute = pool.submit(_substitute, app, invitation_id)
        assert checked.wait(timeout=20)
        assert _scan(app, ceremony_id, token) is ScanResult.welcome
        scanned.set()
        assert substitute.result(timeout=30) == "refused", backend
    assert not db.session.get(Invitation, invitation_id).is_revoked
    assert _live_invitations(db, [delegate_id]) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == len(invited.invitations)
