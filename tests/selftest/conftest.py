"""Self-test fixtures: the readiness ceremony and a commune with its operator link."""
import pytest

from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code
from tests.readiness.conftest import ALL_OK, ready_ceremony, report  # noqa: F401  (fixtures)

__all__ = ["ALL_OK"]


@pytest.fixture
def commune(db, ready_ceremony):
    site = get_site_by_code(ready_ceremony.id, "21550")
    token = issue_site_token(site)
    db.session.commit()
    return site, token
