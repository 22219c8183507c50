"""Building the program and driving the show, through the operations."""
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from ceremony.core.errors import Conflict, InvalidInput
from ceremony.program import operations, queries
from ceremony.program.models import Launch, SegmentRun, ShowEvent, ShowStatus


def _titles(ceremony):
    return [s.title for s in queries.list_segments(ceremony.id)]


def test_reorder_move_and_delete(db, program):
    ids = [s.id for s in queries.list_segments(program.id)]
    operations.reorder_segments(program, list(reversed(ids)))
    db.session.commit()
    assert _titles(program)[0] == "Kết thúc"
    with pytest.raises(InvalidInput) as error:
        operations.reorder_segments(program, ids[:-1])
    assert error.value.field == "segment_ids"
    first = queries.list_segments(program.id)[0]
    operations.move_segment(first, +1)
    assert _titles(program)[:2] == ["Phát biểu hưởng ứng của Đức Phổ", "Kết thúc"]
    operations.delete_segment(first)
    db.session.commit()
    assert len(_titles(program)) == 4
    assert [s.position for s in queries.list_segments(program.id)] == [0, 1, 2, 3]


def test_invalid_segments_are_refused_with_the_field(db, program):
    for fields, field in [(dict(kind="dance", title="x"), "kind"), (dict(kind="speech", title="  "), "title"),
                          (dict(kind="speech", title="x", planned_minutes=-1), "planned_minutes"),
                          (dict(kind="speech", title="x", is_fixed_time=True), "fixed_start_at")]:
        with pytest.raises(InvalidInput) as error:
            operations.create_segment(program, **fields)
        assert error.value.field == field
        db.session.rollback()


def test_people_link_delegates_of_this_ceremony_only(db, program, make_ceremony, make_delegate):
    other = make_delegate(make_ceremony())
    segment = queries.list_segments(program.id)[1]
    with pytest.raises(InvalidInput):
        operations.update_segment(segment, people=[{"delegate_id": other.id}])
    db.session.rollback()
    mine = make_delegate(program, name="Trần Thị Mai")
    segment = queries.list_segments(program.id)[1]
    operations.update_segment(segment, people=[{"delegate_id": mine.id}, {"role": "MC"}])
    db.session.commit()
    assert [p.label for p in segment.people] == ["Ông Trần Thị Mai, Phó Chủ tịch UBND tỉnh", "MC"]


def test_duplicate_a_program_from_another_ceremony(db, program, make_ceremony):
    from datetime import datetime

    target = make_ceremony(starts_at=datetime(2025, 1, 10, 14, 0), ends_at=datetime(2025, 1, 10, 15, 0))
    copies = operations.duplicate_program(target, program)
    db.session.commit()
    assert [c.title for c in copies] == _titles(program)
    response = next(c for c in copies if c.kind.value == "response")
    assert response.floor_site.code == "534" and response.floor_site.ceremony_id == target.id
    with pytest.raises(Conflict):
        operations.duplicate_program(target, program)
    operations.duplicate_program(target, program, replace=True)
    db.session.commit()
    assert len(_titles(target)) == 5


def test_the_show_needs_readiness_or_an_override(db, program, director, clock):
    from ceremony.ceremonies.operations import change_status

    change_status(program, "published")
    db.session.commit()
    clock.set(program.starts_at)
    with pytest.raises(Conflict) as error:
        operations.start_show(program, director)  # readiness unknown here
    assert error.value.field == "override"
    db.session.rollback()
    operations.start_show(program, director, override="Đã kiểm tra bằng điện thoại")
    db.session.commit()
    event = db.session.scalar(sa.select(ShowEvent).where(ShowEvent.action == "start"))
    assert "lý do vẫn bắt đầu: Đã kiểm tra bằng điện thoại" in event.detail and event.user_id == director.id
    assert program.status.value == "live"


def test_a_whole_show_is_recorded_minute_by_minute(db, running, director, clock):
    segments = queries.list_segments(running.id)
    for minutes in (6, 14, 5, 7):
        clock.advance(minutes=minutes)
        operations.next_segment(running, director)
    clock.advance(minutes=3)
    show = operations.next_segment(running, director)
    db.session.commit()
    assert show.status is ShowStatus.finished
    runs = queries.runs_by_segment(running.id)
    assert [runs[s.id].ended_at - runs[s.id].started_at for s in segments] == \
        [timedelta(minutes=m) for m in (6, 14, 5, 7, 3)]
    assert [e.action for e in queries.show_log(running.id)] == ["start", "next", "next", "next", "next", "finish"]
    with pytest.raises(Conflict):
        operations.next_segment(running, director)


def test_a_double_click_on_next_moves_once(db, running, director):
    first = queries.get_show(running.id).current_segment_id
    operations.next_segment(running, director, expected_current_id=first)
    operations.next_segment(running, director, expected_current_id=first)
    db.session.commit()
    assert queries.list_segments(running.id).index(queries.get_show(running.id).current_segment) == 1


