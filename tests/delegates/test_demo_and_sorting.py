import sqlalchemy as sa

from ceremony.delegates.demo import load
from ceremony.delegates.models import Delegate
from ceremony.delegates.sorting import name_key, sort_names, word_key
from ceremony.invitations.models import Invitation


def test_vietnamese_order_base_letters_then_tones_given_name_first():
    names = ["Nguyễn Văn Đức", "Trần Thị Dung", "Lê Văn Em", "Phạm Thị Ánh", "Võ Văn Ân", "Hồ Thị Ấn", "Lê Ăn",
             "Lê An", "Lê Án", "Lê Àn", "Lê Ạn", "Lê Ản", "Lê Ãn", "Bùi Thị Yến", "Lê Bình", "Đỗ Hữu Ơn", "Lê Ôn",
             "Lê On", "Lê Ưng", "Lê Ung", "Lê Uy", "Lê Thị Ðào"]
    assert sort_names(names) == [
        "Lê An", "Lê Àn", "Lê Ản", "Lê Ãn", "Lê Án", "Lê Ạn", "Phạm Thị Ánh",  # a, then tones: ngang huyền hỏi ngã sắc nặng
        "Lê Ăn", "Võ Văn Ân", "Hồ Thị Ấn",  # a < ă < â
        "Lê Bình", "Trần Thị Dung", "Lê Thị Ðào", "Nguyễn Văn Đức",  # d < đ (U+00D0 look-alike sorts as Đ)
        "Lê Văn Em", "Lê On", "Lê Ôn", "Đỗ Hữu Ơn", "Lê Ung", "Lê Uy", "Lê Ưng", "Bùi Thị Yến"]


def test_code_point_order_would_be_wrong():
    names = ["Đinh Ánh", "Dương Ánh", "Ánh", "Bé"]
    assert sorted(names) != sort_names(names)
    assert [n for n in sort_names(["Ân", "Ăn", "An", "Bảo", "Đạt", "Dũng", "Em"])] == \
        ["An", "Ăn", "Ân", "Bảo", "Dũng", "Đạt", "Em"]


def test_given_name_decides_then_surname_then_middle_and_case_last():
    assert name_key("Trần Văn An") < name_key("Nguyễn Văn Bình")
    assert name_key("Lê Văn An") < name_key("Trần Văn An")
    assert name_key("Lê Thị An") < name_key("Lê Văn An")
    assert word_key("an") < word_key("An") < word_key("ăn")
    assert name_key("Nguye\u0302\u0303n An") == name_key("Nguyễn An")  # NFD and NFC sort alike


def test_demo_load_issues_every_invitation_once(db, demo):
    for ceremony in demo:
        delegates = db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)
                                      .where(Delegate.ceremony_id == ceremony.id))
        invited = db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                                    .where(Invitation.ceremony_id == ceremony.id))
        assert delegates > 0 and invited == delegates
        load(ceremony)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)
                                 .where(Invitation.ceremony_id == ceremony.id)) == delegates
