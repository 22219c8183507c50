import pytest

from ceremony.invitations.operations import issue_invitation, issue_invitations, revoke_invitation
from ceremony.invitations.queries import invitation_for_text
from ceremony.invitations.tokens import InvalidToken, invitation_url, make_token, parse_token


def test_token_names_the_ceremony_and_is_signed(app):
    token, key = make_token(7)
    parsed = parse_token(f"https://ceremony.test/i/{token}")
    assert parsed.ceremony_id == 7 and parsed.key == key and parsed.token == token
    assert parse_token(f"  {token}\n").token == token
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(InvalidToken, match="signature"):
        parse_token(forged)
    with pytest.raises(InvalidToken, match="unreadable"):
        parse_token("hello")


def test_tokens_are_random_not_sequential(app):
    tokens = {make_token(1)[0] for _ in range(200)}
    assert len(tokens) == 200


def test_issue_is_idempotent_and_revocation_is_kept(db, demo):
    from ceremony.delegates.models import Delegate

    delegate = db.session.scalars(db.select(Delegate).limit(1)).first()
    first = issue_invitation(delegate)
    assert issue_invitation(delegate) is first
    revoke_invitation(first, "thay người")
    db.session.commit()
    second = issue_invitation(delegate)
    db.session.commit()
    assert second.id != first.id and second.token != first.token and second.serial > first.serial
    assert invitation_for_text(first.token).is_revoked
    assert invitation_for_text(invitation_url(second.token)) == second
    assert invitation_url(second.token).startswith("https://ceremony.test/i/c")


def test_issue_all_of_a_ceremony(db, demo):
    ceremony = demo[0]
    invitations = issue_invitations(ceremony.id)
    db.session.commit()
    assert len(invitations) > 200
    assert len({i.serial for i in invitations}) == len(invitations)
