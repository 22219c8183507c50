"""Error answers in the reader's language: werkzeug's English descriptions never reach a Vietnamese page
or an API body; the operator-link and invitation-link errors are Vietnamese pages with a way home."""
import re

import pytest
from werkzeug.exceptions import BadRequest, InternalServerError, RequestEntityTooLarge, TooManyRequests

from ceremony.core import web

WERKZEUG_ENGLISH = ("The requested URL was not found", "The method is not allowed", "You don't have the permission",
                    "The browser (or proxy) sent a request", "The server encountered an internal error",
                    "Not Found", "Forbidden", "Method Not Allowed", "Internal Server Error", "Unauthorized")


def _visible(html: str) -> str:
    body = html.split("<main", 1)[-1] if "<main" in html else html
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _assert_vietnamese_page(response, status: int, *words: str) -> str:
    assert response.status_code == status
    html = response.get_data(as_text=True)
    text = _visible(html)
    for english in WERKZEUG_ENGLISH:
        assert english not in text, (english, text)
    for word in words:
        assert word in text, (word, text)
    assert re.search(r'class="error-home"><a href="/">Về trang chủ</a>', html)  # a way back to the home page
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert str(status) in title and not any(e in title for e in WERKZEUG_ENGLISH), title
    return text


def test_404_page_is_vietnamese_and_english_on_request(client):
    _assert_vietnamese_page(client.get("/no-such-page"), 404, "Không tìm thấy trang",
                            "vui lòng kiểm tra lại địa chỉ")
    english = client.get("/no-such-page?lang=en")
    assert "Page not found" in english.get_data(as_text=True) and "Back to the home page" in english.get_data(
        as_text=True)


def test_403_page_is_vietnamese(client, db, make_ceremony, login):
    ceremony = make_ceremony()
    login("checker")
    _assert_vietnamese_page(client.get(f"/ceremonies/{ceremony.id}/program/director"), 403,
                            "Không có quyền truy cập", "Bạn không có quyền mở trang này")


def test_405_page_is_vietnamese_and_says_allow(client, db, login):
    login("organizer")
    response = client.delete("/")
    _assert_vietnamese_page(response, 405, "Thao tác không được phép")
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("error, vietnamese", [
    (BadRequest(), "Yêu cầu không hợp lệ: vui lòng kiểm tra lại biểu mẫu"),
    (RequestEntityTooLarge(), "Tệp tải lên lớn hơn mức máy chủ cho phép."),
    (TooManyRequests(), "Quá nhiều yêu cầu: vui lòng chờ một lát rồi thử lại."),
    (InternalServerError(), "Máy chủ gặp lỗi. Lỗi đã được ghi lại"),
])
def test_werkzeug_defaults_are_said_in_vietnamese_but_own_descriptions_are_kept(app, error, vietnamese):
    with app.test_request_context("/somewhere"):
        assert web.http_error_message(error).startswith(vietnamese)
        body, status, _headers = web.handle_http_error(error)
        assert status == error.code and vietnamese in body
        assert web.http_error_message(type(error)("Tệp CSV thiếu cột họ tên")) == "Tệp CSV thiếu cột họ tên"
    with app.test_request_context("/somewhere?lang=en"):
        assert web.http_error_message(error) == str(web.ERROR_MESSAGES[error.code])


def test_an_unexpected_exception_is_a_vietnamese_500_page(app):
    with app.test_request_context("/somewhere"):
        body, status, _headers = web.handle_unexpected(RuntimeError("boom"))
    assert status == 500 and "Lỗi máy chủ" in body and "boom" not in body
    assert "The server encountered" not in body


def test_api_error_bodies_say_the_default_messages_in_vietnamese(client, db, api_headers):
    body = client.get("/api/v1/no-such-thing", headers=api_headers()).get_json()
    assert body["code"] == 404 and body["message"].startswith("Không tìm thấy trang này")
    body = client.get("/api/v1/no-such-thing?lang=en", headers=api_headers()).get_json()
    assert body["message"].startswith("This page does not exist")
    response = client.delete("/api/v1/ceremonies?lang=vi", headers=api_headers())
    assert response.status_code == 405, response.get_json()
    assert response.get_json()["message"].startswith("Không thể thực hiện"), response.get_json()


def test_bad_and_revoked_operator_links_are_vietnamese_pages(client, db, make_ceremony):
    ceremony = make_ceremony()
    from ceremony.readiness import operations
    from ceremony.sites.queries import list_sites

    text = _assert_vietnamese_page(client.get("/r/not-a-real-token"), 401,
                                   "Đường dẫn báo cáo của điểm cầu không hợp lệ")
    assert "Đường dẫn báo cáo không hợp lệ" in text and "Cần đăng nhập" not in text  # the heading
    site = list_sites(ceremony.id)[1]
    old = operations.operator_link(site).rsplit("/", 1)[-1]
    operations.rotate_operator_link(site)
    db.session.commit()
    _assert_vietnamese_page(client.get(f"/r/{old}"), 401, "đã hết hiệu lực", "liên hệ ban tổ chức")


def test_a_bad_invitation_link_is_a_vietnamese_page(client, db):
    _assert_vietnamese_page(client.get("/i/not-a-real-token"), 404, "Không tìm thấy trang",
                            "Không có giấy mời nào")
