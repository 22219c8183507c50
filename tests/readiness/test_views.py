"""Readiness pages: the board, the operator form (token and account), checklist, kits and reports."""
import io
import subprocess
import uuid

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ceremony.readiness import tasks
from ceremony.readiness.queries import get_phase
from ceremony.readiness.tokens import issue_site_token
from ceremony.sites.queries import get_site_by_code


def test_board_shows_every_point_with_a_text_label(client, clock, ready_ceremony, login, report):
    report(ready_ceremony, "21550")
    login("viewer")
    html = client.get(f"/ceremonies/{ready_ceremony.id}/readiness").get_data(as_text=True)
    assert html.count('class="tile ') == 8
    assert 'data-status="ready"' in html and html.count('data-status="not_reported"') == 7
    assert "Sẵn sàng" in html and "Chưa báo cáo" in html  # Vietnamese labels, not colour alone
    assert 'data-count="commune-ready">1<' in html


def test_operator_sees_only_their_points(client, ready_ceremony, login):
    login("operator", site_codes=["21550"])
    html = client.get(f"/ceremonies/{ready_ceremony.id}/readiness").get_data(as_text=True)
    assert html.count('class="tile ') == 1
    other = get_site_by_code(ready_ceremony.id, "21553")
    assert client.get(f"/ceremonies/{ready_ceremony.id}/readiness/sites/{other.id}").status_code == 403
    assert client.get(f"/ceremonies/{ready_ceremony.id}/readiness/sites/{other.id}/report").status_code == 403


def test_operator_link_form_records_once_without_javascript(client, db, clock, ready_ceremony):
    site = get_site_by_code(ready_ceremony.id, "21553")
    token = issue_site_token(site)
    db.session.commit()
    page = client.get(f"/r/{token}")
    assert page.status_code == 200 and "Phổ An" in page.get_data(as_text=True)
    form = {"idempotency_key": uuid.uuid4().hex, "state_network": "ok", "bandwidth_mbps": "35",
            "state_camera": "problem", "note_camera": "mất tín hiệu", "headcount": "25"}
    for _ in range(2):  # a double tap on a slow network
        assert client.post(f"/r/{token}", data=form).status_code == 302
    history = client.get(f"/api/v1/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/checkins",
                         headers={"X-Site-Token": token}).get_json()
    assert history["total"] == 1
    item = history["items"][0]
    assert item["status"] == "problem" and item["bandwidth_mbps"] == 35 and item["headcount"] == 25
    assert item["reported_by"] == "token:21553"



@pytest.mark.parametrize("minutes_before", [90, 45])  # between T-120 and T-30; in the T-30 window
def test_after_a_report_the_operator_page_shows_the_new_status(client, db, clock, ready_ceremony, minutes_before):
    """"Đã nhận báo cáo" and "Chưa báo cáo" never stand on one page: the status shown is the one of the
    window the report counted for (between windows: the next one, not the last one that closed)."""
    import re
    from datetime import timedelta, timezone

    from ceremony.readiness.defaults import CHECKLIST

    clock.set(ready_ceremony.starts_at.replace(tzinfo=timezone.utc) - timedelta(minutes=minutes_before))
    site = get_site_by_code(ready_ceremony.id, "21553")
    token = issue_site_token(site)
    db.session.commit()
    before = client.get(f"/r/{token}").get_data(as_text=True)
    assert "Chưa báo cáo" in before
    form = {"idempotency_key": uuid.uuid4().hex}
    form.update({f"state_{key}": "ok" for key, _label, kind in CHECKLIST if kind.value != "note"})
    html = client.post(f"/r/{token}", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Đã nhận báo cáo" in html
    assert "Chưa báo cáo" not in html
    status = re.search(r'id="point-status"[^>]*>([^<]*)<', html).group(1)
    assert status == "Sẵn sàng"
    assert "Kiểm tra T-30 phút" in re.search(r'<p class="phase-now">(.*?)</p>', html, re.S).group(1)


def test_history_writes_bandwidth_the_vietnamese_way(client, db, clock, ready_ceremony, login):
    from ceremony.readiness.operations import record_checkin

    site = get_site_by_code(ready_ceremony.id, "534")
    record_checkin(site, idempotency_key=uuid.uuid4().hex, answers=[], bandwidth_mbps=1234.5)
    db.session.commit()
    login("organizer")
    html = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}").get_data(as_text=True)
    assert "1.234,5 Mbit/s" in html and "1234.5" not in html
    html = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}?lang=en").get_data(as_text=True)
    assert "1,234.5 Mbit/s" in html


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_organizer_edits_the_checklist(client, ready_ceremony, login):
    login("organizer")
    url = f"/ceremonies/{ready_ceremony.id}/readiness/checklist"
    assert client.post(url, data={"key": "generator", "label": "Máy phát điện", "kind": "check",
                                  "is_active": "on"}).status_code == 302
    assert client.post(url, data={"key": "speakers", "label": "Loa", "kind": "check"}).status_code == 302
    from ceremony.readiness.queries import checklist

    keys = [i.key for i in checklist(ready_ceremony.id)]
    assert "generator" in keys and "speakers" not in keys
    assert "Máy phát điện" in client.get(url).get_data(as_text=True)


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_checklist_page_is_for_organizers(client, ready_ceremony, login):
    login("viewer")
    assert client.get(f"/ceremonies/{ready_ceremony.id}/readiness/checklist").status_code == 403


