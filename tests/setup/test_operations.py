"""Starting ceremonies (empty, from a past one, from a template) and moving them: everything timed follows."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from ceremony.ceremonies.operations import update_ceremony
from ceremony.core.errors import InvalidInput
from ceremony.core.time import VIETNAM, at_offset, offset_minutes, t_label
from ceremony.delegates.categories import create_category
from ceremony.delegates.models import CompositionCategory
from ceremony.followup.operations import create_task
from ceremony.followup.queries import list_tasks
from ceremony.program.operations import create_segment
from ceremony.program.queries import list_segments
from ceremony.readiness.queries import get_phase, phases
from ceremony.setup import operations, queries
from ceremony.sites.models import Site


def test_the_time_helpers():
    start = datetime(2024, 9, 27, 1, 0, tzinfo=timezone.utc)
    assert at_offset(start, -120) == datetime(2024, 9, 26, 23, 0, tzinfo=timezone.utc)
    assert at_offset(start, None) is None
    assert offset_minutes(start, datetime(2024, 9, 27, 10, 30)) == 150  # naive: Vietnam time
    assert (t_label(-120), t_label(0), t_label(10080)) == ("T-120", "T+0", "T+10080")


def test_every_new_ceremony_gets_the_default_windows_and_checklist(db, make_ceremony):
    ceremony = make_ceremony()
    assert [p.key for p in phases(ceremony.id)] == ["rehearsal", "t120", "t30", "live"]
    t120 = get_phase(ceremony.id, "t120")
    assert (t120.opens_offset_minutes, t120.closes_offset_minutes) == (-150, -120)
    assert t120.closes_at == ceremony.starts_at - timedelta(minutes=120)
    live = get_phase(ceremony.id, "live")
    assert (live.opens_at, live.closes_at) == (ceremony.starts_at, ceremony.ends_at)


def test_moving_the_date_moves_windows_deadlines_reminders_and_the_program(db, make_ceremony):
    ceremony = make_ceremony()
    task = create_task(ceremony, title="Báo cáo", tier="district", due_days=7, due_time="17:00",
                       remind_hours_before=24)
    segment = create_segment(ceremony, title="Nhấn nút", kind="launch", is_fixed_time=True,
                             fixed_start_at=datetime(2024, 9, 27, 8, 30))
    db.session.commit()
    old_due, old_t30 = task.due_at, get_phase(ceremony.id, "t30").opens_at
    update_ceremony(ceremony, starts_at=datetime(2025, 3, 10, 14, 0))
    db.session.commit()
    shift = datetime(2025, 3, 10, 14, 0, tzinfo=VIETNAM) - datetime(2024, 9, 27, 8, 0, tzinfo=VIETNAM)
    assert get_phase(ceremony.id, "t30").opens_at == old_t30 + shift
    assert task.due_at == old_due + shift and task.remind_at == task.due_at - timedelta(hours=24)
    assert segment.fixed_start_at == datetime(2025, 3, 10, 14, 30, tzinfo=VIETNAM)
    assert ceremony.ends_at == datetime(2025, 3, 10, 15, 0, tzinfo=VIETNAM)  # the end moved along
    moved = {m.key: m for m in ceremony.moved}
    assert moved["readiness:t30:opens"].old == old_t30 and moved["readiness:t30:opens"].new == old_t30 + shift
    assert {f"followup:{task.id}:due", f"followup:{task.id}:remind", f"program:{segment.id}", "program:start"} <= set(moved)
    assert moved[f"followup:{task.id}:due"].label == "Hạn chót: Báo cáo"


def test_moving_a_ceremony_back_to_the_future_reopens_its_closed_windows(db, make_ceremony, clock):
    ceremony = make_ceremony()
    t30 = get_phase(ceremony.id, "t30")
    t30.closed_at = t30.opened_at = clock()
    db.session.commit()
    update_ceremony(ceremony, starts_at=datetime(2024, 10, 5, 8, 0))
    assert t30.closed_at is None and t30.opened_at is None


def test_start_from_past_copies_what_is_chosen_with_offsets(db, make_ceremony):
    source = make_ceremony(title="Lễ năm ngoái")
    create_category(source, tier="commune", name="Lãnh đạo UBND xã", code="ubnd-xa", colour="#a4161a")
    create_task(source, title="Hướng dẫn người dân", tier="commune", due_days=7, site_codes="21553")
    create_segment(source, title="Khai mạc", kind="introduction", planned_minutes=5)
    db.session.execute(sa.update(Site).where(Site.ceremony_id == source.id, Site.code == "534")
                       .values(operator_name="Anh Tín", operator_phone="0912345678"))
    from ceremony.readiness.setup import add_window
    add_window(source, key="t60", name="Kiểm tra T-60", opens_offset_minutes=-75, closes_offset_minutes=-60)
    db.session.commit()

    target = operations.start_from_past(source, copy=operations.PARTS, title="Lễ năm nay",
                                        starts_at=datetime(2025, 7, 28, 8, 0))
    db.session.commit()
    assert target.venue == source.venue and target.ends_at == target.starts_at + timedelta(hours=1)
    site = db.session.scalar(sa.select(Site).where(Site.ceremony_id == target.id, Site.code == "534"))
    assert (site.operator_name, site.operator_phone) == ("Anh Tín", "0912345678")
    commune = db.session.scalar(sa.select(Site).where(Site.ceremony_id == target.id, Site.code == "21553"))
    assert commune.parent.code == "534" and commune.parent.ceremony_id == target.id
    assert [c.code for c in db.session.scalars(sa.select(CompositionCategory).where(
        CompositionCategory.ceremony_id == target.id))] == ["ubnd-xa"]
    t60 = get_phase(target.id, "t60")
    assert t60.opens_at == datetime(2025, 7, 28, 6, 45, tzinfo=VIETNAM)
    [task] = list_tasks(target.id)
    assert task.due_at == target.starts_at + timedelta(days=7) and task.codes == ["21553"]
    assert [s.title for s in list_segments(target.id)] == ["Khai mạc"]
    assert all(step.done for step in queries.setup_steps(target) if step.key != "delegates")


def test_start_from_past_copies_only_the_chosen_parts(db, make_ceremony):
    source = make_ceremony()
    create_category(source, tier="district", name="Lãnh đạo UBND huyện")
    create_segment(source, title="Khai mạc", kind="introduction")
    from ceremony.sites.models import ReferenceNetwork
    network = db.session.scalar(sa.select(ReferenceNetwork))
    db.session.commit()
    target = operations.start_from_past(source, copy={"categories"}, network_id=network.id, title="Mới",
                                        starts_at=datetime(2025, 1, 1, 8, 0))
    assert len(queries.setup_steps(target)) == 6
    missing = {s.key for s in queries.missing_steps(target)}
    assert missing == {"program", "followup", "delegates"}  # network from the chosen network; default windows
    with pytest.raises(InvalidInput) as caught:
        operations.start_from_past(source, copy={"bogus"}, title="X", starts_at=datetime(2025, 1, 1))
    assert caught.value.field == "copy" and "bogus" in caught.value.message


def test_start_from_template_builds_a_ready_skeleton(db, make_ceremony):
    from ceremony.sites.models import ReferenceNetwork

    make_ceremony()
    network = db.session.scalar(sa.select(ReferenceNetwork))
    ceremony = operations.start_from_template("movement_launch", network_id=network.id, title="Lễ phát động 2026",
                                              starts_at=datetime(2026, 3, 2, 8, 0), venue="Trung tâm IOC",
                                              host_unit="UBND tỉnh Quảng Ngãi")
    db.session.commit()
    tiers = {c.tier.value for c in db.session.scalars(sa.select(CompositionCategory).where(
        CompositionCategory.ceremony_id == ceremony.id))}
    assert tiers == {"province", "district", "commune"}
    assert [s.kind.value for s in list_segments(ceremony.id)][-2:] == ["launch", "closing"]
    tasks = {t.code: t for t in list_tasks(ceremony.id)}
    assert tasks["huong-dan-7-nguoi-dan"].due_at == datetime(2026, 3, 9, 17, 0, tzinfo=VIETNAM)
    assert get_phase(ceremony.id, "t120").opens_at == datetime(2026, 3, 2, 5, 30, tzinfo=VIETNAM)
    with pytest.raises(InvalidInput) as caught:
        operations.start_from_template("wedding", title="X", starts_at=datetime(2026, 1, 1), venue="v", host_unit="h")
    assert caught.value.field == "template"


def test_campaign_windows_and_unit_report_deadlines_are_listed_among_what_moved(db, make_ceremony):
    from ceremony.campaign.operations import create_campaign
    from ceremony.reports.operations import create_request

    ceremony = make_ceremony()
    campaign = create_campaign(ceremony, code="huong-dan", title="Hướng dẫn 7 người dân", opens_offset_minutes=0,
                               closes_offset_minutes=7 * 1440)
    request = create_request(ceremony, code="bao-cao", title="Báo cáo kết quả", unit_kinds=["district"],
                             due_offset_minutes=10 * 1440)
    db.session.commit()
    update_ceremony(ceremony, starts_at=datetime(2024, 10, 1, 8, 0))
    moved = {m.key: m for m in ceremony.moved}
    assert moved[f"campaign:{campaign.id}:closes"].new == datetime(2024, 10, 8, 8, 0, tzinfo=VIETNAM)
    assert moved[f"campaign:{campaign.id}:opens"].label == "Chiến dịch bắt đầu: Hướng dẫn 7 người dân"
    assert moved[f"reports:{request.id}:due"].old == datetime(2024, 10, 7, 8, 0, tzinfo=VIETNAM)
