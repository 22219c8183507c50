"""Reference networks through the API: list the sets, import one, apply it to a ceremony; edit a point."""
import sqlalchemy as sa

from ceremony.delegates.models import Delegate, Person
from ceremony.sites.models import Site


def test_sets_list_both_built_in_sets_with_their_provinces(client, db, api_headers):
    body = client.get("/api/v1/reference-networks/sets", headers=api_headers("viewer")).get_json()
    sets = {s["key"]: s for s in body["items"]}
    assert sets["2023"]["tiers"] == 3 and len(sets["2023"]["provinces"]) == 63
    assert sets["2025"]["tiers"] == 2 and len(sets["2025"]["provinces"]) == 34
    qn = next(p for p in sets["2025"]["provinces"] if p["code"] == 51)
    assert qn == {"code": 51, "name": "Tỉnh Quảng Ngãi", "units": 97}
    assert "GPL" not in sets["2025"]["source"] and "2025.10.1" in sets["2025"]["source"]


def test_import_and_list_reference_networks(client, db, api_headers):
    headers = api_headers()
    response = client.post("/api/v1/reference-networks", json={"dataset": "2025", "province_code": 51}, headers=headers)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["key"] == "vn-51-2025" and body["tiers"] == 2
    assert body["counts"] == {"province": 1, "district": 0, "commune": 96}
    response = client.post("/api/v1/reference-networks", json={"dataset": "2023", "province_code": 51}, headers=headers)
    assert response.get_json()["counts"] == {"province": 1, "district": 13, "commune": 173}
    listed = client.get("/api/v1/reference-networks", headers=headers).get_json()["items"]
    assert {(n["key"], n["tiers"], n["units"]) for n in listed} == {("vn-51-2025", 2, 97), ("vn-51-2023", 3, 187)}


def test_import_refusals_are_422_or_404_never_500(client, db, api_headers):
    headers = api_headers()
    for body, status in [({"dataset": "2030", "province_code": 51}, 422), ({"dataset": "2025"}, 422),
                         ({"dataset": "2025", "province_code": 2}, 404),
                         ({"dataset": "2025", "province_code": 51, "key": "Bad Key"}, 422)]:
        response = client.post("/api/v1/reference-networks", json=body, headers=headers)
        assert response.status_code == status, (body, response.get_json())
    assert client.post("/api/v1/reference-networks", json={"dataset": "2025", "province_code": 51},
                       headers=api_headers("viewer")).status_code == 403


def test_csv_import_through_the_api_names_the_line(client, db, api_headers):
    headers = api_headers()
    good = "code,name,tier,parent_code\n51,Tỉnh Quảng Ngãi,province,\n21550,Phường Đức Phổ,commune,51\n"
    response = client.post("/api/v1/reference-networks/csv", json={"key": "qn-thu", "csv": good}, headers=headers)
    assert response.status_code == 201 and response.get_json()["tiers"] == 2
    bad = good + "21553,Xã Phổ An,commune,777\n"
    response = client.post("/api/v1/reference-networks/csv", json={"key": "qn-bad", "csv": bad}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["row"] == 4


def test_apply_network_replaces_unused_points_and_refuses_when_in_use(client, db, make_ceremony, api_headers):
    ceremony = make_ceremony()
    headers = api_headers()
    url = f"/api/v1/ceremonies/{ceremony.id}/network"
    response = client.put(url, json={"dataset": "2025", "province_code": 51}, headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["counts"] == {"province": 1, "district": 0, "commune": 96}
    assert body["network"]["key"] == "vn-51-2025"
    province = db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.parent_id.is_(None)))
    assert province.name == "Tỉnh Quảng Ngãi" and province.venue == "Trung tâm IOC"
    # A delegate at a commune: the network is now in use.
    commune = db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.code == "21439"))
    db.session.add(Delegate(ceremony_id=ceremony.id, site_id=commune.id, person=Person(full_name="Nguyễn Văn A")))
    db.session.commit()
    response = client.put(url, json={"dataset": "2023", "province_code": 51}, headers=headers)
    assert response.status_code == 409
    assert "delegates" in response.get_json()["message"]
    assert client.put(url, json={"network_id": 10**6}, headers=headers).status_code == 404
    assert client.put(url, json={}, headers=headers).status_code == 422
    assert client.put(url, json={"network_id": 1, "dataset": "2025", "province_code": 51},
                      headers=headers).status_code == 422


def test_update_site_is_the_twin_of_the_point_page(client, db, make_ceremony, api_headers):
    ceremony = make_ceremony()
    duc_pho = db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.code == "534"))
    url = f"/api/v1/ceremonies/{ceremony.id}/sites/{duc_pho.id}"
    response = client.patch(url, json={"venue": "Hội trường UBND thị xã", "operator_name": "Trần Thị B",
                                       "operator_phone": "0912345678"}, headers=api_headers())
    assert response.status_code == 200
    assert response.get_json()["operator_name"] == "Trần Thị B"
    assert client.get(url, headers=api_headers("viewer")).get_json()["venue"] == "Hội trường UBND thị xã"
    assert client.patch(url, json={"operator_email": "not-mail"}, headers=api_headers()).status_code == 422
    # An operator edits their own point, not another one.
    assert client.patch(url, json={"operator_phone": "0987654321"},
                        headers=api_headers("operator", ["534"])).status_code == 200
    assert client.patch(url, json={"operator_phone": "0987654321"},
                        headers=api_headers("operator", ["522"])).status_code == 403
    assert client.patch(url, json={"venue": "x"}, headers=api_headers("viewer")).status_code == 403


def test_openapi_names_every_network_operation(client, db):
    spec = client.get("/api/v1/openapi.json").get_json()
    ids = {op.get("operationId") for path in spec["paths"].values() for op in path.values() if isinstance(op, dict)}
    assert {"listReferenceNetworks", "listReferenceSets", "importReferenceNetwork", "importNetworkCsv",
            "applyNetworkToCeremony", "getSite", "updateSite"} <= ids
