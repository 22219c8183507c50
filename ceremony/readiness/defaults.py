"""The default checklist and check-in windows of a ceremony (Vietnamese: they are data, shown as is)."""
from __future__ import annotations

from datetime import timedelta

from ceremony.readiness.models import ItemKind, PhaseKind

CHECKLIST = [
    ("network", "Đường truyền mạng (băng thông đo được)", ItemKind.bandwidth),
    ("camera", "Camera", ItemKind.check),
    ("microphone", "Micro", ItemKind.check),
    ("speakers", "Loa", ItemKind.check),
    ("display", "Màn hình / máy chiếu", ItemKind.check),
    ("test_call", "Đã gọi thử với điểm cầu tỉnh", ItemKind.check),
    ("seated", "Đại biểu đã vào chỗ (số người)", ItemKind.headcount),
    ("note", "Ghi chú", ItemKind.note),
]

# key, name, kind, opens (from start), closes (from start; None: the ceremony end)
PHASES = [
    ("rehearsal", "Tổng duyệt kỹ thuật (hôm trước)", PhaseKind.window, timedelta(days=-1, hours=-1),
     timedelta(days=-1, hours=1)),
    ("t120", "Kiểm tra T-120 phút", PhaseKind.window, timedelta(minutes=-150), timedelta(minutes=-120)),
    ("t30", "Kiểm tra T-30 phút", PhaseKind.window, timedelta(minutes=-60), timedelta(minutes=-30)),
    ("live", "Trực tiếp (từ khai mạc đến bế mạc)", PhaseKind.live, timedelta(0), None),
]
DEFAULT_LIVE_LENGTH = timedelta(hours=2)
