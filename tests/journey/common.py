"""Shared pieces of the issue-8 journey: last year's demo ceremony rebuilt for the 2025 two-tier
Quảng Ngãi network, an office's own XLSX for one commune, and a substitute."""
from __future__ import annotations

from datetime import datetime, timedelta


from ceremony.core.time import VIETNAM

SOURCE_SLUG = "qn-2024-khai-truong-app"
COMMUNE = "21439"  # Phường Đức Phổ (2025)
START = datetime(2026, 12, 18, 8, 0, tzinfo=VIETNAM)  # the new date, local time
ORIGINAL = "Nguyễn Văn Hùng"
SUBSTITUTE = "Trần Văn Thay"
HEADER = ["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Số điện thoại", "Ghi chú"]
PEOPLE = [(ORIGINAL, "Chủ tịch UBND phường", "UBND phường Đức Phổ", "0905111001", ""),
          ("Lê Thị Hoa", "Phó Chủ tịch UBND phường", "UBND phường Đức Phổ", "0905 111 002", "dự tại điểm cầu")]


def office_xlsx() -> bytes:
    """As the ward office makes it: two merged title rows, a blank row, Vietnamese headers on row 4, no
    point column (the builder of tests/delegates/test_office_lists.py, with this journey's people)."""
    from tests.delegates.test_office_lists import office_xlsx as build

    return build(PEOPLE, HEADER, "DANH SÁCH ĐẠI BIỂU DỰ LỄ KHAI TRƯƠNG TẠI ĐIỂM CẦU PHƯỜNG ĐỨC PHỔ")


def inside_the_t30_window() -> datetime:
    """An instant inside the T-30 check-in window of the moved ceremony (T-60 … T-30 by default)."""
    return START - timedelta(minutes=45)


def flat(text: str) -> str:
    return " ".join(text.split())
