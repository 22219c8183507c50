import sqlalchemy as sa

from ceremony.ceremonies.models import Ceremony, CeremonyStatus
from ceremony.sites.queries import tier_counts


def test_organizer_creates_a_ceremony_on_a_network(client, db, login):
    from ceremony.sites.operations import import_network_csv
    from tests.factories import SMALL_NETWORK_CSV

    network = import_network_csv(SMALL_NETWORK_CSV, key="qn-small")
    db.session.commit()
    login("organizer")
    response = client.post("/ceremonies/new", data={
        "title": "Lễ ra mắt Trung tâm dữ liệu", "kind": "app_launch", "starts_at": "2026-12-01T08:00",
        "ends_at": "2026-12-01T09:30", "venue": "Trung tâm IOC", "host_unit": "UBND tỉnh Quảng Ngãi",
        "network": str(network.id)})
    assert response.status_code == 302, response.get_data(as_text=True)
    ceremony = db.session.scalar(sa.select(Ceremony))
    assert ceremony.slug == "le-ra-mat-trung-tam-du-lieu-20261201"
    assert ceremony.starts_at.hour == 1  # 08:00 in Vietnam
    assert tier_counts(ceremony.id) == {"province": 1, "district": 3, "commune": 4}


def test_end_before_start_is_shown_not_saved(client, db, login, make_ceremony):
    ceremony = make_ceremony()
    login("organizer")
    response = client.post(f"/ceremonies/{ceremony.id}/edit", data={
        "title": "Lễ", "kind": "app_launch", "starts_at": "2024-09-27T08:00", "ends_at": "2024-09-27T07:00",
        "venue": "IOC", "host_unit": "UBND"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Ceremony, ceremony.id).title == "Lễ khai trương thử nghiệm"


def test_status_buttons_follow_the_lifecycle(client, db, login, make_ceremony):
    ceremony = make_ceremony()
    login("organizer")
    client.post(f"/ceremonies/{ceremony.id}/status/published")
    client.post(f"/ceremonies/{ceremony.id}/status/closed")  # not allowed from published
    db.session.expire_all()
    assert db.session.get(Ceremony, ceremony.id).status is CeremonyStatus.published


def test_viewers_cannot_create_or_edit(client, login, make_ceremony):
    ceremony = make_ceremony()
    login("viewer")
    assert client.get("/ceremonies/new").status_code == 403
    assert client.post(f"/ceremonies/{ceremony.id}/edit", data={}).status_code == 403


def test_a_new_ceremony_can_take_the_2025_two_tier_network_directly(client, db, login):
    from ceremony.ceremonies.models import Ceremony
    from ceremony.sites.queries import tier_counts

    login("organizer")
    page = client.get("/ceremonies/new").get_data(as_text=True)
    assert 'value="2025:51"' in page and 'value="2023:51"' in page
    response = client.post("/ceremonies/new", data={
        "title": "Lễ phát động 2026", "kind": "movement_launch", "starts_at": "2026-07-15T08:00",
        "venue": "Trung tâm IOC", "host_unit": "Ủy ban nhân dân tỉnh Quảng Ngãi", "network": "2025:51"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    ceremony = db.session.scalar(db.select(Ceremony))
    assert tier_counts(ceremony.id) == {"province": 1, "district": 0, "commune": 96}
