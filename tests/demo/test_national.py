"""``flask demo national``: the country's official units with synthetic delegates and invitations."""
import sqlalchemy as sa

from ceremony.attendance.queries import venue_site
from ceremony.ceremonies.queries import get_ceremony_by_slug
from ceremony.delegates.models import CompositionCategory, Delegate, Person
from ceremony.delegates.sorting import search_key, sort_key
from ceremony.demo.national import quotas
from ceremony.invitations.codes import is_valid
from ceremony.invitations.models import Invitation
from ceremony.invitations.tokens import parse_token
from ceremony.sites.models import Site, Tier
from ceremony.sites.queries import tier_counts


def test_quotas_share_the_whole_in_proportion():
    assert quotas([50, 10, 1, 1], 62) == [50, 10, 1, 1]
    assert sum(quotas([50, 10, 3, 1, 1], 7)) == 7
    assert quotas([1, 1, 1], 0) == [0, 0, 0]
    assert quotas([5, 1], 1000) == [833, 167]


def test_demo_national_builds_the_2025_country_with_invited_delegates(db, runner):
    result = runner.invoke(args=["demo", "national", "--delegates", "150"])
    assert result.exit_code == 0, result.output
    assert "150 delegates" in result.output and "3,356 points" in result.output
    ceremony = get_ceremony_by_slug("vn-2025-khai-truong-quoc-gia")
    assert {t: n for t, n in tier_counts(ceremony.id).items() if n} == {"nation": 1, "province": 34, "commune": 3321}
    root = db.session.scalar(sa.select(Site).where(Site.ceremony_id == ceremony.id, Site.parent_id.is_(None)))
    assert root.tier is Tier.nation and root.venue == ceremony.venue
    assert venue_site(ceremony.id) == root  # the gates stand in the national hall, not a province's
    rows = db.session.execute(
        sa.select(Delegate, Person, Site.tier, CompositionCategory.tier)
        .join(Person, Person.id == Delegate.person_id).join(Site, Site.id == Delegate.site_id)
        .join(CompositionCategory, CompositionCategory.id == Delegate.category_id)
        .where(Delegate.ceremony_id == ceremony.id)).all()
    assert len(rows) == 150
    for delegate, person, site_tier, category_tier in rows:
        # The keys the model's events would have written, and a category of the point's own tier.
        assert delegate.sort_key == sort_key(person.full_name)
        assert delegate.search_key == search_key(person.full_name, person.title)
        assert site_tier == category_tier and person.organisation_id is not None
    # Weighted 50 : 10 : 1 (nation, province, commune): the national venue invites the most.
    by_site = db.session.execute(sa.select(Delegate.site_id, sa.func.count()).where(Delegate.ceremony_id == ceremony.id)
                                 .group_by(Delegate.site_id)).all()
    assert max(by_site, key=lambda r: r[1])[0] == root.id
    invitations = list(db.session.scalars(sa.select(Invitation).where(Invitation.ceremony_id == ceremony.id)))
    assert len(invitations) == 150 and len({i.delegate_id for i in invitations}) == 150
    assert sorted(i.serial for i in invitations) == list(range(1, 151))
    assert all(is_valid(i.short_code) and parse_token(i.token).ceremony_id == ceremony.id for i in invitations)
    assert len({i.short_code for i in invitations}) == 150

    again = runner.invoke(args=["demo", "national", "--delegates", "150"])
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)) == 150


def test_the_national_demo_is_served_like_any_ceremony(db, runner, client, api_headers):
    assert runner.invoke(args=["demo", "national", "--delegates", "40", "--slug", "vn-bench"]).exit_code == 0
    ceremony = get_ceremony_by_slug("vn-bench")
    headers = api_headers("organizer")
    page = client.get(f"/api/v1/ceremonies/{ceremony.id}/delegates?per_page=15", headers=headers).get_json()
    assert page["total"] == 40 and page["next"]
    name = page["items"][0]["full_name"]
    gate = client.get(f"/api/v1/ceremonies/{ceremony.id}/checkin-candidates",
                      query_string={"q": name}, headers=api_headers("checker")).get_json()
    assert name in [d["name"] for d in gate["items"]]
