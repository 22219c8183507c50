import pytest

from ceremony.core.auth import user_covers_site
from ceremony.core.errors import Conflict, InvalidInput
from ceremony.sites.queries import get_site_by_code
from ceremony.users.operations import authenticate, create_user


def test_password_is_hashed_and_checked(db, make_user):
    user = make_user("viewer", password="correct-horse")
    assert "correct-horse" not in user.password_hash
    assert authenticate(user.email.upper(), "correct-horse") == user
    assert authenticate(user.email, "wrong-horse") is None


def test_operator_must_be_bound_to_a_site(db):
    with pytest.raises(InvalidInput) as caught:
        create_user("op@example.vn", role="operator", password="12345678")
    assert caught.value.field == "site"


def test_unknown_role_and_duplicate_email(db, make_user):
    with pytest.raises(InvalidInput):
        create_user("a@example.vn", role="king", password="12345678")
    make_user(email="a@example.vn")
    with pytest.raises(Conflict):
        create_user("A@example.vn", role="viewer", password="12345678")


def test_district_operator_covers_its_communes_only(db, make_ceremony, make_user):
    ceremony = make_ceremony()
    operator = make_user("operator", site_codes=["534"])
    assert user_covers_site(operator, get_site_by_code(ceremony.id, "534"))
    assert user_covers_site(operator, get_site_by_code(ceremony.id, "21553"))
    assert not user_covers_site(operator, get_site_by_code(ceremony.id, "21010"))
    assert not user_covers_site(operator, get_site_by_code(ceremony.id, "51"))
    organizer = make_user("organizer")
    assert user_covers_site(organizer, get_site_by_code(ceremony.id, "21010"))
