"""Facts of the two real ceremonies (shared/reference), as data.

Where the plans are silent the demo assumes: the 2023 launch on 28/7/2023 at 08:00 (the plan says
"July 2023"), both ceremonies starting at 08:00 and lasting 60 minutes. Delegates' names are
generated, not real people.
"""
from datetime import datetime

PROVINCE_CODE = 51
IOC_VENUE = "Trung tâm IOC (Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh)"
IOC_ADDRESS = "Quảng Ngãi"
HOST = "Ủy ban nhân dân tỉnh Quảng Ngãi"

CEREMONIES = [
    {
        "slug": "qn-2023-phat-dong-cds",
        "title": "Lễ phát động Phong trào chuyển đổi số trên địa bàn tỉnh Quảng Ngãi",
        "kind": "movement_launch",
        "starts_at": datetime(2023, 7, 28, 8, 0),
        "ends_at": datetime(2023, 7, 28, 9, 0),
        "implementing_unit": "Sở Thông tin và Truyền thông, phối hợp với Văn phòng UBND tỉnh",
        "issuing_unit": "Văn phòng UBND tỉnh",
        "plan_reference": "Kế hoạch tổ chức Lễ phát động Phong trào chuyển đổi số (7/2023)",
        "program": [
            ("introduction", "Tuyên bố lý do và giới thiệu đại biểu", 5, []),
            ("approval", "Thông qua Chương trình Lễ phát động phong trào", 2, []),
            ("speech", "Lãnh đạo UBND tỉnh phát biểu phát động Phong trào chuyển đổi số trên địa bàn tỉnh",
             15, ["Lãnh đạo UBND tỉnh"]),
            ("launch", "Nghi lễ phát động phong trào: nhấn nút chính thức phát động", 5,
             ["Lãnh đạo UBND tỉnh", "Lãnh đạo Ban Chỉ đạo chuyển đổi số tỉnh Quảng Ngãi"]),
            ("closing", "Kết thúc Lễ phát động phong trào", 3, []),
        ],
        "composition": {
            "province": [
                ("ubnd-tinh", "Lãnh đạo UBND tỉnh", 40, "#a4161a"),
                ("bcd-cds-tinh", "Thành viên Ban Chỉ đạo chuyển đổi số tỉnh Quảng Ngãi", 50, "#7b2cbf"),
                ("so-nganh", "Thủ trưởng các sở, ban, ngành tỉnh", 60, "#1f4e79"),
                ("hoi-doan-the", "Lãnh đạo các hội, đoàn thể tỉnh: Tỉnh đoàn Quảng Ngãi, Hội Liên hiệp Phụ nữ tỉnh, "
                 "Hội Nông dân tỉnh, Liên hiệp các Hội Khoa học - Kỹ thuật tỉnh", 70, "#2d6a4f"),
            ],
            "district": [
                ("ubnd-huyen", "Lãnh đạo UBND các huyện, thị xã, thành phố", 110, "#a4161a"),
                ("phong-ban-huyen", "Đại diện lãnh đạo các phòng, ban, đơn vị trực thuộc", 120, "#1f4e79"),
                ("doan-huyen", "Đại diện Lãnh đạo huyện đoàn, thị đoàn, thành đoàn", 130, "#2d6a4f"),
                ("to-cnscd-huyen", "Thành viên Tổ Công nghệ số cộng đồng cấp huyện", 140, "#b26a00"),
            ],
            "commune": [
                ("ubnd-xa", "Lãnh đạo UBND các xã, phường, thị trấn", 210, "#a4161a"),
                ("cong-chuc-xa", "Cán bộ, công chức cấp xã", 220, "#1f4e79"),
                ("to-cnscd-xa", "Thành viên Tổ Công nghệ số cộng đồng cấp xã, cấp thôn", 230, "#b26a00"),
            ],
        },
    },
    {
        "slug": "qn-2024-khai-truong-app",
        "title": "Lễ Khai trương và Phát động cài đặt, sử dụng 02 Ứng dụng di động G-Quảng Ngãi và C-Quảng Ngãi",
        "kind": "app_launch",
        "starts_at": datetime(2024, 9, 27, 8, 0),
        "ends_at": datetime(2024, 9, 27, 9, 0),
        "implementing_unit": "Sở Thông tin và Truyền thông, phối hợp với Văn phòng UBND tỉnh, VNPT Quảng Ngãi",
        "issuing_unit": "Văn phòng UBND tỉnh",
        "plan_reference": "Kế hoạch số 483/KH-UBND ngày 11/9/2024",
        "program": [
            ("introduction", "Tuyên bố lý do, giới thiệu đại biểu", 5, []),
            ("clip", "Chiếu clip giới thiệu về quá trình xây dựng 02 Ứng dụng di động", 7, []),
            ("speech", "Phát biểu chỉ đạo và phát động toàn dân cài đặt, sử dụng 02 Ứng dụng di động",
             15, ["Lãnh đạo UBND tỉnh Quảng Ngãi"]),
            ("launch", "Nghi lễ khai trương và phát động toàn dân cài đặt, sử dụng 02 Ứng dụng di động", 5,
             ["Đại diện Thường trực Tỉnh ủy", "Đại diện Lãnh đạo HĐND tỉnh",
              "Đại diện Lãnh đạo UBMTTQ Việt Nam tỉnh", "Đại diện Lãnh đạo UBND tỉnh",
              "Đại diện Lãnh đạo Sở Thông tin và Truyền thông"]),
            ("response", "Phát biểu hưởng ứng: cán bộ, công chức, viên chức cài đặt và sử dụng G-Quảng Ngãi", 5,
             ["Đại diện lãnh đạo Sở Nội vụ"]),
            ("response", "Phát biểu hưởng ứng: toàn dân cài đặt và sử dụng C-Quảng Ngãi", 5,
             ["Đại diện lãnh đạo UBND thị xã Đức Phổ"]),
            ("closing", "Kết thúc chương trình", 3, []),
        ],
        "composition": {
            "province": [
                ("tinh-uy", "Đại diện Thường trực Tỉnh ủy", 10, "#a4161a"),
                ("hdnd-tinh", "Đại diện lãnh đạo Hội đồng nhân dân tỉnh", 20, "#a4161a"),
                ("mttq-tinh", "Đại diện Thường trực UBMTTQ Việt Nam tỉnh", 30, "#a4161a"),
                ("ubnd-tinh", "Lãnh đạo UBND tỉnh", 40, "#a4161a"),
                ("so-nganh", "Thủ trưởng các sở, ban, ngành của tỉnh", 60, "#1f4e79"),
                ("hoi-doan-the", "Lãnh đạo các Hội, đoàn thể tỉnh: Tỉnh đoàn, Hội liên hiệp Phụ nữ tỉnh, "
                 "Hội Nông dân tỉnh", 70, "#2d6a4f"),
            ],
            "district": [
                ("thuong-truc-huyen-uy", "Đại diện Thường trực huyện, thị, thành ủy", 105, "#a4161a"),
                ("ubnd-huyen", "Lãnh đạo UBND huyện, thị xã, thành phố", 110, "#a4161a"),
                ("doan-huyen", "Bí thư Đoàn thanh niên cấp huyện", 130, "#2d6a4f"),
                ("bcd-cds-huyen", "Ban Chỉ đạo chuyển đổi số cấp huyện", 135, "#7b2cbf"),
                ("to-cnscd-huyen", "Thành viên Tổ công nghệ số cộng đồng cấp huyện", 140, "#b26a00"),
                ("phong-ban-huyen", "Đại diện lãnh đạo Văn phòng và các phòng, ban chuyên môn thuộc UBND cấp huyện",
                 120, "#1f4e79"),
            ],
            "commune": [
                ("thuong-truc-dang-uy-xa", "Đại diện Thường trực Đảng ủy xã, phường, thị trấn", 205, "#a4161a"),
                ("ubnd-xa", "Lãnh đạo UBND xã, phường, thị trấn", 210, "#a4161a"),
                ("doan-xa", "Bí thư Đoàn thanh niên cấp xã", 225, "#2d6a4f"),
                ("bcd-cds-xa", "Ban Chỉ đạo chuyển đổi số cấp xã", 228, "#7b2cbf"),
                ("to-cnscd-xa", "Đại diện Tổ công nghệ số cộng đồng cấp xã", 230, "#b26a00"),
                ("to-cnscd-thon", "Đại diện Tổ công nghệ số cộng đồng cấp thôn, bản, tổ dân phố", 235, "#b26a00"),
            ],
        },
    },
]

