"""Check-ins: every result kind, exactly once, retried nonces, offline batches, lateness, remote points."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from ceremony.attendance.models import DelegateCheckIn, CheckInMethod, PointHeadcount, GateScan, ScanResult
from ceremony.attendance.operations import mark_present, redeem_checkin, report_headcount, upload_scans
from ceremony.core.errors import Forbidden, InvalidInput
from ceremony.invitations.operations import revoke_invitation
from ceremony.invitations.tokens import make_token

START = datetime(2024, 9, 27, 1, 0, tzinfo=timezone.utc)  # 08:00 in Vietnam


def scan(invited, text, gate="Cổng A", device="phone-1", nonce=None, **kw):
    scan.n = getattr(scan, "n", 0) + 1
    return redeem_checkin(invited.ceremony, text, gate, device, nonce or f"n{scan.n}", **kw)


def test_welcome_then_already_with_the_first_time_and_gate(db, invited, clock):
    clock.set(START - timedelta(minutes=20))
    first = scan(invited, f"https://ceremony.test/i/{invited.token(0)}", gate="Cổng A")
    db.session.commit()
    assert first.result is ScanResult.welcome
    assert first.delegate.name == "Nguyễn Thị Ánh Tuyết" and first.delegate.zone == "A"
    assert not first.checkin.is_late
    clock.advance(minutes=3)
    again = scan(invited, invited.token(0), gate="Cổng B", device="phone-2")
    db.session.commit()
    assert again.result is ScanResult.already
    assert again.checkin.gate == "Cổng A" and again.checkin.checked_in_at == START - timedelta(minutes=20)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan)) == 2


def test_refusals_are_answered_and_logged(db, make_invited, clock):
    one, other = make_invited(), make_invited()
    revoke_invitation(one.invitations[1], "thay người")
    db.session.commit()
    stranger, _ = make_token(one.ceremony.id)  # well signed, unknown key
    answers = {
        "other ceremony": scan(one, other.token(0)).result,
        "unknown key": scan(one, stranger).result,
        "revoked": scan(one, one.token(1)).result,
        "garbage": scan(one, "hello world").result,
        "forged": scan(one, one.token(2)[:-1] + ("x" if one.token(2)[-1] != "x" else "y")).result,
    }
    db.session.commit()
    assert answers == {"other ceremony": ScanResult.not_invited, "unknown key": ScanResult.not_invited,
                       "revoked": ScanResult.revoked, "garbage": ScanResult.unreadable,
                       "forged": ScanResult.unreadable}
    logged = db.session.scalars(sa.select(GateScan.result).order_by(GateScan.id)).all()
    assert logged == list(answers.values())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 0


def test_a_retried_nonce_is_recorded_once(db, invited):
    first = scan(invited, invited.token(0), device="gate-1", nonce="abc")
    db.session.commit()
    retry = scan(invited, invited.token(0), device="gate-1", nonce="abc")
    db.session.commit()
    assert first.result is retry.result is ScanResult.welcome and retry.replayed
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan)) == 1
    # The same nonce from another device is another scan.
    assert scan(invited, invited.token(0), device="gate-2", nonce="abc").result is ScanResult.already


def test_late_arrival_names_the_running_segment(db, invited, clock):
    clock.set(START + timedelta(minutes=12))
    outcome = scan(invited, invited.token(3))
    db.session.commit()
    assert outcome.checkin.is_late and outcome.checkin.late_segment_title == "Phát biểu khai mạc"
    clock.set(START + timedelta(hours=2))
    assert scan(invited, invited.token(2)).checkin.late_segment_title == "Nghi thức khai trương"


def test_offline_batch_is_idempotent_and_flags_conflicts(db, invited, clock):
    clock.set(START - timedelta(minutes=30))
    revoke_invitation(invited.invitations[1], "thay người")
    scan(invited, invited.token(2), gate="Cổng A")  # already in online
    db.session.commit()
    clock.advance(minutes=10)
    at = START - timedelta(minutes=25)
    batch = [
        {"text": invited.token(0), "gate": "Cổng B", "device": "tab-1", "nonce": "o1", "scanned_at": at,
         "local_result": "welcome"},
        {"text": invited.token(1), "gate": "Cổng B", "device": "tab-1", "nonce": "o2", "scanned_at": at,
         "local_result": "welcome"},  # revoked meanwhile: let in offline, refused online
        {"text": invited.token(2), "gate": "Cổng B", "device": "tab-1", "nonce": "o3", "scanned_at": at,
         "local_result": "welcome"},  # already in at gate A
        {"text": invited.token(3), "gate": "Cổng B", "device": "tab-1", "nonce": "o4", "scanned_at": at,
         "local_result": "not_invited"},  # turned away offline, invited online
    ]
    outcomes = upload_scans(invited.ceremony, batch)
    db.session.commit()
    assert [o.result.value for o in outcomes] == ["welcome", "revoked", "already", "welcome"]
    assert [o.is_conflict for o in outcomes] == [False, True, True, True]
    assert outcomes[0].checkin.checked_in_at == at and outcomes[0].checkin.method is CheckInMethod.offline
    again = upload_scans(invited.ceremony, batch)
    db.session.commit()
    assert all(o.replayed for o in again)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GateScan).where(GateScan.device == "tab-1")) == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DelegateCheckIn)) == 3


def test_offline_time_from_the_future_is_clamped(db, invited, clock):
    clock.set(START)
    outcome = upload_scans(invited.ceremony, [{"text": invited.token(0), "gate": "G", "device": "d",
                                               "nonce": "x", "scanned_at": START + timedelta(days=1)}])[0]
    assert outcome.checkin.checked_in_at == START


def test_malformed_scans_name_the_field(db, invited):
    for kwargs, field in [({"gate": ""}, "gate"), ({"device": " "}, "device"), ({"nonce": ""}, "nonce"),
                          ({"text": ""}, "text"), ({"gate": "x" * 61}, "gate")]:
        args = {"text": invited.token(0), "gate": "G", "device": "d", "nonce": "n", **kwargs}
        with pytest.raises(InvalidInput) as error:
            redeem_checkin(invited.ceremony, **args)
        assert error.value.field == field


def test_remote_operator_marks_own_delegates_only(db, invited, make_user):
    operator = make_user("operator", site_codes=["534"])
    first = mark_present(invited.ceremony, invited.remote[0].id, operator)
    again = mark_present(invited.ceremony, invited.remote[0].id, operator)
    db.session.commit()
    assert first.result is ScanResult.welcome and again.result is ScanResult.already
    assert first.checkin.method is CheckInMethod.roster and first.checkin.gate == "534"
    with pytest.raises(Forbidden):
        mark_present(invited.ceremony, invited.delegates[0].id, operator)
    phoan = invited.sites["21553"]  # a commune under Đức Phổ: covered
    report_headcount(invited.ceremony, phoan, 35, operator)
    report_headcount(invited.ceremony, phoan, 41, operator)
    db.session.commit()
    assert db.session.scalars(sa.select(PointHeadcount.count)).all() == [41]
    with pytest.raises(Forbidden):
        report_headcount(invited.ceremony, invited.sites["536"], 10, operator)
    with pytest.raises(InvalidInput):
        report_headcount(invited.ceremony, phoan, -1, operator)


def test_lateness_reads_a_cached_timeline_that_a_program_change_drops(db, invited, clock):
    from ceremony.attendance import lateness as lateness_module
    from ceremony.program.models import Segment
    from ceremony.program.operations import update_segment

    clock.set(START + timedelta(minutes=12))
    assert scan(invited, invited.token(3)).checkin.late_segment_title == "Phát biểu khai mạc"
    assert invited.ceremony.id in lateness_module._timelines  # the timeline is kept for the next scans
    speech = db.session.scalar(sa.select(Segment).where(Segment.ceremony_id == invited.ceremony.id,
                                                        Segment.title == "Phát biểu khai mạc"))
    update_segment(speech, title="Phát biểu khai mạc (đổi tên)")  # this process writes the program
    assert invited.ceremony.id not in lateness_module._timelines
    clock.set(START + timedelta(minutes=12, milliseconds=500))
    assert scan(invited, invited.token(2)).checkin.late_segment_title == "Phát biểu khai mạc (đổi tên)"
