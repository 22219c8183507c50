"""The demo is true to the two real plans (shared/reference): the facts below are copied from the plans'
texts, not from ``ceremony/demo/data.py``, so a demo that drifts from its plan fails here."""
import re
from collections import defaultdict

import sqlalchemy as sa

from ceremony.campaign.models import TeamMember
from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.delegates.models import CompositionCategory, Delegate, Organisation, Person
from ceremony.followup.queries import list_tasks
from ceremony.reports.models import ReportUnit
from ceremony.reports.queries import list_requests
from ceremony.sites.models import Site, Tier

MOVEMENT, APP = "qn-2023-phat-dong-cds", "qn-2024-khai-truong-app"
# 483/KH-UBND, II.2.3 and the heading of its appendix, word for word.
APP_TITLE = ("Lễ Khai trương và Phát động cài đặt, sử dụng Ứng dụng di động phục vụ cán bộ, công chức, viên chức, "
             "tổ chức và người dân trên địa bàn tỉnh Quảng Ngãi")
MOVEMENT_TITLE = "Lễ phát động Phong trào chuyển đổi số trên địa bàn tỉnh Quảng Ngãi"
# Who attends at a commune point, per plan ("Điểm cầu trực tuyến cấp xã").
COMMUNE_TIER = {
    MOVEMENT: ["Lãnh đạo UBND", "Cán bộ, công chức cấp xã", "Tổ Công nghệ số cộng đồng cấp xã, cấp thôn"],
    APP: ["Thường trực Đảng ủy", "Lãnh đạo UBND", "Bí thư Đoàn thanh niên cấp xã", "Ban Chỉ đạo chuyển đổi số cấp xã",
          "Tổ công nghệ số cộng đồng cấp xã", "Tổ công nghệ số cộng đồng cấp thôn, bản, tổ dân phố"],
}
INVENTED = ["Thủ trưởng", "Phó Bí thư Thị xã", "Bí thư Thị xã", "Huyện đoàn Thị xã", "Huyện đoàn Thành phố",
            "Huyện đoàn Huyện", "Thủ trưởng Văn phòng", "Thủ trưởng Công an"]
# A unit's kind written with a capital inside a title ("Chủ tịch UBND Huyện Bình Sơn"): offices write
# "Chủ tịch UBND huyện Bình Sơn".
CAPITAL_KIND = re.compile(r".\b(Huyện|Thị xã|Thành phố|Xã|Phường|Thị trấn) [A-ZĐ]")


def _delegates(db, ceremony):
    return list(db.session.execute(
        sa.select(Delegate, Person, Site, CompositionCategory, Organisation)
        .join(Person, Delegate.person_id == Person.id).join(Site, Delegate.site_id == Site.id)
        .join(CompositionCategory, Delegate.category_id == CompositionCategory.id)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .where(Delegate.ceremony_id == ceremony.id)).all())


def test_titles_and_units_are_the_plans(db, demo):
    app_launch, movement = get_ceremony_by_slug(APP), get_ceremony_by_slug(MOVEMENT)
    assert app_launch.title == APP_TITLE
    assert movement.title == MOVEMENT_TITLE
    assert "VNPT Quảng Ngãi" in app_launch.implementing_unit and "VNPT" not in movement.implementing_unit
    for slug in (MOVEMENT, APP):
        ceremony = get_ceremony_by_slug(slug)
        rows = _delegates(db, ceremony)
        titles = [person.title for _d, person, _s, _c, _o in rows]
        orgs = {org.name for *_rest, org in rows if org is not None}
        for title in titles:
            assert not any(word in title for word in INVENTED), (slug, title)
            assert not CAPITAL_KIND.search(title), (slug, title)
        khkt = [person.title for _d, person, _s, _c, org in rows if "Khoa học - Kỹ thuật" in (org.name if org else "")]
        vnpt = [person.title for _d, person, _s, _c, org in rows if "VNPT" in person.title + (org.name if org else "")]
        if slug == MOVEMENT:  # the 2023 plan lists the KH&KT union (its Chairman) and does not name VNPT
            assert khkt == ["Chủ tịch Liên hiệp các Hội Khoa học - Kỹ thuật tỉnh"]
            assert vnpt == []
            assert {"Bí thư Thị đoàn Đức Phổ", "Bí thư Huyện đoàn Bình Sơn", "Bí thư Thành đoàn Quảng Ngãi"} <= set(titles)
        else:  # the 2024 plan lists no KH&KT union and names VNPT Quảng Ngãi as an implementing unit
            assert khkt == [] and not any("Khoa học - Kỹ thuật" in t for t in titles)
            categories = db.session.scalars(sa.select(CompositionCategory.name)
                                            .where(CompositionCategory.ceremony_id == ceremony.id)).all()
            assert not any("Khoa học - Kỹ thuật" in name for name in categories)
            assert vnpt == ["Giám đốc VNPT Quảng Ngãi"]
            assert {"Phó Bí thư Thường trực Thị ủy Đức Phổ", "Phó Bí thư Thường trực Huyện ủy Bình Sơn",
                    "Bí thư Thị đoàn Đức Phổ", "Chủ tịch UBND thị xã Đức Phổ"} <= set(titles)
        assert {"Chánh Văn phòng UBND tỉnh", "Giám đốc Công an tỉnh", "Giám đốc Sở Thông tin và Truyền thông"} <= set(titles)
        assert "Thị đoàn Đức Phổ" in orgs and ("Thị ủy Đức Phổ" in orgs) is (slug == APP)


