"""Delegate fixtures: a small ceremony with composition categories, and list files to import."""
from __future__ import annotations

import csv
import io

import pytest

from ceremony.delegates.models import CompositionCategory
from ceremony.sites.models import Tier

HEADERS = ["ho_ten", "chuc_vu", "don_vi", "ma_diem_cau", "thanh_phan", "dien_thoai", "email", "khu_vuc", "ghe",
           "vip"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Quốc", "Thanh"]
GIVEN = ["An", "Ánh", "Bình", "Châu", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Khánh", "Lâm", "Ngân", "Oanh",
         "Phúc", "Quyên", "Sơn", "Tâm", "Uyên", "Vy", "Yến"]
SITES = [("51", "lanh-dao"), ("522", "ubnd-huyen"), ("534", "ubnd-huyen"), ("536", "ubnd-huyen"),
         ("21010", "ubnd-xa"), ("21013", "ubnd-xa"), ("21550", "ubnd-xa"), ("21553", "ubnd-xa")]


@pytest.fixture
def ceremony(db, make_ceremony):
    """A ceremony of the small network with one composition category per tier."""
    ceremony = make_ceremony(plan_reference="Kế hoạch số 483/KH-UBND ngày 11/9/2024")
    for tier, code, name, colour in [(Tier.province, "lanh-dao", "Lãnh đạo tỉnh", "#a4161a"),
                                     (Tier.district, "ubnd-huyen", "Lãnh đạo UBND cấp huyện", "#1d3557"),
                                     (Tier.commune, "ubnd-xa", "Lãnh đạo UBND cấp xã", "#2a9d8f")]:
        db.session.add(CompositionCategory(ceremony_id=ceremony.id, tier=tier, code=code, name=name, colour=colour))
    db.session.commit()
    return ceremony


def make_rows(n: int, start: int = 0) -> list[dict]:
    """``n`` valid rows, all different (name, phone, e-mail), spread over every point."""
    rows = []
    for i in range(start, start + n):
        site, category = SITES[i % len(SITES)]
        name = f"{SURNAMES[i % 10]} {MIDDLES[(i // 10) % 8]} {GIVEN[(i // 80) % 20]}"
        if i >= 1600:
            name += f" {i}"
        rows.append({"ho_ten": name, "chuc_vu": "Chuyên viên", "don_vi": f"Đơn vị {i % 7}", "ma_diem_cau": site,
                     "thanh_phan": category, "dien_thoai": f"09{i:08d}", "email": f"u{i}@quangngai.gov.vn" if i % 3 else "",
                     "khu_vuc": "A" if i % 2 else "", "ghe": str(i % 40) if i % 5 == 0 else "", "vip": "x" if i % 50 == 0 else ""})
    return rows


def to_csv(rows: list[dict], headers=HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: list[dict], headers=HEADERS) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
