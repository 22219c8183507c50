def test_list_sites_filters_by_tier_and_parent(client, make_ceremony, api_headers):
    ceremony = make_ceremony()
    headers = api_headers("viewer")
    body = client.get(f"/api/v1/ceremonies/{ceremony.id}/sites?tier=district", headers=headers).get_json()
    assert body["total"] == 3
    assert [s["code"] for s in body["items"]] == ["522", "534", "536"]
    assert set(body["items"][0]) >= {"id", "code", "name", "tier", "parent_id"}
    duc_pho = body["items"][1]
    body = client.get(f"/api/v1/ceremonies/{ceremony.id}/sites?parent={duc_pho['id']}", headers=headers).get_json()
    assert [s["code"] for s in body["items"]] == ["21550", "21553"]
    assert all(s["tier"] == "commune" and s["parent_id"] == duc_pho["id"] for s in body["items"])


def test_paging_reports_total(client, make_ceremony, api_headers):
    ceremony = make_ceremony()
    body = client.get(f"/api/v1/ceremonies/{ceremony.id}/sites?per_page=3&page=2", headers=api_headers()).get_json()
    assert body["total"] == 8 and body["page"] == 2 and body["per_page"] == 3
    assert len(body["items"]) == 3


def test_malformed_queries_are_422_with_the_field_not_500(client, make_ceremony, api_headers):
    ceremony = make_ceremony()
    headers = api_headers()
    for query, field in [("tier=village", "tier"), ("per_page=1001", "per_page"), ("page=zero", "page"),
                         ("parent=x", "parent")]:
        response = client.get(f"/api/v1/ceremonies/{ceremony.id}/sites?{query}", headers=headers)
        assert response.status_code == 422, query
        assert field in response.get_json()["message"]


def test_unknown_ceremony_is_a_json_404(client, api_headers):
    response = client.get("/api/v1/ceremonies/999/sites", headers=api_headers())
    assert response.status_code == 404
    assert response.is_json and "999" in response.get_json()["message"]