# Provincial units people come from, with their protocol rank (lower is introduced first).
PROVINCIAL_UNITS = [
    ("Tỉnh ủy Quảng Ngãi", 10), ("Hội đồng nhân dân tỉnh Quảng Ngãi", 20),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi", 30), ("Ủy ban nhân dân tỉnh Quảng Ngãi", 40),
    ("Văn phòng UBND tỉnh", 55), ("Sở Thông tin và Truyền thông", 60), ("Sở Nội vụ", 61),
    ("Sở Kế hoạch và Đầu tư", 62), ("Sở Tài chính", 63), ("Sở Giáo dục và Đào tạo", 64), ("Sở Y tế", 65),
    ("Sở Tư pháp", 66), ("Sở Công Thương", 67), ("Sở Nông nghiệp và Phát triển nông thôn", 68),
    ("Sở Tài nguyên và Môi trường", 69), ("Sở Giao thông vận tải", 70), ("Sở Xây dựng", 71),
    ("Sở Lao động - Thương binh và Xã hội", 72), ("Sở Văn hóa, Thể thao và Du lịch", 73),
    ("Sở Khoa học và Công nghệ", 74), ("Công an tỉnh", 75), ("VNPT Quảng Ngãi", 90),
    ("Tỉnh đoàn Quảng Ngãi", 80), ("Hội Liên hiệp Phụ nữ tỉnh", 81), ("Hội Nông dân tỉnh", 82),
    ("Liên hiệp các Hội Khoa học - Kỹ thuật tỉnh", 83),
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng",
            "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Đoàn", "Lương", "Tạ", "Châu", "Âu"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Đình", "Xuân", "Ngọc"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Minh", "Thị Kim", "Thị Thanh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc",
           "Quang", "Sơn", "Thắng", "Toàn", "Trí", "Tuấn", "Việt", "Vũ", "Ẩn", "Ơn"]
GIVEN_F = ["Anh", "Châu", "Diệp", "Hằng", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Oanh",
           "Phượng", "Quyên", "Thảo", "Trang", "Tuyết", "Uyên", "Yến", "Ánh", "Ửng"]
