import sqlalchemy as sa

from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.delegates.models import CompositionCategory, Delegate
from ceremony.program.models import Segment, SegmentKind
from ceremony.sites.models import Site, Tier
from ceremony.sites.queries import get_site_by_code, tier_counts


def _counts(db):
    return {table: db.session.scalar(sa.text(f"SELECT COUNT(*) FROM {table}"))
            for table in ("ceremonies", "sites", "delegates", "people", "segments", "segment_people",
                          "composition_categories", "users", "reference_units")}


def test_demo_loads_both_real_ceremonies_with_the_full_network(db, demo):
    assert {c.slug for c in demo} == {"qn-2023-phat-dong-cds", "qn-2024-khai-truong-app"}
    # Every point gets people of each of its tier's categories (tests/demo/test_plan_facts.py): 2023 has
    # 3 commune categories (4 people: a commune and a village team leader), 2024 has 6 (one each).
    invited = {"qn-2023-phat-dong-cds": 4 * 173, "qn-2024-khai-truong-app": 6 * 173}
    for ceremony in demo:
        assert tier_counts(ceremony.id) == {"province": 1, "district": 13, "commune": 173}
        assert get_site_by_code(ceremony.id, "51").venue.startswith("Trung tâm IOC")
        at_communes = db.session.scalar(sa.select(sa.func.count()).select_from(Delegate).join(Site)
                                        .where(Delegate.ceremony_id == ceremony.id, Site.tier == Tier.commune))
        assert at_communes == invited[ceremony.slug]
        delegates = db.session.scalar(sa.select(sa.func.count()).select_from(Delegate).where(Delegate.ceremony_id == ceremony.id))
        assert at_communes + 13 * 7 <= delegates <= at_communes + 13 * 9 + 40


def test_demo_programs_follow_the_plans(db, demo):
    app_launch = get_ceremony_by_slug("qn-2024-khai-truong-app")
    segments = list(db.session.scalars(sa.select(Segment).where(Segment.ceremony_id == app_launch.id).order_by(Segment.position)))
    assert [s.kind for s in segments] == [SegmentKind.introduction, SegmentKind.clip, SegmentKind.speech,
                                         SegmentKind.launch, SegmentKind.response, SegmentKind.response,
                                         SegmentKind.closing]
    launch = segments[3]
    assert [p.role for p in launch.people] == [
        "Đại diện Thường trực Tỉnh ủy", "Đại diện Lãnh đạo HĐND tỉnh", "Đại diện Lãnh đạo UBMTTQ Việt Nam tỉnh",
        "Đại diện Lãnh đạo UBND tỉnh", "Đại diện Lãnh đạo Sở Thông tin và Truyền thông"]
    assert all(p.delegate is not None and p.delegate.is_vip for p in launch.people)
    assert "Đức Phổ" in segments[5].people[0].delegate.site.name
    movement = get_ceremony_by_slug("qn-2023-phat-dong-cds")
    kinds = list(db.session.scalars(sa.select(Segment.kind).where(Segment.ceremony_id == movement.id).order_by(Segment.position)))
    assert kinds == [SegmentKind.introduction, SegmentKind.approval, SegmentKind.speech, SegmentKind.launch,
                     SegmentKind.closing]
    tiers = set(db.session.scalars(sa.select(CompositionCategory.tier).where(CompositionCategory.ceremony_id == movement.id)))
    assert {t.value for t in tiers} == {"province", "district", "commune"}


def test_demo_load_twice_changes_nothing(db, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    before = _counts(db)
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0 and "nothing changed" in result.output
    assert _counts(db) == before


def test_overview_shows_every_domain_panel_on_the_demo(client, db, demo, login):
    login("organizer")
    app_launch = get_ceremony_by_slug("qn-2024-khai-truong-app")
    html = client.get(f"/ceremonies/{app_launch.id}").get_data(as_text=True)
    for panel in ("panel-program", "panel-readiness", "panel-attendance", "panel-followup"):
        assert f'id="{panel}"' in html, panel
    assert "Nghi lễ khai trương" in html  # the program panel lists the segments


def test_demo_letters_print_as_one_document_without_warnings(db, demo):
    from ceremony.invitations.queries import letter_settings, letter_warnings

    for ceremony in demo:
        settings = letter_settings(ceremony.id)
        assert settings.number and settings.letter_date and settings.signer_name
        assert letter_warnings(ceremony, settings) == []


def test_demo_load_start_places_both_ceremonies_and_moves_everything(app, db, runner):
    from datetime import datetime, timedelta

    from ceremony.core.time import VIETNAM
    from ceremony.followup.queries import list_tasks
    from ceremony.readiness.queries import get_phase

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    app_launch = get_ceremony_by_slug("qn-2024-khai-truong-app")
    assert app_launch.starts_at == datetime(2024, 9, 27, 8, 0, tzinfo=VIETNAM)  # the real date by default
    due = {t.code: t.due_at for t in list_tasks(app_launch.id)}
    assert due == {"bao-cao-truyen-thong": datetime(2024, 9, 29, 17, 0, tzinfo=VIETNAM),
                   "bao-cao-truyen-thong-xa": datetime(2024, 9, 29, 17, 0, tzinfo=VIETNAM)}
    result = runner.invoke(args=["demo", "load", "--start", "2026-12-02 09:30"])
    assert result.exit_code == 0, result.output
    assert "moved qn-2024-khai-truong-app to 2026-12-02 09:30" in result.output
    db.session.expire_all()
    start = datetime(2026, 12, 2, 9, 30, tzinfo=VIETNAM)
    for slug in ("qn-2023-phat-dong-cds", "qn-2024-khai-truong-app"):
        ceremony = get_ceremony_by_slug(slug)
        assert ceremony.starts_at == start and ceremony.ends_at == start + timedelta(hours=1)
        assert get_phase(ceremony.id, "t30").opens_at == start - timedelta(minutes=60)
    assert {t.code: t.due_at for t in list_tasks(app_launch.id)} == {
        "bao-cao-truyen-thong": datetime(2026, 12, 4, 18, 30, tzinfo=VIETNAM),
        "bao-cao-truyen-thong-xa": datetime(2026, 12, 4, 18, 30, tzinfo=VIETNAM)}
    counts = _counts(db)
    again = runner.invoke(args=["demo", "load", "--start", "2026-12-02 09:30"])
    assert "nothing changed" in again.output and _counts(db) == counts
    assert runner.invoke(args=["demo", "load", "--start", "tomorrow"]).exit_code != 0
