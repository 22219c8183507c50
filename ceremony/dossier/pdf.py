"""The dossier as one PDF (Vietnamese, the shipped Serif fonts, charts as PNG images): a pure function."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ceremony.campaign import charts as campaign_charts
from ceremony.core.charts import BarChart, png
from ceremony.core.pdf import register_fonts
from ceremony.core.time import local
from ceremony.core.wording import duration_words
from ceremony.dossier.collect import READINESS_VI, TIER_VI, Dossier

TITLE = ParagraphStyle("title", fontName="Serif-Bold", fontSize=18, leading=24, alignment=1, spaceAfter=6)
SUB = ParagraphStyle("sub", fontName="Serif", fontSize=12, leading=16, alignment=1)
H1 = ParagraphStyle("h1", fontName="Serif-Bold", fontSize=14, leading=18, spaceBefore=6, spaceAfter=6)
H2 = ParagraphStyle("h2", fontName="Serif-Bold", fontSize=12, leading=15, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("body", fontName="Serif", fontSize=10, leading=13)
CELL = ParagraphStyle("cell", fontName="Serif", fontSize=8.5, leading=10.5)
GRID = TableStyle([("FONTNAME", (0, 0), (-1, -1), "Serif"), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                   ("FONTNAME", (0, 0), (-1, 0), "Serif-Bold"), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                   ("REPEATROWS", (0, 0), (-1, 0))])
WIDTH = 180 * mm


def _t(value, fmt: str = "%H:%M %d/%m/%Y") -> str:
    return local(value).strftime(fmt) if value else ""


def _p(text) -> Paragraph:
    return Paragraph(str(text if text is not None else "").replace("&", "&amp;").replace("<", "&lt;"), CELL)


def _n(value) -> str:
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


def _mmss(seconds, signed: bool = False) -> str:
    """A duration as it is read: "15 phút", "1 giờ 05 phút", "+2 phút 30 giây"."""
    return duration_words(seconds, signed=signed, lang="vi")


SOURCES = {"web": "trang web", "api": "thiết bị bấm nút"}


def _cell(value):
    """Short text and numbers as plain strings (fast); longer text as a paragraph that wraps."""
    if isinstance(value, Paragraph):
        return value
    text = "" if value is None else str(value)
    return _p(text) if len(text) > 18 else text


def _table(rows, widths=None) -> Table:
    return Table([[_cell(c) for c in row] for row in rows], colWidths=widths, style=GRID, hAlign="LEFT",
                 repeatRows=1)


def _chart(chart: BarChart) -> Image:
    data = png(chart)
    rows = max(len(chart.labels), 1)
    height = WIDTH * (70 + 44 * rows + 20) / 1600
    return Image(io.BytesIO(data), width=WIDTH, height=height)


def _cover(d: Dossier) -> list:
    c = d.ceremony
    return [Spacer(1, 40 * mm), Paragraph(c.host_unit.upper(), SUB), Spacer(1, 20 * mm),
            Paragraph("HỒ SƠ BUỔI LỄ", TITLE), Paragraph(c.title, TITLE), Spacer(1, 10 * mm),
            Paragraph(f"Thời gian: {_t(c.starts_at)}", SUB), Paragraph(f"Địa điểm: {c.venue}", SUB),
            Paragraph(c.plan_reference or "", SUB), Spacer(1, 30 * mm),
            Paragraph(f"Lập lúc {_t(d.generated_at)}", SUB), PageBreak()]


def _program(d: Dossier) -> list:
    rows = [["Nội dung", "Bắt đầu theo kế hoạch", "Bắt đầu thực tế", "Thời lượng kế hoạch", "Thời lượng thực tế",
             "Chênh lệch"]]
    for r in d.program:
        diff = r["actual_seconds"] - r["planned_seconds"] if r["actual_seconds"] is not None else None
        rows.append([r["title"], _t(r["planned_start"], "%H:%M"), _t(r["actual_start"], "%H:%M"),
                     _mmss(r["planned_seconds"]), _mmss(r["actual_seconds"]), _mmss(diff, signed=True)])
    out = [Paragraph("1. Chương trình: kế hoạch và thực tế", H1)]
    out.append(_table(rows, [62 * mm, 22 * mm, 22 * mm, 24 * mm, 25 * mm, 25 * mm]) if d.program
               else Paragraph("Chưa có chương trình.", BODY))
    out.append(Paragraph("Lệnh phát động", H2))
    if d.launches:
        rows = [["Nghi lễ", "Bấm nút lúc", "Các màn hình chuyển lúc", "Nguồn", "Người bấm"]]
        rows += [[r["segment"], _t(r["fired_at"], "%H:%M:%S %d/%m/%Y"), _t(r["switch_at"], "%H:%M:%S"), SOURCES.get(r["source"], r["source"]),
                  r["fired_by"]] for r in d.launches]
        out.append(_table(rows, [60 * mm, 35 * mm, 30 * mm, 15 * mm, 40 * mm]))
    else:
        out.append(Paragraph("Chưa ghi nhận lệnh phát động.", BODY))
    return out


def _attendance(d: Dossier) -> list:
    a = d.attendance
    out = [Paragraph("2. Điểm danh", H1),
           Paragraph(f"Đại biểu mời: <b>{_n(a['invited'])}</b>; có mặt: <b>{_n(a['present'])}</b>; "
                     f"số người các điểm cầu báo cáo: <b>{_n(a['headcount_total'])}</b>.", BODY)]
    tiers = [r for r in a["by_tier"]]
    out.append(_table([["Cấp", "Mời", "Có mặt"]] + [[TIER_VI[r["tier"]], r["invited"], r["present"]] for r in tiers],
                      [60 * mm, 30 * mm, 30 * mm]))
    out.append(Spacer(1, 3 * mm))
    out.append(_chart(BarChart("Đại biểu có mặt theo cấp (so với số mời)", [TIER_VI[r["tier"]] for r in tiers],
                               [r["present"] for r in tiers], [r["invited"] for r in tiers])))
    rows = [["Mã", "Điểm cầu", "Cấp", "Mời", "Có mặt", "Báo cáo số người"]]
    rows += [[s["code"], s["name"], TIER_VI[s["tier"]], s["invited"], s["present"],
              "" if s["headcount"] is None else s["headcount"]] for s in a["by_site"]]
    out += [Paragraph("Theo điểm cầu", H2), _table(rows, [15 * mm, 70 * mm, 22 * mm, 22 * mm, 22 * mm, 29 * mm])]
    return out


def _readiness(d: Dossier) -> list:
    out = [Paragraph("3. Sẵn sàng kỹ thuật theo khung giờ", H1)]
    if not d.readiness:
        return out + [Paragraph("Không có khung giờ kiểm tra.", BODY)]
    rows = [["Khung giờ", "Thời gian", "Số điểm", *READINESS_VI.values(), "Bị cảnh báo"]]
    rows += [[r["name"], f"{_t(r['opens_at'], '%H:%M %d/%m')}–{_t(r['closes_at'], '%H:%M')}", r["points"],
              *[r.get(k, 0) for k in READINESS_VI], r["flagged"]] for r in d.readiness]
    return out + [_table(rows, [40 * mm, 34 * mm, 16 * mm, 18 * mm, 18 * mm, 20 * mm, 18 * mm, 16 * mm])]


def _campaigns(d: Dossier) -> list:
    out = [PageBreak(), Paragraph("4. Kết quả chiến dịch hướng dẫn người dân", H1)]
    if not d.campaigns:
        return out + [Paragraph("Không có chiến dịch.", BODY)]
    for data in d.campaigns:
        t = data["totals"]
        out += [Paragraph(data["title"], H2),
                Paragraph(f"Thời gian: {_t(data['opens_at'])} – {_t(data['closes_at'])}. Chỉ tiêu mỗi thành viên: "
                          f"{data['target_per_member']} người dân.", BODY),
                Paragraph(f"Thành viên: <b>{_n(t['members'])}</b>; chỉ tiêu: <b>{_n(t['target'])}</b>; tổng số người "
                          f"dân đã được hướng dẫn: <b>{_n(t['guided'])}</b> ({t['percent']}%); thành viên đạt chỉ tiêu: "
                          f"<b>{_n(t['members_done'])}</b>; chưa đạt: <b>{_n(t['members_behind'])}</b>.", BODY),
                Spacer(1, 3 * mm)]
        for chart in (campaign_charts.by_district(data), campaign_charts.by_skill(data), campaign_charts.by_level(data)):
            if chart.labels:
                out += [_chart(chart), Spacer(1, 2 * mm)]
        rows = [["Kỹ năng", "Lượt hướng dẫn"]] + [[r["label"], r["guided"]] for r in data["by_skill"]]
        out.append(_table(rows, [140 * mm, 30 * mm]))
        rows = [["Huyện", "Thành viên", "Chỉ tiêu", "Đã hướng dẫn", "%", "Chưa đạt"]]
        rows += [[r["name"], r["members"], r["target"], r["guided"], r["percent"], r["members_behind"]]
                 for r in data["by_district"]]
        out += [Paragraph("Theo huyện", H2), _table(rows, [70 * mm, 22 * mm, 22 * mm, 25 * mm, 15 * mm, 20 * mm])]
        rows = [["Xã", "Huyện", "Thành viên", "Chỉ tiêu", "Đã hướng dẫn", "Chưa đạt"]]
        rows += [[r["name"], r["district"], r["members"], r["target"], r["guided"], r["members_behind"]]
                 for r in data["by_commune"]]
        out += [Paragraph("Theo xã", H2), _table(rows, [50 * mm, 45 * mm, 20 * mm, 20 * mm, 25 * mm, 20 * mm])]
        behind = data["behind"]
        out.append(Paragraph(f"Thành viên chưa đạt chỉ tiêu ({len(behind)})", H2))
        if behind:
            rows = [["Họ và tên", "Chức vụ", "Điểm cầu", "Điện thoại", "Đã hướng dẫn"]]
            rows += [[r["full_name"], r["role"], r["site_name"] + (f" – {r['village']}" if r["village"] else ""),
                      r["phone"], f"{r['guided']}/{r['target']}"] for r in behind]
            out.append(_table(rows, [45 * mm, 30 * mm, 55 * mm, 25 * mm, 20 * mm]))
    return out


def _reports(d: Dossier) -> list:
    out = [PageBreak(), Paragraph("5. Báo cáo của các đơn vị", H1)]
    if not d.reports:
        return out + [Paragraph("Không có yêu cầu báo cáo.", BODY)]
    for r in d.reports:
        s = r["summary"]
        received = s["accepted"] + s["submitted"] + s["returned"]
        out += [Paragraph(r["title"], H2),
                Paragraph(f"Hạn: {_t(r['due_at'])}. Đã nhận: <b>{received}/{s['units']}</b> (tiếp nhận {s['accepted']}, "
                          f"trả lại {s['returned']}, gửi muộn {s['late']}); chưa nhận: <b>{s['missing'] + s['overdue']}"
                          f"</b> (quá hạn {s['overdue']}).", BODY)]
        rows = [["Đơn vị", "Loại", "Tình trạng", "Gửi lúc", "Tệp", "Ý kiến của tỉnh"]]
        rows += [[u["unit"], u["kind"], u["state_vi"] + (" (muộn)" if u["is_late"] else ""), _t(u["submitted_at"]),
                  u["files"], u["comment"]] for u in r["units"]]
        out.append(_table(rows, [50 * mm, 25 * mm, 25 * mm, 28 * mm, 10 * mm, 42 * mm]))
    return out


def dossier_pdf(d: Dossier, step=lambda percent, text: None) -> bytes:
    """The whole dossier as PDF bytes."""
    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Hồ sơ buổi lễ – {d.ceremony.title}")
    story = _cover(d) + _program(d)
    step(60, "PDF: điểm danh")
    story += _attendance(d) + _readiness(d)
    step(70, "PDF: chiến dịch")
    story += _campaigns(d) + _reports(d)
    doc.build(story)
    return out.getvalue()
