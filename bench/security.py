"""The attacks of issue 9 against gunicorn (2 workers, SQLite): how fast and how cheaply they are refused.

Run: .venv/bin/python bench/security.py

Prints: the log-in time for a known account with a wrong password and for an unknown e-mail (scrypt,
as in production), the answer to the 6th wrong password, and for each hostile upload (an XLSX with a
30 MB cell in a small file, an XLSX of 5 million rows, a 50 MB and a 9 MB CSV of blank lines) the status,
the time to answer and the largest worker RSS growth.
"""
from __future__ import annotations

import http.client
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import free_port, start_gunicorn, stop_gunicorn  # noqa: E402

PASSWORD = "bench-password-1"


def prepare(url: str) -> dict:
    from ceremony import create_app
    from ceremony.extensions import db
    from tests.factories import SMALL_NETWORK_CSV

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        from datetime import datetime

        from ceremony.ceremonies.operations import create_ceremony
        from ceremony.sites.operations import copy_network, import_network_csv
        from ceremony.users.operations import create_api_token, create_user

        ceremony = create_ceremony(slug="bench", title="Lễ", kind="app_launch", starts_at=datetime(2024, 9, 27, 8),
                                   ends_at=None, venue="IOC", host_unit="UBND tỉnh")
        copy_network(ceremony, import_network_csv(SMALL_NETWORK_CSV, key="bench"), provincial_venue="IOC")
        users = [create_user(f"known{i}@bench.vn", role="organizer", password=PASSWORD) for i in range(3)]
        token = create_api_token(users[0])
        db.session.commit()
        return {"ceremony_id": ceremony.id, "token": token, "emails": [u.email for u in users]}


def login(port: int, email: str, password: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    import re

    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": csrf})
    started = time.perf_counter()
    conn.request("POST", "/login", body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                       "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def worker_rss(master: int) -> int:
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return max((int(x) for x in out.split()), default=0)


def upload(port: int, setup: dict, name: str, data: bytes, master: int) -> str:
    boundary = "benchboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    before = worker_rss(master)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    try:
        conn.request("POST", f"/api/v1/ceremonies/{setup['ceremony_id']}/delegates/import", body=body,
                     headers={"Authorization": f"Bearer {setup['token']}",
                              "Content-Type": f"multipart/form-data; boundary={boundary}"})
        response = conn.getresponse()
        status, text = response.status, response.read().decode("utf-8", "replace")
    except (ConnectionError, http.client.HTTPException) as error:  # a 413 may come before the body is sent
        try:
            response = conn.getresponse()
            status, text = response.status, response.read().decode("utf-8", "replace")
        except (ConnectionError, http.client.HTTPException):
            status, text = "closed", str(error)
    elapsed = time.perf_counter() - started
    message = json.loads(text).get("message", "") if text.startswith("{") else text[:80]
    return (f"{name:<26} {len(data) / 1024:>9.0f} KiB → {status} in {elapsed:6.2f} s, worker RSS +"
            f"{max(0, worker_rss(master) - before) / 1024:.0f} MiB: {message[:90]}")


def xlsx_with(sheet_xml_rows) -> bytes:
    """A tiny valid workbook whose first sheet's rows are streamed in from ``sheet_xml_rows``."""
    from openpyxl import Workbook

    base = io.BytesIO()
    book = Workbook()
    book.active.append(["ho_ten", "ma_diem_cau"])
    book.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with target.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(head)
                for chunk in sheet_xml_rows():
                    sheet.write(chunk)
                sheet.write(b"</sheetData>" + tail)
    return out.getvalue()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-security-"))
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    setup = prepare(url)
    env = {"DATABASE_URL": url, "CEREMONY_ENV": "development", "SECRET_KEY": "bench-secret", "CEREMONY_INSTANCE": str(work)}
    port = free_port()
    server = start_gunicorn(ROOT, env, workers=2, threads=4, port=port)
    try:
        login(port, "warmup@bench.vn", "x")
        known = [login(port, email, "wrong-password")[1] for email in setup["emails"] for _ in range(4)]
        unknown = [login(port, f"nobody{i}@bench.vn", "wrong-password")[1] for i in range(12)]
        print(f"wrong password, known account: median {statistics.median(known) * 1000:.0f} ms; "
              f"unknown e-mail: median {statistics.median(unknown) * 1000:.0f} ms (12 each)")
        login(port, setup["emails"][0], "wrong-password")
        status, _ = login(port, setup["emails"][0], PASSWORD)
        print(f"the right password after 5 wrong ones: {status} (429 = locked for 15 minutes)")
        master = server.pid
        big_cell = xlsx_with(lambda: iter([b'<row r="2"><c r="A2" t="inlineStr"><is><t>', b"A" * 30_000_000,
                                            b"</t></is></c></row>"]))
        rows = lambda: (b"<row/>" * 100_000 for _ in range(50))  # noqa: E731  (5 million empty rows)
        print(upload(port, setup, "huge-cell.xlsx", big_cell, master))
        print(upload(port, setup, "5-million-rows.xlsx", xlsx_with(rows), master))
        print(upload(port, setup, "blank-lines-50MB.csv", b"ho_ten,ma_diem_cau\n" + b"\n" * 50_000_000, master))
        print(upload(port, setup, "blank-lines-9MB.csv", b"ho_ten,ma_diem_cau\n" + b"\n" * 9_000_000, master))
    finally:
        stop_gunicorn(server)


if __name__ == "__main__":
    main()
