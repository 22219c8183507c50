"""The dossier as one XLSX, a sheet per table; no text cell is ever written as a formula."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from ceremony.core import spreadsheet
from ceremony.core.time import local
from ceremony.dossier.collect import READINESS_VI, TIER_VI, Dossier


def safe(value):
    """A value fit for a cell: aware datetimes in Vietnam time (a spreadsheet has no time zones)."""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return local(value).replace(tzinfo=None)
    return value


def _sheet(book: Workbook, title: str, header: list[str], rows) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        spreadsheet.append(sheet, [safe(v) for v in row])  # text typed as "=…" is kept as text, never run
        for cell in sheet[sheet.max_row]:
            if hasattr(cell.value, "year"):
                cell.number_format = "hh:mm dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)


def dossier_xlsx(d: Dossier) -> bytes:
    book = Workbook()
    book.remove(book.active)
    c = d.ceremony
    _sheet(book, "Buổi lễ", ["Mục", "Nội dung"], [["Buổi lễ", c.title], ["Chủ trì", c.host_unit],
                                                    ["Thời gian", c.starts_at], ["Địa điểm", c.venue],
                                                    ["Lập lúc", d.generated_at]])
    _sheet(book, "Chương trình", ["Nội dung", "Bắt đầu (KH)", "Bắt đầu (TT)", "Thời lượng KH (giây)",
                                  "Thời lượng TT (giây)"],
           [[r["title"], r["planned_start"], r["actual_start"], r["planned_seconds"], r["actual_seconds"]]
            for r in d.program])
    _sheet(book, "Phát động", ["Nghi lễ", "Bấm nút lúc", "Chuyển màn hình lúc", "Nguồn", "Người bấm"],
           [[r["segment"], r["fired_at"], r["switch_at"], r["source"], r["fired_by"]] for r in d.launches])
    a = d.attendance
    _sheet(book, "Điểm danh theo cấp", ["Cấp", "Mời", "Có mặt"],
           [[TIER_VI[r["tier"]], r["invited"], r["present"]] for r in a["by_tier"]])
    _sheet(book, "Điểm danh theo điểm cầu", ["Mã", "Điểm cầu", "Cấp", "Mời", "Có mặt", "Báo cáo số người"],
           [[s["code"], s["name"], TIER_VI[s["tier"]], s["invited"], s["present"], s["headcount"]] for s in a["by_site"]])
    _sheet(book, "Sẵn sàng", ["Khung giờ", "Mở", "Đóng", "Số điểm", *READINESS_VI.values(), "Bị cảnh báo"],
           [[r["name"], r["opens_at"], r["closes_at"], r["points"], *[r.get(k, 0) for k in READINESS_VI], r["flagged"]]
            for r in d.readiness])
    members, communes, districts, skills = [], [], [], []
    for data in d.campaigns:
        title = data["title"]
        members += [[title, r["full_name"], r["role"], r["phone"], r["site_code"], r["site_name"], r["village"],
                     r["district"], r["guided"], r["target"], "Chưa đạt" if r["is_behind"] else "Đạt",
                     *r["by_skill"].values()] for r in data["members"]]
        communes += [[title, r["code"], r["name"], r["district"], r["members"], r["target"], r["guided"],
                      r["members_behind"]] for r in data["by_commune"]]
        districts += [[title, r["code"], r["name"], r["members"], r["target"], r["guided"], r["members_behind"]]
                      for r in data["by_district"]]
        skills += [[title, r["key"], r["label"], r["guided"]] for r in data["by_skill"]]
    skill_headers = [s["label"] for s in d.campaigns[0]["by_skill"]] if d.campaigns else []
    _sheet(book, "Chiến dịch - thành viên", ["Chiến dịch", "Họ và tên", "Chức vụ", "Điện thoại", "Mã điểm cầu",
                                             "Điểm cầu", "Thôn", "Huyện", "Đã hướng dẫn", "Chỉ tiêu", "Kết quả",
                                             *skill_headers], members)
    _sheet(book, "Chiến dịch - xã", ["Chiến dịch", "Mã", "Xã", "Huyện", "Thành viên", "Chỉ tiêu", "Đã hướng dẫn",
                                     "Chưa đạt"], communes)
    _sheet(book, "Chiến dịch - huyện", ["Chiến dịch", "Mã", "Huyện", "Thành viên", "Chỉ tiêu", "Đã hướng dẫn",
                                        "Chưa đạt"], districts)
    _sheet(book, "Chiến dịch - kỹ năng", ["Chiến dịch", "Mã", "Kỹ năng", "Lượt hướng dẫn"], skills)
    _sheet(book, "Báo cáo đơn vị", ["Yêu cầu", "Hạn", "Đơn vị", "Loại", "Tình trạng", "Gửi lúc", "Muộn", "Số tệp",
                                    "Bị cảnh báo quá hạn", "Ý kiến của tỉnh"],
           [[r["title"], r["due_at"], u["unit"], u["kind"], u["state_vi"], u["submitted_at"],
             "x" if u["is_late"] else "", u["files"], "x" if u["flagged"] else "", u["comment"]]
            for r in d.reports for u in r["units"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
