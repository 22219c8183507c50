"""Helpers shared by the delegate, invitation-letter and badge tests."""
from __future__ import annotations

import pytest

from ceremony.delegates.importing import table_from_json
from ceremony.delegates.operations import import_delegates
from ceremony.invitations.operations import issue_invitations

# Real-world long names and titles (made up people), to see nothing overflows.
LONG_NAMES = ["Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng", "Công Tằng Tôn Nữ Thị Phương Thảo", "Nguyễn Huỳnh Thị Ngọc Diễm",
              "Hoàng Thị Thanh Thủy", "Đặng Ngọc Ẩn", "Lê Ỷ"]
PEOPLE = [
    ("Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng", "Phó Chủ tịch Ủy ban nhân dân tỉnh kiêm Trưởng Ban Chỉ đạo chuyển đổi số",
     "Ủy ban nhân dân tỉnh Quảng Ngãi", "51", "lanh-dao", "A", "3", True),
    ("Đặng Ngọc Ẩn", "Giám đốc", "Sở Thông tin và Truyền thông", "51", "lanh-dao", "B", "", False),
    ("Lê Ỷ", "Chủ tịch UBND", "UBND thị xã Đức Phổ", "534", "ubnd-huyen", "", "", True),
    ("Công Tằng Tôn Nữ Thị Phương Thảo", "Chủ tịch Ủy ban nhân dân", "UBND xã Phổ An (thị xã Đức Phổ)", "21553",
     "ubnd-xa", "", "", False),
    ("Nguyễn Huỳnh Thị Ngọc Diễm", "Công chức Văn hóa - Xã hội", "UBND phường Trần Phú", "21013", "ubnd-xa", "", "",
     False),
]


def load_people(ceremony_id: int, people=PEOPLE) -> list:
    rows = [{"ho_ten": n, "chuc_vu": t, "don_vi": u, "ma_diem_cau": s, "thanh_phan": c, "khu_vuc": z, "ghe": g,
             "vip": v, "dien_thoai": f"09050000{i:02d}"} for i, (n, t, u, s, c, z, g, v) in enumerate(people)]
    return import_delegates(ceremony_id, table_from_json(rows)).created


@pytest.fixture
def invited_ceremony(db, ceremony):
    """The test ceremony with the people above imported and invited."""
    delegates = load_people(ceremony.id)
    issue_invitations(ceremony.id)
    db.session.commit()
    return ceremony
