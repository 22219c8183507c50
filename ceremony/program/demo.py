"""Program demo extras: cues, the Đức Phổ floor hand-over, the MC's introduction. Idempotent."""
from __future__ import annotations

import sqlalchemy as sa

from ceremony.extensions import db
from ceremony.program.introductions import introduction_script
from ceremony.program.models import Segment, SegmentKind
from ceremony.sites.models import Site

CONTROL_CUES = {
    SegmentKind.introduction: "Nhạc hiệu, máy quay toàn cảnh; mở micro MC",
    SegmentKind.approval: "Trình chiếu chương trình lên màn hình",
    SegmentKind.clip: "Phát clip giới thiệu (tư liệu 1)",
    SegmentKind.speech: "Máy quay cận cảnh bục phát biểu; mở micro bục",
    SegmentKind.launch: "Màn hình nút bấm; hiệu ứng khai trương; nhạc nền",
    SegmentKind.response: "Chuyển tín hiệu điểm cầu hưởng ứng",
    SegmentKind.closing: "Nhạc kết thúc; máy quay toàn cảnh",
}


def load(ceremony) -> None:
    segments = list(db.session.scalars(sa.select(Segment).where(Segment.ceremony_id == ceremony.id)
                                       .order_by(Segment.position)))
    for segment in segments:
        if not segment.control_cue:
            segment.control_cue = CONTROL_CUES.get(segment.kind, "")
        if segment.kind is SegmentKind.response and "Đức Phổ" in segment.remote_cue and segment.floor_site_id is None:
            segment.floor_site_id = db.session.scalar(sa.select(Site.id).where(
                Site.ceremony_id == ceremony.id, Site.code == "534"))
        if segment.kind is SegmentKind.introduction and not segment.script:
            db.session.flush()
            segment.script = introduction_script(ceremony)
        if segment.kind is SegmentKind.approval and not segment.script:
            segment.script = "Xin trân trọng thông qua chương trình buổi lễ gồm các nội dung sau: …"
    db.session.flush()
