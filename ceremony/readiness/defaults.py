"""The default checklist and check-in windows of a ceremony (Vietnamese: they are data, shown as is)."""
from __future__ import annotations

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

# key, name, kind, opens and closes in minutes from the start (None: the ceremony end)
PHASES = [
    ("rehearsal", "Tổng duyệt kỹ thuật (hôm trước)", PhaseKind.window, -25 * 60, -23 * 60),
    ("t120", "Kiểm tra T-120 phút", PhaseKind.window, -150, -120),
    ("t30", "Kiểm tra T-30 phút", PhaseKind.window, -60, -30),
    ("live", "Trực tiếp (từ khai mạc đến bế mạc)", PhaseKind.live, 0, None),
]
DEFAULT_LIVE_MINUTES = 120


def live_minutes(ceremony) -> int:
    """How long the live phase lasts: to the ceremony's end, else two hours."""
    if ceremony.ends_at is None:
        return DEFAULT_LIVE_MINUTES
    return max(1, round((ceremony.ends_at - ceremony.starts_at).total_seconds() / 60))
