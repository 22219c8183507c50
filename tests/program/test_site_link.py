"""A commune reached by its operator link (no password) sees the run-of-show: the cue, the floor, the launch."""
from ceremony.program import operations
from ceremony.readiness.tokens import issue_site_token, revoke_site_tokens
from ceremony.sites.queries import get_site_by_code


def test_operator_link_page_embeds_the_cue_strip_on_token_routes(client, db, running):
    site = get_site_by_code(running.id, "21553")
    token = issue_site_token(site)
    db.session.commit()
    html = client.get(f"/r/{token}").get_data(as_text=True)
    assert 'class="cue-strip"' in html
    assert f'data-state="/r/{token}/program/state"' in html and 'data-site="21553"' in html
    state = client.get(f"/r/{token}/program/state").get_json()
    assert state["ceremony_id"] == running.id and state["status"] == "running"
    assert "server_ms" in client.get(f"/r/{token}/program/time").get_json()
    stream = client.get(f"/r/{token}/program/stream")
    assert stream.status_code == 200 and stream.mimetype == "text/event-stream"
    first = next(stream.response)
    stream.close()
    assert (first if isinstance(first, str) else first.decode()).startswith("retry:")


def test_the_floor_handed_to_a_point_reaches_its_link(client, db, running, director):
    site = get_site_by_code(running.id, "534")
    token = issue_site_token(site)
    operations.hand_floor(running, director, site.id)
    db.session.commit()
    state = client.get(f"/r/{token}/program/state").get_json()
    assert state["floor"] == {"code": "534", "name": site.name}


def test_forged_and_revoked_links_see_nothing(client, db, running):
    site = get_site_by_code(running.id, "21553")
    token = issue_site_token(site)
    db.session.commit()
    assert client.get(f"/r/{token}x/program/state").status_code in (401, 403)
    revoke_site_tokens(site)
    db.session.commit()
    for path in ("state", "time", "cue-strip", "stream"):
        assert client.get(f"/r/{token}/program/{path}").status_code in (401, 403), path
