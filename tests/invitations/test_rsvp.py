"""RSVP operations: attend, decline, send a substitute (the old token revoked, the new one works)."""
import pytest
import sqlalchemy as sa

from ceremony.attendance.models import ScanResult
from ceremony.attendance.operations import redeem_checkin
from ceremony.core.errors import Conflict, InvalidInput, NotFound
from ceremony.delegates.models import Delegate
from ceremony.invitations.models import RsvpStatus
from ceremony.invitations.rsvp import invitation_for_page, respond, rsvp_counts, send_substitute, substitute_of

from tests.attendance.conftest import invited, make_invited  # noqa: F401  (fixtures)


def test_attend_then_change_to_decline(db, invited, clock):
    invitation = invited.invitations[0]
    respond(invitation, "attending")
    assert invitation.rsvp_status is RsvpStatus.attending and invitation.rsvp_at == clock.current
    respond(invitation, RsvpStatus.declined)
    db.session.commit()
    assert rsvp_counts(invited.ceremony.id)["declined"] == 1
    with pytest.raises(InvalidInput) as error:
        respond(invitation, "maybe")
    assert error.value.field == "answer"


def test_substitute_gets_own_invitation_and_the_old_token_is_revoked(db, invited):
    original = invited.invitations[1]
    replacement = send_substitute(original, "  Nguyễn Văn  Tâm ", "Phó Giám đốc Sở Thông tin và Truyền thông",
                                  "0905 123 456")
    db.session.commit()
    assert original.is_revoked and original.rsvp_status is RsvpStatus.substituted
    assert "Nguyễn Văn Tâm" in original.revoked_reason
    assert replacement.substitute_for_id == original.id and replacement.rsvp_status is RsvpStatus.attending
    new_delegate = replacement.delegate
    assert new_delegate.person.full_name == "Nguyễn Văn Tâm"
    assert (new_delegate.site_id, new_delegate.zone, new_delegate.category_id) == \
        (invited.delegates[1].site_id, invited.delegates[1].zone, invited.delegates[1].category_id)
    assert substitute_of(original) == replacement
    # At the gate: the old code is refused, the new one welcomed.
    assert redeem_checkin(invited.ceremony, original.token, "A", "d", "1").result is ScanResult.revoked
    outcome = redeem_checkin(invited.ceremony, replacement.token, "A", "d", "2")
    assert outcome.result is ScanResult.welcome and outcome.delegate.id == new_delegate.id
    # The original is no longer expected; the substitute is.
    from ceremony.attendance.queries import attendance_counts
    counts = attendance_counts(invited.ceremony.id)
    assert counts["invited"] == 7 and counts["present"] == 1
    with pytest.raises(Conflict):
        respond(original, "attending")
    with pytest.raises(Conflict):
        send_substitute(original, "Ai đó", "", "0905123456")


def test_substitute_input_is_checked_and_nothing_is_written(db, invited):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Delegate))
    for args, field in [(("", "", "0905123456"), "full_name"), (("Lê Thị B", "", "call me"), "phone"),
                        (("Lê Thị B", "", ""), "phone"), (("x" * 121, "", "0905123456"), "full_name")]:
        with pytest.raises(InvalidInput) as error:
            send_substitute(invited.invitations[2], *args)
        assert error.value.field == field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)) == before
    assert not invited.invitations[2].is_revoked


def test_no_substitute_once_checked_in(db, invited):
    redeem_checkin(invited.ceremony, invited.token(3), "A", "d", "1")
    with pytest.raises(Conflict):
        send_substitute(invited.invitations[3], "Lê Thị B", "", "0905123456")


def test_unknown_and_forged_tokens_are_not_found(db, invited):
    with pytest.raises(NotFound):
        invitation_for_page("c1.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAA")
    with pytest.raises(NotFound):
        invitation_for_page("nonsense")
    assert invitation_for_page(invited.token(0)) == invited.invitations[0]


def test_substitutes_sent_at_once_make_one_heir(app, db, invited):
    """A double tap on a flaky phone: four substitutes at the same instant, one new invitation."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from ceremony.extensions import db as _db
    from ceremony.invitations.models import Invitation

    original_id = invited.invitations[2].id
    db.session.remove()
    barrier = threading.Barrier(4)

    def one(i):
        with app.app_context():
            invitation = _db.session.get(Invitation, original_id)
            barrier.wait(timeout=10)
            try:
                send_substitute(invitation, f"Người thay {i}", "", "0905123456")
                _db.session.commit()
                return "ok"
            except Conflict:
                _db.session.rollback()
                return "conflict"
            finally:
                _db.session.remove()

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(4)))
    assert sorted(results) == ["conflict", "conflict", "conflict", "ok"], results
    heirs = db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                              .where(Invitation.substitute_for_id == original_id))
    assert heirs == 1
