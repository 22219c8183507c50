"""The shipped templates of the two kinds of ceremony in the plans (shared/reference), as data.

A template gives a new ceremony its composition categories per tier, the readiness windows and
checklist (``readiness/defaults.py``), a program skeleton and the follow-up tasks, all timed relative
to the start. The content follows the two real Quảng Ngãi plans (the demo's ceremonies).
"""
from __future__ import annotations

from ceremony.demo import data

_MOVEMENT, _APP = data.CEREMONIES[0], data.CEREMONIES[1]

TEMPLATES = {
    "movement_launch": {
        "name": "Lễ phát động phong trào",
        "description": "Theo Kế hoạch Lễ phát động Phong trào chuyển đổi số (Quảng Ngãi, 7/2023): điểm cầu tỉnh, "
                       "huyện, xã; nghi lễ nhấn nút phát động; hướng dẫn người dân trong 07 ngày.",
        "duration_minutes": 60,
        "composition": _MOVEMENT["composition"],
        "program": [(kind, title, minutes) for kind, title, minutes, _roles in _MOVEMENT["program"]],
        "followup": [
            dict(code="huong-dan-7-nguoi-dan", tier="commune", due_days=7, due_time="17:00",
                 title="Mỗi thành viên Tổ Công nghệ số cộng đồng hướng dẫn tối thiểu 07 người dân sử dụng nền tảng số",
                 instructions="Trong 07 ngày kể từ ngày tổ chức Lễ phát động: hướng dẫn người dân sử dụng dịch vụ công "
                              "trực tuyến, thanh toán trực tuyến, ứng dụng thanh toán không dùng tiền mặt.",
                 metric_label="Số người dân đã được hướng dẫn"),
            dict(code="bao-cao-ket-qua-huyen", tier="district", due_days=18, due_time="17:00",
                 title="UBND cấp huyện báo cáo kết quả triển khai về UBND tỉnh",
                 instructions="Tổng hợp báo cáo kết quả triển khai tại địa phương.",
                 metric_label="Tổng số người dân đã được hướng dẫn"),
        ],
    },
    "app_launch": {
        "name": "Lễ khai trương sản phẩm, ứng dụng",
        "description": "Theo Kế hoạch số 483/KH-UBND (Quảng Ngãi, 9/2024): khai trương và phát động cài đặt, sử dụng "
                       "ứng dụng; phát biểu hưởng ứng; báo cáo kết quả truyền thông.",
        "duration_minutes": 60,
        "composition": _APP["composition"],
        "program": [(kind, title, minutes) for kind, title, minutes, _roles in _APP["program"]],
        "followup": [
            dict(code="bao-cao-truyen-thong", tier="district", due_days=2, due_time="17:00",
                 title="Báo cáo kết quả công tác truyền thông về ứng dụng",
                 instructions="Báo cáo kết quả triển khai thực hiện Kế hoạch, gửi Sở Thông tin và Truyền thông tổng "
                              "hợp, báo cáo UBND tỉnh.", metric_label=""),
        ],
    },
}