def test_every_point_has_its_tiers_composition_and_no_category_is_empty(db, demo):
    for slug in (MOVEMENT, APP):
        ceremony = get_ceremony_by_slug(slug)
        categories = list(db.session.scalars(sa.select(CompositionCategory)
                                             .where(CompositionCategory.ceremony_id == ceremony.id)))
        commune_categories = sorted((c for c in categories if c.tier is Tier.commune), key=lambda c: c.position)
        assert len(commune_categories) == len(COMMUNE_TIER[slug])
        for category, words in zip(commune_categories, COMMUNE_TIER[slug]):
            assert words in category.name, (slug, category.name)
        rows = _delegates(db, ceremony)
        used = defaultdict(int)
        at_point = defaultdict(set)
        titles_at = defaultdict(list)
        for delegate, person, site, category, _org in rows:
            used[category.id] += 1
            at_point[site.id].add(category.code)
            titles_at[site.id].append(person.title)
        assert [c.name for c in categories if used[c.id] == 0] == [], slug  # no empty category
        sites = list(db.session.scalars(sa.select(Site).where(Site.ceremony_id == ceremony.id)))
        communes = [s for s in sites if s.tier is Tier.commune]
        assert len(communes) == 173
        for tier in (Tier.district, Tier.commune):
            codes = {c.code for c in categories if c.tier is tier}
            for site in (s for s in sites if s.tier is tier):
                assert at_point[site.id] == codes, (slug, site.name, at_point[site.id])
        for site in communes:  # a village (thôn) or residential group (tổ dân phố) team at every commune
            assert any(re.search(r"Tổ Công nghệ số cộng đồng (thôn|tổ dân phố) \d", t) for t in titles_at[site.id])
            assert any(t.startswith("Chủ tịch UBND ") for t in titles_at[site.id])
    app_launch = get_ceremony_by_slug(APP)
    counts = dict(db.session.execute(
        sa.select(CompositionCategory.code, sa.func.count(Delegate.id))
        .join(Delegate, Delegate.category_id == CompositionCategory.id)
        .where(CompositionCategory.ceremony_id == app_launch.id).group_by(CompositionCategory.code)).all())
    # The four lists the tester found empty: district steering committee, commune Youth Union secretary,
    # commune steering committee, village teams, at every point.
    assert counts["bcd-cds-huyen"] == 13 and counts["doan-xa"] == counts["bcd-cds-xa"] == counts["to-cnscd-thon"] == 173


def test_seven_citizens_at_every_team_level_and_2024_reports_from_every_unit_the_plan_names(db, demo):
    from ceremony.campaign.queries import list_campaigns, progress

    movement, app_launch = get_ceremony_by_slug(MOVEMENT), get_ceremony_by_slug(APP)
    seven = [t for t in list_tasks(movement.id) if "07 người dân" in t.title]
    assert {t.tier for t in seven} == {Tier.district, Tier.commune}  # the teams "các cấp trên địa bàn huyện"
    (campaign,) = list_campaigns(movement.id)
    assert {r["level"] for r in progress(campaign)["by_level"]} == {"district", "commune", "village"}
    levels = defaultdict(set)
    for member, site in db.session.execute(sa.select(TeamMember, Site).join(Site, TeamMember.site_id == Site.id)
                                           .where(TeamMember.ceremony_id == movement.id)):
        levels[site.id].add(member.level.value)
        assert site.tier is not Tier.province  # the plan names no provincial team
    sites = db.session.scalars(sa.select(Site).where(Site.ceremony_id == movement.id, Site.tier != Tier.province))
    for site in sites:
        assert levels[site.id] == ({"district"} if site.tier is Tier.district else {"commune", "village"}), site.name
    (request,) = list_requests(app_launch.id)
    assert set(request.kinds) == {"department", "district", "commune"}
    units = defaultdict(int)
    for kind in db.session.scalars(sa.select(ReportUnit.kind).where(ReportUnit.ceremony_id == app_launch.id)):
        units[kind.value] += 1
    assert units["district"] == 13 and units["commune"] == 173 and units["department"] >= 19
    assert {t.tier for t in list_tasks(app_launch.id)} == {Tier.district, Tier.commune}
    assert all(t.due_at.isoformat() == "2024-09-29T10:00:00+00:00" for t in list_tasks(app_launch.id))
    (movement_request,) = list_requests(movement.id)  # 2023: only the district People's Committees report
    assert set(movement_request.kinds) == {"district"}


def test_the_assumptions_are_on_the_ceremony_page_in_both_languages(client, db, demo, login, make_ceremony,
                                                                    api_headers):
    login("organizer")
    movement, app_launch = get_ceremony_by_slug(MOVEMENT), get_ceremony_by_slug(APP)
    assert "28/7/2023" in movement.demo_note and "tháng 7/2023" in movement.demo_note
    vi = client.get(f"/ceremonies/{movement.id}").get_data(as_text=True)
    assert 'id="demo-note"' in vi and "Dữ liệu minh họa: những điểm giả định" in vi
    assert "giả định 08:00 ngày 28/7/2023" in vi
    en = client.get(f"/ceremonies/{app_launch.id}?lang=en").get_data(as_text=True)
    assert "Demo data: what is assumed" in en and "17:00 ngày 29/9/2024" in en
    assert "VNPT Quảng Ngãi" in en.split('id="demo-note"')[1]
    other = make_ceremony()
    db.session.commit()
    assert 'id="demo-note"' not in client.get(f"/ceremonies/{other.id}").get_data(as_text=True)
    answer = client.get(f"/api/v1/ceremonies/{movement.id}", headers=api_headers("viewer")).get_json()
    assert answer["demo_note"] == movement.demo_note
