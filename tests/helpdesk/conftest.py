"""Help-desk fixtures: the readiness ceremony, a commune with its operator link."""
import pytest

from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code
from tests.readiness.conftest import ready_ceremony, report  # noqa: F401  (fixtures)


@pytest.fixture
def commune(db, ready_ceremony):
    site = get_site_by_code(ready_ceremony.id, "21550")  # Phường Nguyễn Nghiêm, in Đức Phổ (534)
    token = issue_site_token(site)
    db.session.commit()
    return site, token
