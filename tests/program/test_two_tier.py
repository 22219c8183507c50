"""The floor of a two-tier ceremony (2025 network): pickers list the communes, a commune takes the floor."""
import re

from ceremony.program import operations
from ceremony.sites.queries import remote_sites
from tests.two_tier import DUC_PHO, LY_SON, site, two_tier_ceremony


def _options(html, select_name):
    block = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option[^>]*value="([^"]*)"', block)


def test_floor_pickers_list_the_96_communes_in_official_order(db, client, login):
    ceremony = two_tier_ceremony()
    communes = remote_sites(ceremony.id)
    assert len(communes) == 96 and {s.tier.value for s in communes} == {"commune"}
    assert [int(s.code) for s in communes] == sorted(int(s.code) for s in communes)
    login("organizer")
    html = client.get(f"/ceremonies/{ceremony.id}/program").get_data(as_text=True)
    assert _options(html, "floor_site_id") == [""] + [str(s.id) for s in communes]


def test_a_commune_is_given_the_floor_on_the_director_page_and_through_the_api(db, client, api_headers, clock,
                                                                                login):
    ceremony = two_tier_ceremony()
    duc_pho = site(ceremony, DUC_PHO)
    operations.create_segment(ceremony, kind="response", title="Phát biểu hưởng ứng của phường Đức Phổ",
                              planned_minutes=5, floor_site_id=duc_pho.id)
    db.session.commit()
    clock.set(ceremony.starts_at)
    headers = api_headers()
    url = f"/api/v1/ceremonies/{ceremony.id}/show"
    state = client.post(url, headers=headers, json={"action": "start", "override": "rehearsal"}).get_json()
    assert state["status"] == "running"
    state = client.post(url, headers=headers, json={"action": "floor", "site_code": LY_SON}).get_json()
    assert state["floor"]["code"] == LY_SON
    segments = client.get(f"/api/v1/ceremonies/{ceremony.id}/segments", headers=headers).get_json()["items"]
    assert segments[0]["floor_site_id"] == site(ceremony, LY_SON).id  # the running segment's floor
    login("organizer")
    html = client.get(f"/ceremonies/{ceremony.id}/program/director").get_data(as_text=True)
    assert _options(html, "site_code") == [""] + [s.code for s in remote_sites(ceremony.id)]
    # Two tiers: no district to group by, so the 96 communes stand under the province, searchable.
    groups = re.findall(r'<optgroup label="([^"]*)">', html)
    assert groups == [site(ceremony, "51").name]
    assert 'id="floor-search"' in html and "program/chooser.js" in html
    response = client.post(f"/ceremonies/{ceremony.id}/program/director", data={"action": "floor",
                                                                            "site_code": DUC_PHO})
    assert response.status_code == 303
    assert client.get(url, headers=headers).get_json()["floor"]["code"] == DUC_PHO


def test_the_introduction_speaks_of_communes_and_wards_not_districts(db, make_ceremony):
    from ceremony.program.introductions import introduction_script
    from tests.two_tier import PEOPLE, invite

    ceremony = two_tier_ceremony(small=True)
    invite(ceremony, PEOPLE)
    script = introduction_script(ceremony)
    assert "tại điểm cầu tỉnh và các điểm cầu xã, phường!" in script and "huyện" not in script
    assert "Tại 2 điểm cầu xã, phường: 2 đại biểu, gồm lãnh đạo UBND xã, phường." in script
    assert "đồng chí" in script and "Nguyễn Thị Ánh Tuyết" in script
    three_tier = make_ceremony()
    assert "các điểm cầu huyện, xã!" in introduction_script(three_tier)
