"""Facts of the two real ceremonies (shared/reference), as data.

Titles, places, programs, composition lists, follow-up and reports are the plans' own. Where the plans
are silent the demo assumes, and says so in each ceremony's ``demo_note`` (shown on its page): e.g.
the 2023 launch on 28/7/2023 at 08:00 (the plan says "tháng 7/2023"), both ceremonies lasting 60
minutes. Delegates' names are generated, not real people; their titles are written the way the
offices write them ("Chánh Văn phòng UBND tỉnh", "Phó Bí thư Thường trực Thị ủy Đức Phổ").
"""
from datetime import datetime

PROVINCE_CODE = 51
IOC_VENUE = "Trung tâm IOC (Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh)"
IOC_ADDRESS = "Quảng Ngãi"
HOST = "Ủy ban nhân dân tỉnh Quảng Ngãi"

# The heads of the provincial departments, offices and agencies ("Thủ trưởng các sở, ban, ngành"):
# (organisation, protocol rank, the head's title as the office writes it).
DEPARTMENTS = [
    ("Văn phòng UBND tỉnh", 55, "Chánh Văn phòng UBND tỉnh"),
    ("Sở Thông tin và Truyền thông", 60, "Giám đốc Sở Thông tin và Truyền thông"),
    ("Sở Nội vụ", 61, "Giám đốc Sở Nội vụ"),
    ("Sở Kế hoạch và Đầu tư", 62, "Giám đốc Sở Kế hoạch và Đầu tư"),
    ("Sở Tài chính", 63, "Giám đốc Sở Tài chính"),
    ("Sở Giáo dục và Đào tạo", 64, "Giám đốc Sở Giáo dục và Đào tạo"),
    ("Sở Y tế", 65, "Giám đốc Sở Y tế"),
    ("Sở Tư pháp", 66, "Giám đốc Sở Tư pháp"),
    ("Sở Công Thương", 67, "Giám đốc Sở Công Thương"),
    ("Sở Nông nghiệp và Phát triển nông thôn", 68, "Giám đốc Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở Tài nguyên và Môi trường", 69, "Giám đốc Sở Tài nguyên và Môi trường"),
    ("Sở Giao thông vận tải", 70, "Giám đốc Sở Giao thông vận tải"),
    ("Sở Xây dựng", 71, "Giám đốc Sở Xây dựng"),
    ("Sở Lao động - Thương binh và Xã hội", 72, "Giám đốc Sở Lao động - Thương binh và Xã hội"),
    ("Sở Văn hóa, Thể thao và Du lịch", 73, "Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở Khoa học và Công nghệ", 74, "Giám đốc Sở Khoa học và Công nghệ"),
    ("Công an tỉnh", 75, "Giám đốc Công an tỉnh"),
    ("Thanh tra tỉnh", 76, "Chánh Thanh tra tỉnh"),
    ("Ban Dân tộc tỉnh", 77, "Trưởng Ban Dân tộc tỉnh"),
]
# The 2024 plan names VNPT Quảng Ngãi beside Sở TT&TT as an implementing unit; the 2023 plan does not.
VNPT = ("VNPT Quảng Ngãi", 90, "Giám đốc VNPT Quảng Ngãi")
# The mass organisations each plan names (the 2023 list adds the Union of Science and Technology
# Associations, led by its Chairman).
TINH_DOAN = ("Tỉnh đoàn Quảng Ngãi", 80, "Bí thư Tỉnh đoàn Quảng Ngãi")
PHU_NU = ("Hội Liên hiệp Phụ nữ tỉnh", 81, "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh")
NONG_DAN = ("Hội Nông dân tỉnh", 82, "Chủ tịch Hội Nông dân tỉnh")
KHKT = ("Liên hiệp các Hội Khoa học - Kỹ thuật tỉnh", 83, "Chủ tịch Liên hiệp các Hội Khoa học - Kỹ thuật tỉnh")
UBND_TINH = ("Ủy ban nhân dân tỉnh Quảng Ngãi", 40)

