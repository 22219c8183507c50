"""Readiness documents as bytes: the one-page site kit (with the operator QR code) and the window report.

Text is Vietnamese (documents are for Vietnamese officials), drawn with the shipped fonts.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ceremony.core.pdf import register_fonts
from ceremony.core.time import local
from ceremony.core.wording import in_sentence

TIER_VI = {"province": "Điểm cầu tỉnh", "district": "Điểm cầu huyện", "commune": "Điểm cầu xã"}
STATUS_VI = {"ready": "Sẵn sàng", "problem": "Có vấn đề", "not_reported": "Chưa báo cáo", "offline": "Mất kết nối"}


def _when(value) -> str:
    return local(value).strftime("%H:%M %d/%m/%Y") if value else "—"


def _qr_image(text: str) -> ImageReader:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def _contact(site) -> tuple[str, str]:
    """Who the point calls: its district (a commune), the province (a district), itself (the province)."""
    target = site.parent or site
    parts = [p for p in (target.operator_name, target.operator_phone, target.operator_email) if p]
    return target.name, " · ".join(parts) or "(chưa có thông tin liên hệ)"


KIT_LEFT, KIT_INDENT = 20 * mm, 24 * mm
KIT_STYLES = {
    "title": dict(fontName="Sans-Bold", fontSize=11, leading=14),
    "name": dict(fontName="Sans-Bold", fontSize=20, leading=24),
    "line": dict(fontName="Sans", fontSize=12, leading=15),
    "head": dict(fontName="Sans-Bold", fontSize=12, leading=15),
    "item": dict(fontName="Sans", fontSize=11, leading=14),
}


def _flow(page, text: str, style: str, x: float, top: float, width: float) -> float:
    """Draw ``text`` wrapped to ``width`` with its first line's top at ``top``; the top of what follows.

    Long titles and names wrap onto further lines (never cut); a long link breaks between letters."""
    paragraph = Paragraph(escape(text), ParagraphStyle(style, splitLongWords=True, **KIT_STYLES[style]))
    _, height = paragraph.wrap(width, 10_000)
    paragraph.drawOn(page, x, top - height)
    return top - height


def site_kits_pdf(ceremony, sites, links: dict[int, str], phases, bridges: dict | None = None) -> bytes:
    """One A4 page per point: name, code, schedule of the windows, contact, its bridge details
    (``bridges``: site id → ``selftest`` BridgeDetails), and the QR of its link."""
    register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle(f"Bộ công cụ điểm cầu – {ceremony.title}")
    width, height = A4
    text_width = width - 2 * KIT_LEFT
    for site in sites:
        top = height - 21 * mm
        top = _flow(page, ceremony.title, "title", KIT_LEFT, top, text_width) - 6 * mm
        top = _flow(page, site.name, "name", KIT_LEFT, top, text_width) - 2 * mm
        top = _flow(page, f"{TIER_VI[site.tier.value]} · Mã: {site.code}", "line", KIT_LEFT, top, text_width)
        top = _flow(page, "Lịch báo cáo sẵn sàng", "head", KIT_LEFT, top - 8 * mm, text_width) - 1 * mm
        for phase in phases:
            top = _flow(page, f"• {phase.name}: {_when(phase.opens_at)} – {_when(phase.closes_at)}", "item",
                        KIT_INDENT, top - 1.5 * mm, width - KIT_INDENT - KIT_LEFT)
        name, contact = _contact(site)
        top = _flow(page, f"Liên hệ: {in_sentence(name)}", "head", KIT_LEFT, top - 7 * mm, text_width) - 1 * mm
        top = _flow(page, contact, "item", KIT_INDENT, top, width - KIT_INDENT - KIT_LEFT)
        bridge = (bridges or {}).get(site.id)
        if bridge is not None:
            lines = [(label, value) for label, value in (
                ("Kết nối hội nghị", bridge.endpoint), ("Đường dự phòng", bridge.backup_link),
                ("Kỹ thuật", " · ".join(p for p in (bridge.tech_contact, bridge.tech_phone) if p))) if value]
            if lines:
                top = _flow(page, "Kết nối điểm cầu", "head", KIT_LEFT, top - 6 * mm, text_width) - 1 * mm
                for label, value in lines:
                    top = _flow(page, f"{label}: {value}", "item", KIT_INDENT, top - 1.5 * mm,
                                width - KIT_INDENT - KIT_LEFT)
        size = min(80 * mm, max(40 * mm, top - 4 * mm - 45 * mm))  # a smaller code rather than an overlap
        page.drawImage(_qr_image(links[site.id]), (width - size) / 2, 45 * mm, size, size)
        page.setFont("Sans", 10)
        page.drawCentredString(width / 2, 38 * mm, "Quét mã để mở trang báo cáo của điểm cầu (không cần mật khẩu).")
        page.drawCentredString(width / 2, 32 * mm, "Giữ kín mã này: ai có mã đều báo cáo được thay điểm cầu.")
        page.setFont("Sans", 7)
        page.drawCentredString(width / 2, 20 * mm, links[site.id])
        page.showPage()
    page.save()
    return buffer.getvalue()


def phase_report_pdf(ceremony, phase, rows, helpdesk: dict | None = None) -> bytes:
    """The window report: counts, every point's status and first-ready time, who never reported, and
    (``helpdesk``: ``helpdesk.queries.report``) the help desk's tickets and response times."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm,
                            title=f"Báo cáo sẵn sàng – {phase.name}")
    title = ParagraphStyle("title", fontName="Sans-Bold", fontSize=15, leading=19)
    body = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=11)
    head = ParagraphStyle("head", fontName="Sans-Bold", fontSize=11, leading=14, spaceBefore=6)
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    story = [Paragraph(f"Báo cáo sẵn sàng các điểm cầu – {phase.name}", title),
             Paragraph(f"{ceremony.title}. Khung giờ: {_when(phase.opens_at)} – {_when(phase.closes_at)}.", body),
             Paragraph("Tổng hợp: " + "; ".join(f"{STATUS_VI[k]}: {counts.get(k, 0)}" for k in STATUS_VI)
                       + f" (tổng số {len(rows)} điểm cầu).", body), Spacer(1, 4 * mm)]
    header = ["Mã", "Điểm cầu", "Thuộc", "Trạng thái", "Sẵn sàng lúc", "Báo cáo cuối", "Vấn đề / ghi chú"]
    table = [header] + [[r["code"], Paragraph(r["name"], body), Paragraph(r["district"], body),
                         STATUS_VI[r["status"]], _when(r["first_ready_at"]), _when(r["last_report_at"]),
                         Paragraph(r["problems"], body)] for r in rows]
    story.append(_table(table, [16 * mm, 55 * mm, 45 * mm, 26 * mm, 30 * mm, 30 * mm, 71 * mm]))
    silent = [r for r in rows if r["status"] == "not_reported"]
    story.append(Paragraph(f"Điểm cầu không báo cáo ({len(silent)})", head))
    if silent:
        story.append(_table([["Mã", "Điểm cầu", "Thuộc", "Đã báo"]] +
                            [[r["code"], Paragraph(r["name"], body), Paragraph(r["district"], body),
                              Paragraph(r["told"] or "—", body)] for r in silent],
                            [16 * mm, 70 * mm, 60 * mm, 127 * mm]))
    else:
        story.append(Paragraph("Tất cả các điểm cầu đều đã báo cáo.", body))
    if helpdesk is not None:
        from ceremony.helpdesk.report import pdf_story

        story += pdf_story(helpdesk, _table)
    doc.build(story)
    return buffer.getvalue()


def _table(rows, widths) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Sans", 8.5), ("FONT", (0, 0), (-1, 0), "Sans-Bold", 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table
