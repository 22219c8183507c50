"""Campaign fixtures: the 2023 movement launch on the small network, with teams and the 7-citizen campaign."""
from __future__ import annotations

import io
from datetime import datetime

import pytest

from ceremony.campaign.operations import create_campaign, create_member
from ceremony.sites.queries import get_site_by_code


def team_xlsx(rows, title_rows=("UBND TỈNH QUẢNG NGÃI", "DANH SÁCH THÀNH VIÊN TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"),
              header=("STT", "Họ và tên", "Chức vụ trong Tổ", "Số điện thoại", "Mã điểm cầu", "Cấp",
                      "Thôn/Tổ dân phố")) -> bytes:
    """An office-style team list: title rows, a blank line, then the Vietnamese header."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in title_rows:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(header))
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def movement(db, make_ceremony):
    """The 2023 launch (08:00 Vietnam time, 01:00 UTC on 28/7/2023) on the 1 + 3 + 4 network."""
    return make_ceremony(kind="movement_launch", title="Lễ phát động Phong trào chuyển đổi số",
                         starts_at=datetime(2023, 7, 28, 8, 0), ends_at=datetime(2023, 7, 28, 9, 0))


@pytest.fixture
def campaign(db, movement):
    campaign = create_campaign(movement, code="huong-dan-7-nguoi-dan",
                               title="Mỗi thành viên Tổ Công nghệ số cộng đồng hướng dẫn tối thiểu 07 người dân")
    db.session.commit()
    return campaign


@pytest.fixture
def team(db, movement):
    """Five members: one at the district Đức Phổ, two at Phổ An (one a village team), two at Trần Phú."""
    spec = [("534", "Nguyễn Văn An", "Tổ trưởng", "0905000001", None, ""),
            ("21553", "Trần Thị Bình", "Tổ trưởng", "0905000002", None, ""),
            ("21553", "Lê Văn Cường", "Thành viên", "0905000003", "village", "Thôn An Thạch"),
            ("21013", "Phạm Thị Dung", "Tổ phó", "0905000004", None, ""),
            ("21013", "Hoàng Văn Em", "Thành viên", "0905000005", None, "")]
    members = [create_member(get_site_by_code(movement.id, code), full_name=name, role=role, phone=phone,
                             level=level, village=village)
               for code, name, role, phone, level, village in spec]
    db.session.commit()
    return members
