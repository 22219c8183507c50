"""The follow-up of the two real ceremonies (shared/reference)."""
import sqlalchemy as sa

from ceremony.extensions import db
from ceremony.followup.models import FollowupTask
from ceremony.followup.operations import create_task

_SEVEN = ("Trong 07 ngày kể từ ngày UBND tỉnh tổ chức Lễ phát động: hướng dẫn người dân sử dụng dịch vụ công "
          "trực tuyến, thanh toán trực tuyến, ứng dụng thanh toán không dùng tiền mặt.")
_REPORT_2024 = ("Báo cáo kết quả triển khai thực hiện Kế hoạch trước ngày 30/9/2024, gửi Sở Thông tin và Truyền "
                "thông tổng hợp, báo cáo UBND tỉnh.")

# The 2023 plan asks every member of the teams "các cấp trên địa bàn huyện" (district, commune and
# village teams) to guide 7 citizens; the 2024 plan asks the departments, the district and the commune
# People's Committees to report (the departments report through ``reports``: they are no bridge point).
TASKS = {
    "movement_launch": [
        dict(code="huong-dan-7-nguoi-dan", tier="commune",
             title="Mỗi thành viên Tổ Công nghệ số cộng đồng cấp xã, cấp thôn hướng dẫn tối thiểu 07 người dân "
                   "sử dụng nền tảng số",
             instructions=_SEVEN, metric_label="Số người dân đã được hướng dẫn", due_days=7, due_time="17:00"),
        dict(code="huong-dan-7-nguoi-dan-huyen", tier="district",
             title="Mỗi thành viên Tổ Công nghệ số cộng đồng cấp huyện hướng dẫn tối thiểu 07 người dân "
                   "sử dụng nền tảng số",
             instructions=_SEVEN, metric_label="Số người dân đã được hướng dẫn", due_days=7, due_time="17:00"),
        dict(code="bao-cao-ket-qua-huyen", tier="district",
             title="UBND cấp huyện báo cáo kết quả triển khai về UBND tỉnh (qua Sở Thông tin và Truyền thông)",
             instructions="Tổng hợp báo cáo kết quả triển khai tại địa phương chậm nhất ngày 15/8/2023.",
             metric_label="Tổng số người dân đã được hướng dẫn", due_days=18, due_time="17:00"),  # 15/8/2023
    ],
    "app_launch": [
        dict(code="bao-cao-truyen-thong", tier="district",
             title="UBND cấp huyện báo cáo kết quả công tác truyền thông về 02 Ứng dụng di động",
             instructions=_REPORT_2024, metric_label="", due_days=2, due_time="17:00"),  # 29/9/2024
        dict(code="bao-cao-truyen-thong-xa", tier="commune",
             title="UBND cấp xã báo cáo kết quả công tác truyền thông về 02 Ứng dụng di động",
             instructions=_REPORT_2024, metric_label="", due_days=2, due_time="17:00"),
    ],
}


def load(ceremony) -> None:
    """Add the plan's follow-up tasks that the ceremony lacks."""
    existing = set(db.session.scalars(sa.select(FollowupTask.code).where(FollowupTask.ceremony_id == ceremony.id)))
    for spec in TASKS.get(ceremony.kind, []):
        if spec["code"] in existing:
            continue
        create_task(ceremony, **spec)  # due N days after the ceremony: it moves with the ceremony
