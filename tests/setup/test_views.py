"""The set-up pages: new from a past ceremony or a template, the set-up checklist, what a new date moved."""
import re

import sqlalchemy as sa

from ceremony.ceremonies.models import Ceremony
from ceremony.delegates.categories import create_category
from ceremony.readiness.queries import get_phase
from ceremony.sites.models import ReferenceNetwork


def _newest(db):
    return db.session.scalar(sa.select(Ceremony).order_by(Ceremony.id.desc()))


def test_list_and_overview_show_the_slug_and_what_is_missing(db, client, make_ceremony, login):
    ceremony = make_ceremony()
    login("organizer")
    index = client.get("/").get_data(as_text=True)
    assert ceremony.slug in index and "Còn thiếu:" in index
    assert f'href="/ceremonies/{ceremony.id}/categories"' in index  # composition categories missing
    overview = client.get(f"/ceremonies/{ceremony.id}").get_data(as_text=True)
    assert "Mã buổi lễ" in overview and ceremony.slug in overview
    setup = client.get(f"/ceremonies/{ceremony.id}/setup").get_data(as_text=True)
    assert "Còn thiếu 4 trên 6 bước." in setup
    for endpoint in ("network", "categories", "readiness/checklist", "program", "followup", "delegates"):
        assert f'href="/ceremonies/{ceremony.id}/{endpoint}"' in setup, endpoint
    # done: the check mark is the app's SVG icon (no emoji font needed)
    assert re.search(r'class="setup-step done" data-step="readiness">\s*<span class="mark" aria-hidden="true"><svg', setup)


def test_new_from_a_past_ceremony_on_the_page(db, client, make_ceremony, login):
    source = make_ceremony(title="Lễ phát động 2024")
    create_category(source, tier="province", name="Lãnh đạo tỉnh", code="lanh-dao")
    db.session.commit()
    login("organizer")
    form = client.get("/ceremonies/new/from-past").get_data(as_text=True)
    assert "Sao chép những gì" in form and re.search(r'<input checked[^>]*value="categories"', form)
    response = client.post("/ceremonies/new/from-past", data={
        "source": source.id, "title": "Lễ phát động 2025", "starts_at": "2025-07-28T08:00",
        "copy": ["network", "categories", "readiness", "program", "followup"], "network": "0"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    target = _newest(db)
    assert f"Đã tạo buổi lễ {target.slug}." in page and target.title == "Lễ phát động 2025"
    assert "Lãnh đạo tỉnh" in client.get(f"/ceremonies/{target.id}/categories").get_data(as_text=True)


def test_new_from_a_template_on_the_page(db, client, make_ceremony, login):
    make_ceremony()
    network = db.session.scalar(sa.select(ReferenceNetwork))
    login("organizer")
    assert "Lễ phát động phong trào" in client.get("/ceremonies/new/from-template").get_data(as_text=True)
    client.post("/ceremonies/new/from-template", data={
        "template": "app_launch", "title": "Khai trương C-Quảng Ngãi 2.0", "starts_at": "2026-04-01T08:00",
        "network": network.id, "venue": "Trung tâm IOC", "host_unit": "UBND tỉnh Quảng Ngãi"})
    ceremony = _newest(db)
    assert ceremony.kind == "app_launch"
    program = client.get(f"/ceremonies/{ceremony.id}/program").get_data(as_text=True)
    assert "Nghi lễ khai trương" in program


def test_moving_the_date_on_the_page_lists_what_moved(db, client, make_ceremony, login):
    ceremony = make_ceremony()
    login("organizer")
    data = {"title": ceremony.title, "kind": "app_launch", "starts_at": "2024-10-02T14:00",
            "ends_at": "2024-10-02T15:00", "venue": ceremony.venue, "host_unit": ceremony.host_unit}
    page = client.post(f"/ceremonies/{ceremony.id}/edit", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Ngày mới đã dời" in page and "Những mốc đã dời theo ngày mới" in page
    assert "Kiểm tra T-30 phút: mở" in page and "07:00, 27/09/2024" in page and "13:00, 02/10/2024" in page
    assert get_phase(ceremony.id, "t30").opens_offset_minutes == -60
    again = client.get(f"/ceremonies/{ceremony.id}").get_data(as_text=True)
    assert "Những mốc đã dời theo ngày mới" not in again  # said once


def test_a_ceremony_without_points_gets_them_on_the_setup_page_or_the_api(db, client, make_ceremony, login,
                                                                          api_headers):
    from ceremony.setup.operations import start_from_past
    from ceremony.sites.queries import tier_counts

    source = make_ceremony()
    network = db.session.scalar(sa.select(ReferenceNetwork))
    bare = start_from_past(source, copy={"categories"}, title="Không điểm cầu", starts_at=source.starts_at)
    other = start_from_past(source, copy=set(), title="Cũng không", starts_at=source.starts_at)
    db.session.commit()
    login("organizer")
    page = client.get(f"/ceremonies/{bare.id}/setup").get_data(as_text=True)
    assert 'id="add-points"' in page
    done = client.post(f"/ceremonies/{bare.id}/setup/points", data={"network_id": network.id}, follow_redirects=True)
    assert "Đã thêm các điểm cầu." in done.get_data(as_text=True) and tier_counts(bare.id)["commune"] == 4
    again = client.post(f"/ceremonies/{bare.id}/setup/points", data={"network_id": network.id}, follow_redirects=True)
    assert "Buổi lễ này đã có điểm cầu." in again.get_data(as_text=True)
    # The API twin is the network domain's applyNetworkToCeremony (the same copy of the network's units).
    headers = api_headers("organizer")
    answer = client.put(f"/api/v1/ceremonies/{other.id}/network", headers=headers, json={"network_id": network.id})
    assert answer.status_code == 200 and tier_counts(other.id)["district"] == 3
