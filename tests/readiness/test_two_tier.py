"""A two-tier ceremony (2025: province → communes) on the readiness board and in escalations."""
import io
from datetime import timedelta

import sqlalchemy as sa
from openpyxl import load_workbook

from ceremony.notifications.models import Notification
from ceremony.readiness import escalation
from ceremony.readiness.models import ReadinessEscalation, ReadinessFlag
from ceremony.readiness.operations import ensure_defaults
from ceremony.readiness.queries import get_phase
from tests.two_tier import CAM_THANH, DUC_PHO, LY_SON, site, two_tier_ceremony


def test_board_groups_the_96_communes_under_the_province_with_no_district_level(db, client, api_headers, login):
    ceremony = two_tier_ceremony()
    ensure_defaults(ceremony)
    db.session.commit()
    board = client.get(f"/api/v1/ceremonies/{ceremony.id}/readiness/board", headers=api_headers("viewer")).get_json()
    assert board["tiers"] == ["province", "commune"]
    province = site(ceremony, "51")
    assert [(g["site_id"], g["name"], len(g["tiles"])) for g in board["groups"]] == [
        (None, "", 1), (province.id, "Tỉnh Quảng Ngãi", 96)]
    assert {t["tier"] for t in board["groups"][1]["tiles"]} == {"commune"}
    assert sum(board["counts"]["commune"].values()) == 96 and sum(board["counts"]["district"].values()) == 0
    # The page: no district row in the counts, the communes under the province's heading.
    login("viewer")
    html = client.get(f"/ceremonies/{ceremony.id}/readiness?lang=en").get_data(as_text=True)
    assert 'data-count="district-' not in html and 'data-count="commune-ready"' in html
    assert f'data-district="{province.id}"' in html and "<h2>Tỉnh Quảng Ngãi</h2>" in html
    assert html.count('data-tier="commune"') == 96


def test_an_operator_of_a_commune_sees_only_their_tile_under_the_province(db, client, api_headers):
    ceremony = two_tier_ceremony()
    ensure_defaults(ceremony)
    db.session.commit()
    board = client.get(f"/api/v1/ceremonies/{ceremony.id}/readiness/board",
                       headers=api_headers("operator", [DUC_PHO])).get_json()
    assert [[t["code"] for t in g["tiles"]] for g in board["groups"]] == [[DUC_PHO]]
    assert board["groups"][0]["name"] == "Tỉnh Quảng Ngãi"


def test_a_silent_commune_is_escalated_straight_to_the_province_once(db, clock, report):
    ceremony = two_tier_ceremony(small=True)
    province = site(ceremony, "51")
    province.operator_name, province.operator_email = "Trực ban IOC", "ioc@quangngai.gov.vn"
    ensure_defaults(ceremony)
    db.session.commit()
    t30 = get_phase(ceremony.id, "t30")
    clock.set(t30.opens_at + timedelta(minutes=1))
    report(ceremony, "51")
    report(ceremony, CAM_THANH)
    at = t30.closes_at + timedelta(seconds=5)
    flags = escalation.close_window(t30, at)
    db.session.commit()
    assert sorted(f.site.code for f in flags) == sorted([DUC_PHO, LY_SON])
    told = db.session.scalars(sa.select(ReadinessEscalation).order_by(ReadinessEscalation.id)).all()
    assert [(e.level, e.target_site.code) for e in told] == [(1, "51"), (1, "51")]
    assert told[0].recipient == "Tỉnh Quảng Ngãi (51) – Trực ban IOC"
    # Level 2 would tell the province again: it was told at level 1, so nobody is told twice.
    assert escalation.escalate_to_province(at + timedelta(minutes=30)) == []
    db.session.commit()
    notes = list(db.session.scalars(sa.select(Notification).order_by(Notification.id)))
    assert len(notes) == 2 and {n.address for n in notes} == {"ioc@quangngai.gov.vn"}
    bodies = " ".join(n.body for n in notes)
    assert "Điểm cầu phường Đức Phổ (21439)" in bodies and "Điểm cầu đặc khu Lý Sơn (21548)" in bodies
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReadinessFlag)) == 2


def test_window_report_has_no_district_for_communes_of_a_two_tier_network(db, client, clock, report, login):
    ceremony = two_tier_ceremony(small=True)
    ensure_defaults(ceremony)
    db.session.commit()
    t30 = get_phase(ceremony.id, "t30")
    clock.set(t30.opens_at + timedelta(minutes=1))
    report(ceremony, DUC_PHO)
    login("organizer")
    response = client.get(f"/ceremonies/{ceremony.id}/readiness/report/t30.xlsx")
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.data))["Sẵn sàng"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows[DUC_PHO][2] == "Điểm cầu xã" and rows[DUC_PHO][3] in (None, "")
    assert rows[DUC_PHO][4] == "Sẵn sàng"