def _to_launch(db, ceremony, director):
    for _ in range(2):
        operations.next_segment(ceremony, director)
    db.session.commit()
    return queries.get_show(ceremony.id).current_segment


def test_the_launch_fires_once(db, running, director, clock):
    with pytest.raises(Conflict):
        operations.fire_launch(running, director)  # the introduction is no launch
    launch_segment = _to_launch(db, running, director)
    launch, created = operations.fire_launch(running, director)
    db.session.commit()
    assert created and launch.switch_at - launch.fired_at == timedelta(milliseconds=700)
    clock.advance(seconds=1)
    again, created = operations.fire_launch(running, director, segment_id=launch_segment.id)
    db.session.commit()
    assert not created and again.id == launch.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Launch)) == 1
    state = queries.show_state(running)
    assert state["launch"]["segment_id"] == launch_segment.id
    assert state["launch"]["switch_ms"] == int(launch.switch_at.timestamp() * 1000)


def test_two_clients_firing_at_once_record_one_launch(app, db, running, director):
    _to_launch(db, running, director)
    ceremony_id, user_id = running.id, director.id
    barrier = threading.Barrier(2)
    results, errors = [], []

    def press():
        from ceremony.ceremonies.models import Ceremony
        from ceremony.users.models import User

        with app.app_context():
            try:
                ceremony, user = db.session.get(Ceremony, ceremony_id), db.session.get(User, user_id)
                barrier.wait(timeout=10)
                launch, created = operations.fire_launch(ceremony, user, source="api")
                db.session.commit()
                results.append((launch.id, created))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(created for _, created in results) == [False, True]
    assert len({launch_id for launch_id, _ in results}) == 1
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Launch)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShowEvent)
                             .where(ShowEvent.action == "launch")) == 1


def test_the_floor_goes_to_one_point(db, running, director):
    from ceremony.sites.models import Site

    site = db.session.scalar(sa.select(Site).where(Site.ceremony_id == running.id, Site.code == "21553"))
    operations.hand_floor(running, director, site.id)
    db.session.commit()
    assert queries.show_state(running)["floor"] == {"code": "21553", "name": "Xã Phổ An"}
    operations.hand_floor(running, director, None)
    db.session.commit()
    assert queries.show_state(running)["floor"] is None


def test_a_segment_that_ran_cannot_be_deleted(db, running):
    current = queries.get_show(running.id).current_segment
    assert db.session.scalar(sa.select(SegmentRun).where(SegmentRun.segment_id == current.id)) is not None
    with pytest.raises(Conflict):
        operations.delete_segment(current)


def test_the_readiness_check_reads_the_readiness_domain(db, program, clock):
    from datetime import timedelta

    from ceremony.readiness.operations import ensure_defaults, record_checkin
    from ceremony.readiness.queries import get_phase
    from ceremony.sites.models import Site

    from ceremony.readiness.models import ReadinessPhase

    db.session.execute(db.delete(ReadinessPhase).where(ReadinessPhase.ceremony_id == program.id))
    assert queries.readiness_check(program)["status"] == "unknown"  # no window at all
    ensure_defaults(program)  # every new ceremony has them; put them back
    t30 = get_phase(program.id, "t30")
    clock.set(t30.opens_at + timedelta(minutes=1))
    sites = list(db.session.scalars(db.select(Site).where(Site.ceremony_id == program.id)))
    for site in sites[:-1]:
        record_checkin(site, idempotency_key=f"key-{site.id}-ok", answers=[])
    check = queries.readiness_check(program)
    assert check["ready"] == 0 and check["total"] == len(sites)  # nothing ticked: not ready
    assert check["status"] == "not_ready" and "điểm cầu sẵn sàng" in check["detail"]


def test_a_rehearsal_is_reset_and_stays_in_the_log(db, running, director):
    from ceremony.core.errors import InvalidInput as Invalid

    for _ in range(2):
        operations.next_segment(running, director)
    operations.fire_launch(running, director)
    db.session.commit()
    with pytest.raises(Invalid):
        operations.reset_show(running, director)
    operations.reset_show(running, director, reason="Hết tổng duyệt")
    db.session.commit()
    assert queries.get_show(running.id).status is ShowStatus.ready
    assert queries.runs_by_segment(running.id) == {} and queries.launches(running.id) == []
    assert [e.action for e in queries.show_log(running.id)][-1] == "reset"
    operations.start_show(running, director, override="lễ chính thức")
    db.session.commit()
    assert queries.show_state(running)["segments"][0]["state"] == "current"


def test_a_launch_outside_its_segment_is_refused(db, program, running, director):
    launch_segment = next(s for s in queries.list_segments(program.id) if s.kind.value == "launch")
    with pytest.raises(Conflict):
        operations.fire_launch(running, director, segment_id=launch_segment.id)  # still the introduction
    db.session.rollback()
    assert queries.launches(running.id) == []
