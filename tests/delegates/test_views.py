"""Delegate pages: list with filters, import preview and confirm, XLSX export, letters and badges."""
import io
import re
import unicodedata

import sqlalchemy as sa
from openpyxl import load_workbook

from ceremony.delegates.models import Delegate
from ceremony.invitations.models import Invitation
from tests.badges.readback import pdf_pages_text, pdf_qr_codes
from tests.delegates.conftest import make_rows, to_csv, to_xlsx
from tests.delegates.helpers import PEOPLE, load_people


def _count(db, model=Delegate):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _post_file(client, ceremony, data, name):
    return client.post(f"/ceremonies/{ceremony.id}/delegates/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_import_preview_lists_every_bad_row_and_writes_nothing(db, client, ceremony, login):
    login("organizer")
    rows = make_rows(30)
    rows[4]["ma_diem_cau"] = "000"
    rows[20]["dien_thoai"] = "abc"
    response = _post_file(client, ceremony, to_xlsx(rows), "ds.xlsx")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-row="6" data-field="site_code"' in html and 'data-row="22" data-field="phone"' in html
    assert "buổi lễ không có điểm cầu &#39;000&#39; (theo mã hoặc tên)" in html  # the reason in Vietnamese
    assert "Xác nhận" not in html and _count(db) == 0


def test_import_preview_then_confirm_once(db, client, ceremony, login):
    login("organizer")
    response = _post_file(client, ceremony, to_csv(make_rows(25)), "ds.csv")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _count(db) == 0 and html.count('<tr>') >= 25
    key = re.search(r'name="key" type="hidden" value="([^"]+)"', html).group(1)
    confirm = f"/ceremonies/{ceremony.id}/delegates/import/confirm"
    response = client.post(confirm, data={"key": key})
    assert response.status_code == 302 and _count(db) == 25
    assert client.post(confirm, data={"key": key}).status_code == 404  # used once
    assert client.post(confirm, data={"key": "../../etc/passwd"}).status_code == 400


def test_list_filters_and_vietnamese_order(db, client, ceremony, login):
    load_people(ceremony.id)
    db.session.commit()
    login("viewer")
    html = client.get(f"/ceremonies/{ceremony.id}/delegates").get_data(as_text=True)
    names = re.findall(r'<td class="name">([^<]+)', html)
    assert [n.strip() for n in names] == ["Đặng Ngọc Ẩn", "Nguyễn Huỳnh Thị Ngọc Diễm", "Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng",
                                          "Công Tằng Tôn Nữ Thị Phương Thảo", "Lê Ỷ"]
    html = client.get(f"/ceremonies/{ceremony.id}/delegates?tier=commune&q=Phổ").get_data(as_text=True)
    assert [n.strip() for n in re.findall(r'<td class="name">([^<]+)', html)] == ["Công Tằng Tôn Nữ Thị Phương Thảo"]
    nfd = unicodedata.normalize("NFD", "Phương Thảo")  # typed on a keyboard that sends decomposed letters
    assert nfd != "Phương Thảo"
    html = client.get(f"/ceremonies/{ceremony.id}/delegates", query_string={"q": nfd}).get_data(as_text=True)
    assert [n.strip() for n in re.findall(r'<td class="name">([^<]+)', html)] == ["Công Tằng Tôn Nữ Thị Phương Thảo"]
    assert "Đại biểu" in html or "đại biểu" in html  # Vietnamese page


def test_export_is_xlsx_that_imports_again(db, client, ceremony, make_ceremony, login):
    load_people(ceremony.id)
    db.session.commit()
    login("organizer")
    response = client.get(f"/ceremonies/{ceremony.id}/delegates/export.xlsx?site=51")
    assert response.status_code == 200 and "spreadsheetml" in response.mimetype
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    # Headers people read, categories by their names (no "ho_ten", no "lanh-dao").
    assert rows[0] == ("STT", "Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Mã điểm cầu", "Điểm cầu", "Thành phần",
                       "Điện thoại", "Email", "Khu vực", "Ghế", "VIP", "Vai trò", "Ghi chú")
    assert [r[1] for r in rows[1:]] == ["Đặng Ngọc Ẩn", "Tôn Nữ Thị Hoàng Ngọc Quỳnh Nhưỡng"]
    assert {r[7] for r in rows[1:]} == {"Lãnh đạo tỉnh"} and rows[1][6] == "Tỉnh Quảng Ngãi"
    assert rows[1][8] == "0905000001"  # phone kept as text with its leading zero
    other = make_ceremony()
    from ceremony.delegates.models import CompositionCategory
    from ceremony.sites.models import Tier

    # The other ceremony names the category alike under another code: the import finds it by its name.
    db.session.add(CompositionCategory(ceremony_id=other.id, tier=Tier.province, code="ld-tinh", name="Lãnh đạo tỉnh"))
    db.session.commit()
    response = _post_file(client, other, response.get_data(), "export.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]


def test_issue_letters_and_badges_from_the_pages(db, client, ceremony, login, tmp_path):
    load_people(ceremony.id)
    db.session.commit()
    login("organizer")
    assert client.post(f"/ceremonies/{ceremony.id}/delegates/invitations").status_code == 302
    assert _count(db, Invitation) == len(PEOPLE)
    html = client.get(f"/ceremonies/{ceremony.id}/delegates").get_data(as_text=True)
    assert "Giấy mời" in html and "Thẻ" in html
    assert client.get(f"/ceremonies/{ceremony.id}/letters").status_code == 200
    assert client.get(f"/ceremonies/{ceremony.id}/badges").status_code == 200
    invitation = db.session.scalar(sa.select(Invitation).join(Delegate).where(Delegate.site.has(code="534")))
    # Nothing set yet: the page warns before printing and prints only once confirmed.
    warned = client.get(f"/ceremonies/{ceremony.id}/letters.pdf?site=534")
    assert warned.status_code == 409 and "data-print-anyway" in warned.get_data(as_text=True)
    assert "Chưa ghi họ tên người ký" in warned.get_data(as_text=True)
    anyway = client.get(f"/ceremonies/{ceremony.id}/letters.pdf?site=534&confirm=1")
    assert anyway.status_code == 200 and "signer_name_missing" in anyway.headers["X-Letter-Warnings"]
    assert "Số: /GM-UBND" in " ".join(pdf_pages_text(anyway.get_data())[0].split())
    late = client.post(f"/ceremonies/{ceremony.id}/letters/settings", data={
        "number": "125", "symbol": "GM-UBND", "letter_date": "2024-09-30", "signer_authority": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Võ Phiên"})
    assert late.status_code == 302
    page = client.get(f"/ceremonies/{ceremony.id}/letters").get_data(as_text=True)
    assert 'data-warning="letter_date_after_event"' in page and "30/09/2024" in page
    assert client.post(f"/ceremonies/{ceremony.id}/letters/settings", data={
        "number": "125/GM", "symbol": "GM-UBND"}).status_code == 422
    client.post(f"/ceremonies/{ceremony.id}/letters/settings", data={
        "number": "125", "symbol": "GM-UBND", "letter_date": "2024-09-20", "signer_authority": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH", "signer_name": "Võ Phiên"})
    letter = client.get(f"/ceremonies/{ceremony.id}/letters.pdf?site=534")
    assert letter.status_code == 200 and "X-Letter-Warnings" not in letter.headers
    text = " ".join(pdf_pages_text(letter.get_data())[0].split())
    assert "Lê Ỷ" in text and "Số: 125/GM-UBND" in text and "ngày 20 tháng 9 năm 2024" in text
    assert "Võ Phiên" in text and invitation.code_display in text
    assert pdf_qr_codes(letter.get_data(), tmp_path) == [[f"https://ceremony.test/i/{invitation.token}"]]
    badge = client.get(f"/ceremonies/{ceremony.id}/badges.pdf?delegate={invitation.delegate_id}&format=single")
    assert badge.status_code == 200 and "Lê Ỷ" in pdf_pages_text(badge.get_data())[0]


def test_badge_page_refuses_a_name_the_font_cannot_draw(db, client, ceremony, login):
    load_people(ceremony.id, [("Lò Văn 𠀧", "Trưởng bản", "Bản Nà Hẩu", "536", "ubnd-huyen", "", "", False)])
    db.session.commit()
    login("organizer")
    client.post(f"/ceremonies/{ceremony.id}/delegates/invitations")
    response = client.get(f"/ceremonies/{ceremony.id}/badges.pdf")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Lò Văn 𠀧" in html and "U+20027" in html


def test_operators_print_only_their_points(db, client, ceremony, login):
    load_people(ceremony.id)
    db.session.commit()
    login("operator", site_codes=("534",))
    assert client.post(f"/ceremonies/{ceremony.id}/delegates/invitations").status_code == 403
    assert client.get(f"/ceremonies/{ceremony.id}/badges.pdf").status_code == 403
    assert client.get(f"/ceremonies/{ceremony.id}/delegates/import").status_code == 403
    html = client.get(f"/ceremonies/{ceremony.id}/delegates").get_data(as_text=True)
    assert "Lê Ỷ" in html and "Đặng Ngọc Ẩn" not in html


def test_printing_before_issuing_names_who_has_no_invitation(db, client, ceremony, login):
    load_people(ceremony.id)
    db.session.commit()
    login("organizer")
    for url in (f"/ceremonies/{ceremony.id}/letters.pdf?site=534", f"/ceremonies/{ceremony.id}/badges.pdf?site=534"):
        response = client.get(url)
        assert response.status_code == 409
        html = response.get_data(as_text=True)
        assert "Lê Ỷ" in html and "chưa phát hành giấy mời" in html and "Phát hành giấy mời còn thiếu" in html
