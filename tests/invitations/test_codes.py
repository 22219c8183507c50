"""Short invitation codes: an alphabet without look-alikes, a check character that catches typos,
unique per ceremony in the database, given to every invitation (also by the migration)."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ceremony.invitations import codes
from ceremony.invitations.models import Invitation
from ceremony.invitations.operations import issue_invitations, reissue_invitation

from tests.attendance.conftest import invited, make_invited  # noqa: F401  (fixtures)


def test_alphabet_has_no_look_alikes_and_codes_are_eight_valid_characters():
    assert len(codes.ALPHABET) == 30 and not set("0O1ILU") & set(codes.ALPHABET)
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000  # 30**7 bodies: no collision in a few thousand
    assert all(len(c) == 8 and codes.is_valid(c) and set(c) <= set(codes.ALPHABET) for c in made)
    assert codes.new_code(taken=made) not in made


def test_every_single_character_typo_is_caught_by_the_check_character():
    code = codes.new_code()
    for position in range(8):
        for ch in codes.ALPHABET:
            if ch != code[position]:
                typo = code[:position] + ch + code[position + 1:]
                assert not codes.is_valid(typo), (code, typo)


def test_reading_what_people_type():
    code = codes.new_code()
    shown = codes.grouped(code)
    assert shown == f"{code[:4]}-{code[4:]}"
    for typed in (code, code.lower(), shown, f" {code[:4]} {code[4:]} ", f"{code[:2]}-{code[2:5]}.{code[5:]}"):
        assert codes.read(typed) == (code, ""), typed
    wrong = code[:7] + next(c for c in codes.ALPHABET if c != code[7])
    assert codes.read(wrong) == (None, "mistyped")
    assert codes.read("ABCD-EF0O") == (None, "excluded_characters")
    assert codes.read(code[:6]) == (None, "length")
    for number in ("12/GM-UBND", "Số: 125/GM-UBND", "số 7", "125"):
        assert codes.read(number) == (None, "letter_number"), number
    for other in ("", "hello world, this is not a code", "Nguyễn Văn A"):
        assert codes.read(other)[0] is None


def test_codes_are_unique_per_ceremony_in_the_database(db, make_invited):
    first, second = make_invited(), make_invited()
    taken = first.invitations[0].short_code
    # The same code may exist in another ceremony…
    second.invitations[0].short_code = taken
    db.session.commit()
    # …but never twice in one.
    first.invitations[1].short_code = taken
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    codes_of_first = db.session.scalars(sa.select(Invitation.short_code)
                                        .where(Invitation.ceremony_id == first.ceremony.id)).all()
    assert len(codes_of_first) == len(set(codes_of_first)) == 7


def test_bulk_issue_and_reissue_give_fresh_valid_codes(db, invited):
    before = {i.delegate_id: i.short_code for i in issue_invitations(invited.ceremony.id)}
    assert all(codes.is_valid(c) for c in before.values())
    delegate_id = invited.delegates[0].id
    again = reissue_invitation(invited.ceremony.id, delegate_id, "Giấy mời bị thất lạc")
    db.session.commit()
    assert again.short_code != before[delegate_id] and codes.is_valid(again.short_code)