def _decode_qr(pdf_bytes, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    path = tmp_path / "kit.pdf"
    path.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_site_kit_has_the_schedule_contact_and_a_working_qr(client, db, ready_ceremony, login, tmp_path):
    from ceremony.sites.operations import update_site

    district = get_site_by_code(ready_ceremony.id, "534")
    update_site(district, operator_name="Nguyễn Văn Hùng", operator_phone="0905123456")
    db.session.commit()
    site = get_site_by_code(ready_ceremony.id, "21553")
    login("organizer")
    response = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/sites/{site.id}/kit.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("Xã Phổ An", "21553", "Kiểm tra T-30 phút", "Liên hệ: thị xã Đức Phổ", "Nguyễn Văn Hùng",
                     "0905123456"):
        assert expected in text, expected
    [url] = _decode_qr(response.data, tmp_path)
    assert url.startswith("https://ceremony.test/r/")
    token = url.rsplit("/", 1)[1]
    assert client.get(f"/r/{token}").status_code == 200
    all_kits = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/kits.pdf")
    assert len(PdfReader(io.BytesIO(all_kits.data)).pages) == 8


def test_a_long_title_wraps_on_the_site_kit_instead_of_being_cut(db, make_ceremony):
    """The 2024 demo's title (the plan's 149 characters) was cut at 90: every word is on the page now."""
    import unicodedata

    from ceremony.demo.data import CEREMONIES
    from ceremony.readiness import operations
    from ceremony.readiness.pdf import KIT_LEFT
    from ceremony.sites.operations import update_site

    title = max((c["title"] for c in CEREMONIES), key=len)
    assert len(title) > 90
    ceremony = make_ceremony(title=title)
    site = get_site_by_code(ceremony.id, "21553")
    update_site(site, name="Xã Phổ An và các thôn ven biển thuộc vùng bãi ngang của thị xã Đức Phổ tỉnh Quảng Ngãi")
    db.session.commit()
    data, _name = operations.site_kits(ceremony, site)
    page = PdfReader(io.BytesIO(data)).pages[0]
    text = unicodedata.normalize("NFC", page.extract_text())
    assert " ".join(title.split()) in " ".join(text.split())  # wrapped over lines, never cut
    assert "Đức Phổ tỉnh Quảng Ngãi" in " ".join(text.split())
    lines = []  # every line of text starts at the left margin (or the indent) and stays on the page
    page.extract_text(visitor_text=lambda t, cm, tm, font, size: lines.append((tm[4] * cm[0] + cm[4], t))
                      if t.strip() else None)
    assert min(x for x, _ in lines) >= KIT_LEFT - 1 and len([x for x, t in lines if "người dân" in t]) == 1


def test_window_reports_in_pdf_and_xlsx(client, clock, ready_ceremony, login, report):
    t30 = get_phase(ready_ceremony.id, "t30")
    for code in ("51", "522", "534", "536", "21553"):
        report(ready_ceremony, code)
    clock.set(t30.closes_at)
    tasks.tick()
    login("organizer")
    pdf = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/report/t30.pdf")
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Báo cáo sẵn sàng" in text and "Điểm cầu không báo cáo (3)" in text
    assert "Phường Lê Hồng Phong" in text and "Sẵn sàng: 5" in text
    xlsx = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/report/t30.xlsx")
    book = load_workbook(io.BytesIO(xlsx.data))
    rows = list(book["Sẵn sàng"].iter_rows(min_row=5, values_only=True))
    assert len(rows) == 8
    silent = [r[0] for r in book["Không báo cáo"].iter_rows(min_row=2, values_only=True)]
    assert silent == ["21010", "21013", "21550"]
    assert all(r[4] == "Sẵn sàng" for r in rows if r[0] in ("51", "522", "534", "536", "21553"))
    silent = get_site_by_code(ready_ceremony.id, "21010")
    history = client.get(f"/ceremonies/{ready_ceremony.id}/readiness/sites/{silent.id}").get_data(as_text=True)
    assert "Kiểm tra T-30 phút" in history and "Đã báo Thành phố Quảng Ngãi (522)" in history
    board = client.get(f"/ceremonies/{ready_ceremony.id}/readiness?phase=t30").get_data(as_text=True)
    assert board.count(" flagged\"") == 3 and "Bị cảnh báo khi hết giờ báo cáo" in board


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_organizer_moves_a_window_relative_to_the_start(client, clock, ready_ceremony, login):
    login("organizer")
    url = f"/ceremonies/{ready_ceremony.id}/readiness/windows/t30"
    assert client.post(url, data={"opens_minutes": "-90", "closes_minutes": "-45"}).status_code == 302
    t30 = get_phase(ready_ceremony.id, "t30")
    assert (ready_ceremony.starts_at - t30.opens_at).total_seconds() == 90 * 60
    assert (ready_ceremony.starts_at - t30.closes_at).total_seconds() == 45 * 60
    client.post(url, data={"opens_minutes": "-10", "closes_minutes": "-20"})
    assert (ready_ceremony.starts_at - get_phase(ready_ceremony.id, "t30").closes_at).total_seconds() == 45 * 60
    assert "value=\"-90\"" in client.get(f"/ceremonies/{ready_ceremony.id}/readiness/checklist").get_data(as_text=True)
