"""Planned and expected times: the plan, an overrun moving later segments, fixed times absorbing it."""
from datetime import timedelta

from ceremony.program import operations, queries


def _local_hm(value):
    from ceremony.core.time import local

    return local(value).strftime("%H:%M")


def test_planned_times_follow_the_start_and_the_durations(program):
    line = queries.build_timeline(program)
    assert [_local_hm(s.planned_start) for s in line.slots] == ["08:00", "08:05", "08:20", "08:25", "08:30"]
    assert _local_hm(line.planned_end) == "08:33"
    assert line.warnings == []


def test_a_program_past_the_end_is_warned(db, program):
    operations.create_segment(program, kind="speech", title="Phát biểu dài", planned_minutes=40)
    db.session.commit()
    warnings = queries.build_timeline(program).warnings
    assert len(warnings) == 1 and "13" in warnings[0]  # 08:33 + 40 = 09:13, 13 minutes past 09:00


def test_a_person_on_stage_twice_at_once_is_warned(db, program, make_delegate):
    delegate = make_delegate(program)
    segments = queries.list_segments(program.id)
    speech, launch = segments[1], segments[2]
    operations.update_segment(speech, people=[{"delegate_id": delegate.id, "role": "Phát biểu"}])
    operations.update_segment(launch, people=[{"delegate_id": delegate.id, "role": "Nhấn nút"}])
    db.session.commit()
    assert queries.build_timeline(program).warnings == []  # one after the other is fine
    # Fix the launch at 08:10, inside the speech (08:05–08:20): the same person on stage twice.
    operations.update_segment(launch, is_fixed_time=True, fixed_start_at=program.starts_at + timedelta(minutes=10))
    db.session.commit()
    warnings = queries.build_timeline(program).warnings
    assert any("same time" in w or "cùng lúc" in w for w in warnings), warnings
    assert any("fixed" in w or "cố định" in w for w in warnings), warnings


def test_an_overrun_moves_later_segments_and_a_fixed_segment_absorbs_it(db, program, director, clock):
    segments = queries.list_segments(program.id)
    closing = segments[-1]
    operations.update_segment(closing, is_fixed_time=True, fixed_start_at=program.starts_at + timedelta(minutes=35))
    db.session.commit()
    clock.set(program.starts_at)
    operations.start_show(program, director, override="test")
    clock.advance(minutes=5)
    operations.next_segment(program, director)  # the speech starts on time at 08:05
    clock.advance(minutes=18)                     # 08:23: three minutes over its 15
    db.session.commit()
    line = queries.build_timeline(program)
    assert line.clock.overrun == 180 and line.clock.remaining == -180
    starts = [_local_hm(s.expected_start) for s in line.slots]
    assert starts == ["08:00", "08:05", "08:23", "08:28", "08:35"]  # the fixed closing keeps 08:35
    assert line.slots[-1].absorbed_seconds == 0
    clock.advance(minutes=10)  # 08:33: thirteen over; launch 08:33–38, response 38–43; closing absorbs
    line = queries.build_timeline(program)
    assert _local_hm(line.slots[-1].expected_start) == "08:43"
    assert line.slots[-1].absorbed_seconds == 8 * 60
    assert _local_hm(line.expected_end) == "08:43"  # squeezed to nothing, the show ends with it


def test_hold_stops_the_clock_and_extend_adds_time(db, running, director, clock):
    clock.advance(minutes=2)
    operations.hold_show(running, director)
    clock.advance(minutes=4)
    line = queries.build_timeline(running)
    assert line.clock.held and line.clock.elapsed == 120 and line.clock.remaining == 180
    operations.resume_show(running, director)
    operations.extend_segment(running, director, 5)
    clock.advance(minutes=1)
    line = queries.build_timeline(running)
    assert (line.clock.elapsed, line.clock.allotted, line.clock.remaining) == (180, 600, 420)
    # Held 4 minutes and extended 5: the show now ends 9 minutes after the plan, at 08:42.
    assert line.drift_seconds == 9 * 60
    assert _local_hm(line.expected_end) == "08:42"
    db.session.commit()