# Who is invited at each district point and each commune point, per ceremony, following the plan's
# composition list for that tier: (category code, title, organisation). In titles and organisations
# {unit} is the unit in a sentence ("huyện Bình Sơn", "thị xã Đức Phổ", "xã Bình Thạnh"), {party} the
# district Party committee ("Huyện ủy Bình Sơn", "Thị ủy Đức Phổ", "Thành ủy Quảng Ngãi"), {youth} the
# district Youth Union ("Huyện đoàn Bình Sơn", "Thị đoàn Đức Phổ", "Thành đoàn Quảng Ngãi"), {district}
# a commune's district, {village} a village or residential group of the commune ("thôn 3", "tổ dân phố 2").
DISTRICT_PEOPLE = {
    "movement_launch": [
        ("ubnd-huyen", "Chủ tịch UBND {unit}", "UBND {unit}"),
        ("ubnd-huyen", "Phó Chủ tịch UBND {unit}", "UBND {unit}"),
        ("phong-ban-huyen", "Chánh Văn phòng HĐND và UBND {unit}", "UBND {unit}"),
        ("phong-ban-huyen", "Trưởng phòng Văn hóa và Thông tin {unit}", "UBND {unit}"),
        ("doan-huyen", "Bí thư {youth}", "{youth}"),
        ("to-cnscd-huyen", "Tổ trưởng Tổ Công nghệ số cộng đồng {unit}", "UBND {unit}"),
        ("to-cnscd-huyen", "Thành viên Tổ Công nghệ số cộng đồng {unit}", "UBND {unit}"),
    ],
    "app_launch": [
        ("thuong-truc-huyen-uy", "Phó Bí thư Thường trực {party}", "{party}"),
        ("ubnd-huyen", "Chủ tịch UBND {unit}", "UBND {unit}"),
        ("ubnd-huyen", "Phó Chủ tịch UBND {unit}", "UBND {unit}"),
        ("doan-huyen", "Bí thư {youth}", "{youth}"),
        ("bcd-cds-huyen", "Thành viên Ban Chỉ đạo chuyển đổi số {unit}", "UBND {unit}"),
        ("to-cnscd-huyen", "Tổ trưởng Tổ Công nghệ số cộng đồng {unit}", "UBND {unit}"),
        ("to-cnscd-huyen", "Thành viên Tổ Công nghệ số cộng đồng {unit}", "UBND {unit}"),
        ("phong-ban-huyen", "Chánh Văn phòng HĐND và UBND {unit}", "UBND {unit}"),
        ("phong-ban-huyen", "Trưởng phòng Văn hóa và Thông tin {unit}", "UBND {unit}"),
    ],
}
COMMUNE_PEOPLE = {
    "movement_launch": [
        ("ubnd-xa", "Chủ tịch UBND {unit}", "UBND {unit}, {district}"),
        ("cong-chuc-xa", "Công chức Văn hóa - Xã hội {unit}", "UBND {unit}, {district}"),
        ("to-cnscd-xa", "Tổ trưởng Tổ Công nghệ số cộng đồng {unit}", "UBND {unit}, {district}"),
        ("to-cnscd-xa", "Tổ trưởng Tổ Công nghệ số cộng đồng {village}, {unit}", "UBND {unit}, {district}"),
    ],
    "app_launch": [
        ("thuong-truc-dang-uy-xa", "Phó Bí thư Thường trực Đảng ủy {unit}", "Đảng ủy {unit}, {district}"),
        ("ubnd-xa", "Chủ tịch UBND {unit}", "UBND {unit}, {district}"),
        ("doan-xa", "Bí thư Đoàn {unit}", "Đoàn {unit}, {district}"),
        ("bcd-cds-xa", "Thành viên Ban Chỉ đạo chuyển đổi số {unit}", "UBND {unit}, {district}"),
        ("to-cnscd-xa", "Tổ trưởng Tổ Công nghệ số cộng đồng {unit}", "UBND {unit}, {district}"),
        ("to-cnscd-thon", "Tổ trưởng Tổ Công nghệ số cộng đồng {village}, {unit}", "UBND {unit}, {district}"),
    ],
}

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
        "demo_note": (
            "Ngày giờ: kế hoạch chỉ nêu tổ chức trong tháng 7/2023; bản minh họa giả định 08:00 ngày 28/7/2023, "
            "kéo dài 60 phút, và thời lượng từng phần của chương trình.\n"
            "Thời hạn 07 ngày hướng dẫn người dân tính từ ngày giả định trên, đến 17:00 ngày 04/8/2023 (giờ giả "
            "định); UBND cấp huyện báo cáo chậm nhất ngày 15/8/2023 theo kế hoạch (giờ 17:00 là giả định).\n"
            "Họ tên, chức vụ, số điện thoại, thư điện tử của đại biểu và thành viên Tổ Công nghệ số cộng đồng "
            "được tạo ngẫu nhiên, không phải người thật; số người mời ở mỗi điểm cầu là giả định, theo đúng "
            "thành phần kế hoạch nêu cho từng cấp.\n"
            "Số, ngày và người ký Giấy mời; kết quả hướng dẫn người dân và các báo cáo đã nhận là số liệu "
            "giả định."),
        "province_people": [
            ("ubnd-tinh", "Chủ tịch UBND tỉnh", UBND_TINH, ("Lãnh đạo UBND tỉnh",), True, "A"),
            ("ubnd-tinh", "Phó Chủ tịch UBND tỉnh", UBND_TINH, (), True, "A"),
            ("bcd-cds-tinh", "Phó Giám đốc Sở Thông tin và Truyền thông, Thành viên Ban Chỉ đạo chuyển đổi số tỉnh",
             ("Sở Thông tin và Truyền thông", 60), (), False, "C"),
            ("bcd-cds-tinh", "Phó Giám đốc Sở Nội vụ, Thành viên Ban Chỉ đạo chuyển đổi số tỉnh",
             ("Sở Nội vụ", 61), (), False, "C"),
            ("bcd-cds-tinh", "Phó Giám đốc Sở Tài chính, Thành viên Ban Chỉ đạo chuyển đổi số tỉnh",
             ("Sở Tài chính", 63), (), False, "C"),
            ("bcd-cds-tinh", "Phó Chánh Văn phòng UBND tỉnh, Thành viên Ban Chỉ đạo chuyển đổi số tỉnh",
             ("Văn phòng UBND tỉnh", 55), (), False, "C"),
            *[("so-nganh", title, (name, rank),
               ("Lãnh đạo Ban Chỉ đạo chuyển đổi số tỉnh Quảng Ngãi",) if name == "Sở Thông tin và Truyền thông" else (),
               name == "Sở Thông tin và Truyền thông", "B") for name, rank, title in DEPARTMENTS],
            *[("hoi-doan-the", title, (name, rank), (), False, "C")
              for name, rank, title in (TINH_DOAN, PHU_NU, NONG_DAN, KHKT)],
        ],
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
        # The plan's own words (483/KH-UBND, II.2.3 and the appendix's heading).
        "title": ("Lễ Khai trương và Phát động cài đặt, sử dụng Ứng dụng di động phục vụ cán bộ, công chức, "
                  "viên chức, tổ chức và người dân trên địa bàn tỉnh Quảng Ngãi"),
        "kind": "app_launch",
        "starts_at": datetime(2024, 9, 27, 8, 0),
        "ends_at": datetime(2024, 9, 27, 9, 0),
        "implementing_unit": "Sở Thông tin và Truyền thông, phối hợp với Văn phòng UBND tỉnh, VNPT Quảng Ngãi",
        "issuing_unit": "Văn phòng UBND tỉnh",
        "plan_reference": "Kế hoạch số 483/KH-UBND ngày 11/9/2024",
        "demo_note": (
            "Giờ: kế hoạch nêu ngày 27/9/2024; bản minh họa giả định bắt đầu 08:00, kéo dài 60 phút, và thời "
            "lượng từng phần của chương trình.\n"
            "Hạn báo cáo: kế hoạch nêu trước ngày 30/9/2024; bản minh họa giả định 17:00 ngày 29/9/2024.\n"
            "Giám đốc VNPT Quảng Ngãi (đơn vị phối hợp thực hiện theo kế hoạch) được giả định mời cùng "
            "thủ trưởng các sở, ban, ngành.\n"
            "Họ tên, chức vụ, số điện thoại, thư điện tử của đại biểu được tạo ngẫu nhiên, không phải người "
            "thật; số người mời ở mỗi điểm cầu là giả định, theo đúng thành phần kế hoạch nêu cho từng cấp.\n"
            "Số, ngày và người ký Giấy mời; các báo cáo đã nhận là số liệu giả định."),
        "province_people": [
            ("tinh-uy", "Phó Bí thư Thường trực Tỉnh ủy", ("Tỉnh ủy Quảng Ngãi", 10),
             ("Đại diện Thường trực Tỉnh ủy",), True, "A"),
            ("hdnd-tinh", "Phó Chủ tịch HĐND tỉnh", ("Hội đồng nhân dân tỉnh Quảng Ngãi", 20),
             ("Đại diện Lãnh đạo HĐND tỉnh",), True, "A"),
            ("mttq-tinh", "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi", 30),
             ("Đại diện Lãnh đạo UBMTTQ Việt Nam tỉnh",), True, "A"),
            ("ubnd-tinh", "Chủ tịch UBND tỉnh", UBND_TINH, ("Lãnh đạo UBND tỉnh Quảng Ngãi",), True, "A"),
            ("ubnd-tinh", "Phó Chủ tịch UBND tỉnh", UBND_TINH, ("Đại diện Lãnh đạo UBND tỉnh",), True, "A"),
            *[("so-nganh", title, (name, rank),
               {"Sở Thông tin và Truyền thông": ("Đại diện Lãnh đạo Sở Thông tin và Truyền thông",),
                "Sở Nội vụ": ("Đại diện lãnh đạo Sở Nội vụ",)}.get(name, ()),
               name in ("Sở Thông tin và Truyền thông", "Sở Nội vụ"), "B") for name, rank, title in [*DEPARTMENTS, VNPT]],
            *[("hoi-doan-the", title, (name, rank), (), False, "C") for name, rank, title in (TINH_DOAN, PHU_NU, NONG_DAN)],
        ],
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


def village(commune_name: str, commune_code: str) -> str:
    """The demo's village (thôn) or residential group (tổ dân phố, in a ward or town) of a commune."""
    group = "tổ dân phố" if commune_name.startswith(("Phường", "Thị trấn")) else "thôn"
    return f"{group} {int(commune_code) % 7 + 1}"


SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng",
            "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Đoàn", "Lương", "Tạ", "Châu", "Âu"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Đình", "Xuân", "Ngọc"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Minh", "Thị Kim", "Thị Thanh"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc",
           "Quang", "Sơn", "Thắng", "Toàn", "Trí", "Tuấn", "Việt", "Vũ", "Ân", "Thiện"]
GIVEN_F = ["Anh", "Châu", "Diệp", "Hằng", "Hương", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Oanh",
           "Phượng", "Quyên", "Thảo", "Trang", "Tuyết", "Uyên", "Yến", "Ánh", "Vy"]
