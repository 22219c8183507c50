def test_network_page_folds_by_district_with_counts(client, login, make_ceremony):
    ceremony = make_ceremony()
    login("viewer")
    html = client.get(f"/ceremonies/{ceremony.id}/network").get_data(as_text=True)
    assert 'data-tier="district">3<' in html and 'data-tier="commune">4<' in html
    assert '<details class="district" data-code="534">' in html
    assert "Phường Nguyễn Nghiêm" in html
    assert "Điểm cầu" in html  # Vietnamese by default


def test_english_is_switchable(client, login, make_ceremony):
    ceremony = make_ceremony()
    login("viewer")
    html = client.get(f"/ceremonies/{ceremony.id}/network?lang=en").get_data(as_text=True)
    assert "Bridge points" in html and "District points" in html
    # The choice sticks for the session.
    assert "Bridge points" in client.get(f"/ceremonies/{ceremony.id}/network").get_data(as_text=True)


def test_network_upload_refuses_a_bad_file_with_its_lines(client, db, login):
    import io

    import sqlalchemy as sa

    from ceremony.sites.models import ReferenceNetwork

    login("organizer")
    bad = "code,name,tier,parent_code\n51,Tỉnh Quảng Ngãi,province,\n21010,Phường Cẩm Thành,commune,99\n"
    html = client.post("/networks", data={"key": "qn-2025", "file": (io.BytesIO(bad.encode()), "net.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "dòng 3, trường parent_code" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReferenceNetwork)) == 0
    good = bad.replace(",99", ",51")
    response = client.post("/networks", data={"key": "qn-2025", "file": (io.BytesIO(good.encode()), "net.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(ReferenceNetwork.key)) == "qn-2025"


def test_operator_edits_only_their_own_points(client, db, login, make_ceremony):
    from ceremony.sites.queries import get_site_by_code

    ceremony = make_ceremony()
    login("operator", site_codes=["534"])
    own = get_site_by_code(ceremony.id, "21553")
    other = get_site_by_code(ceremony.id, "21010")
    response = client.post(f"/ceremonies/{ceremony.id}/sites/{own.id}", data={
        "venue": "Hội trường UBND xã Phổ An", "operator_name": "Trần Thị Ánh", "operator_phone": "0905123456",
        "address": "", "operator_email": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert get_site_by_code(ceremony.id, "21553").operator_name == "Trần Thị Ánh"
    assert client.post(f"/ceremonies/{ceremony.id}/sites/{other.id}", data={"venue": "x"}).status_code == 403


def test_organizer_imports_a_built_in_set_and_gives_it_to_a_ceremony_on_pages(client, db, login, make_ceremony):
    import sqlalchemy as sa

    from ceremony.sites.models import ReferenceNetwork
    from ceremony.sites.queries import tier_counts

    ceremony = make_ceremony()
    login("organizer")
    page = client.get("/networks").get_data(as_text=True)
    assert 'value="2025:51"' in page and 'value="2023:51"' in page
    response = client.post("/networks/builtin", data={"builtin-source": "2023:51"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(ReferenceNetwork.key).where(ReferenceNetwork.key == "vn-51-2023"))
    assert 'data-key="vn-51-2023"' in client.get("/networks").get_data(as_text=True)
    # The ceremony's page offers the imported network and every built-in province not imported yet.
    page = client.get(f"/ceremonies/{ceremony.id}/network").get_data(as_text=True)
    assert 'value="2025:51"' in page and 'value="2023:51"' not in page
    response = client.post(f"/ceremonies/{ceremony.id}/network", data={"source": "2025:51"})
    assert response.status_code == 302
    assert tier_counts(ceremony.id) == {"province": 1, "district": 0, "commune": 96}
    page = client.get(f"/ceremonies/{ceremony.id}/network").get_data(as_text=True)
    assert 'data-tiers="2"' in page and 'data-tier="district"' not in page
    assert 'data-tier="commune">96<' in page and "Đặc khu Lý Sơn" in page


def test_viewer_cannot_change_the_network(client, db, login, make_ceremony):
    ceremony = make_ceremony()
    login("viewer")
    assert client.post(f"/ceremonies/{ceremony.id}/network", data={"source": "2025:51"}).status_code == 403
    assert "Use this network" not in client.get(f"/ceremonies/{ceremony.id}/network?lang=en").get_data(as_text=True)


def test_a_built_in_province_that_does_not_exist_is_refused_on_the_page(client, db, login):
    import sqlalchemy as sa

    from ceremony.sites.models import ReferenceNetwork

    login("organizer")
    response = client.post("/networks/builtin", data={"builtin-source": "2025:2"}, follow_redirects=True)
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReferenceNetwork)) == 0
    assert "Hãy chọn một mạng điểm cầu." in response.get_data(as_text=True)  # not a choice on offer
