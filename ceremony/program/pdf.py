"""The program (kịch bản) and the timing report as PDF: pure functions returning bytes."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import force_locale
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ceremony.core.pdf import register_fonts
from ceremony.core.time import local
from ceremony.core.wording import duration_words, in_sentence
from ceremony.program import queries

ACTIONS = {"start": "Bắt đầu", "next": "Chuyển phần", "hold": "Tạm dừng", "resume": "Tiếp tục",
           "extend": "Điều chỉnh thời lượng", "floor": "Trao lời", "launch": "Phát động", "finish": "Kết thúc",
           "reset": "Đặt lại"}
KINDS = {"introduction": "Khai mạc", "approval": "Thông qua chương trình", "speech": "Phát biểu",
         "clip": "Chiếu clip", "launch": "Nghi lễ", "response": "Phát biểu hưởng ứng", "closing": "Bế mạc"}


def _styles():
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName="Serif-Bold", fontSize=14, leading=18, alignment=1),
        "sub": ParagraphStyle("sub", fontName="Serif-Italic", fontSize=11, leading=14, alignment=1),
        "cell": ParagraphStyle("cell", fontName="Serif", fontSize=10, leading=12.5),
        "bold": ParagraphStyle("bold", fontName="Serif-Bold", fontSize=10, leading=12.5),
        "script": ParagraphStyle("script", fontName="Serif-Italic", fontSize=10.5, leading=13.5, leftIndent=40 * mm),
        "head": ParagraphStyle("head", fontName="Serif-Bold", fontSize=10, leading=12.5, alignment=1),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _hm(value) -> str:
    return local(value).strftime("%H:%M") if value is not None else ""


def _table(rows, widths) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    return table


def program_pdf(ceremony, slots) -> bytes:
    """The kịch bản: one row per segment with planned times, people on stage, script and cues."""
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=f"Kịch bản - {ceremony.title}")
    story = [_p("KỊCH BẢN CHƯƠNG TRÌNH", s["title"]), _p(ceremony.title, s["title"]),
             _p(f"{local(ceremony.starts_at).strftime('%H giờ %M, ngày %d/%m/%Y')} · {ceremony.venue}", s["sub"]),
             Spacer(1, 6 * mm)]
    widths = [10 * mm, 30 * mm, 85 * mm, 70 * mm, 78 * mm]
    story.append(_table([[_p(h, s["head"]) for h in ("TT", "Thời gian", "Nội dung", "Người thực hiện",
                                                      "Kỹ thuật / Điểm cầu")]], widths))
    for i, slot in enumerate(slots, 1):
        seg = slot.segment
        people = "\n".join(p.label for p in seg.people) or "MC"
        fixed = " (cố định)" if seg.is_fixed_time else ""
        cues = []
        if seg.control_cue:
            cues.append(f"Phòng điều khiển: {seg.control_cue}")
        if seg.remote_cue:
            cues.append(f"Điểm cầu: {seg.remote_cue}")
        if seg.floor_site is not None:
            cues.append(f"Trao lời: {in_sentence(seg.floor_site.name)}")
        if seg.kind.value == "launch":
            cues.append(f"Đếm ngược {seg.countdown_seconds} giây")
        if seg.media_url or seg.media_file:
            cues.append(f"Tư liệu: {seg.media_url or seg.media_file}")
        row = [_p(str(i), s["cell"]),
               _p(f"{_hm(slot.planned_start)} – {_hm(slot.planned_end)}{fixed}\n({seg.planned_minutes} phút)", s["cell"]),
               _p(f"{KINDS.get(seg.kind.value, '')}: {seg.title}", s["bold"]), _p(people, s["cell"]),
               _p("\n".join(cues), s["cell"])]
        table = Table([row], colWidths=widths)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
        if seg.script:  # the MC's lines flow under their segment, across pages when long
            story.append(Spacer(1, 1.5 * mm))
            story += [_p(line, s["script"]) for line in seg.script.split("\n") if line.strip()]
            story.append(Spacer(1, 3 * mm))
    if slots:
        story += [Spacer(1, 4 * mm), _p(f"Dự kiến kết thúc: {_hm(slots[-1].planned_end)}", s["sub"])]
    doc.build(story)
    return out.getvalue()


def _duration(seconds, signed: bool = False) -> str:
    """A duration as it is read: "15 phút", "1 giờ 05 phút", "+2 phút 30 giây" (a difference, signed)."""
    return duration_words(seconds, signed=signed, lang="vi")


def timing_report_pdf(ceremony, slots, events) -> bytes:
    """After the show: planned against actual per segment, then the minute-by-minute log."""
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=f"Báo cáo thời gian - {ceremony.title}")
    story = [_p("BÁO CÁO THỜI GIAN THỰC HIỆN CHƯƠNG TRÌNH", s["title"]), _p(ceremony.title, s["sub"]),
             Spacer(1, 5 * mm)]
    rows = [[_p(h, s["head"]) for h in ("Nội dung", "Bắt đầu theo kế hoạch", "Bắt đầu thực tế",
                                        "Thời lượng kế hoạch", "Thời lượng thực tế", "Chênh lệch")]]
    for slot in slots:
        actual = slot.actual_seconds
        diff = actual - slot.segment.planned_seconds if actual is not None else None
        rows.append([_p(slot.segment.title, s["cell"]), _p(_hm(slot.planned_start), s["cell"]),
                     _p(_hm(slot.actual_start), s["cell"]), _p(_duration(slot.segment.planned_seconds), s["cell"]),
                     _p(_duration(actual), s["cell"]), _p(_duration(diff, signed=True), s["cell"])])
    story.append(_table(rows, [62 * mm, 22 * mm, 22 * mm, 26 * mm, 27 * mm, 27 * mm]))
    story += [Spacer(1, 6 * mm), _p("Nhật ký điều hành", s["title"]), Spacer(1, 3 * mm)]
    rows = [[_p(h, s["head"]) for h in ("Giờ", "Thao tác", "Nội dung", "Người thực hiện")]]
    with force_locale("vi"):  # the report is a Vietnamese document, whoever downloads it
        details = [queries.event_detail(event) for event in events]
    for event, detail in zip(events, details):
        rows.append([_p(local(event.at).strftime("%H:%M:%S"), s["cell"]), _p(ACTIONS.get(event.action, event.action), s["cell"]),
                     _p((event.segment.title if event.segment else "") + (f" — {detail}" if detail else ""),
                        s["cell"]),
                     _p(event.user.email if event.user else "", s["cell"])])
    story.append(_table(rows, [22 * mm, 22 * mm, 100 * mm, 42 * mm]))
    doc.build(story)
    return out.getvalue()
