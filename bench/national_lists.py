"""Delegate lists and the gate at national size (300,000 delegates) next to provincial size (3,000).

Run: .venv/bin/python bench/national_lists.py [--sizes 3000,300000] [--port 5660]

For each size: a PostgreSQL database of its own (bench/_harness.own_postgres, dropped afterwards),
seeded by bulk inserts (one point per 30 delegates, the venue holding 300 of them), then one gunicorn
worker (gthread, 4 threads) answering over HTTP:
- ``listDelegates`` (100 a page): the first, a middle and the last page in name order, a middle page
  by point, a page of one point, a tone-less search; and the delegates page (HTML), first and last;
- the gate's name search (``searchCheckinCandidates``): a common surname, a given name inside the
  key, a text found nowhere (the whole key read);
- the gate's offline list of the venue (``getGateList``): rows, bytes as JSON and gzipped, ms;
- the worker's RSS after the requests (VmRSS) and its peak (VmHWM).
Each time is the median of 5 requests after one warm-up. Then the national figure / the provincial one.
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import login_cookie, own_postgres, start_gunicorn, stop_gunicorn  # noqa: E402

SECRET = "bench-national-lists-secret"
PASSWORD = "bench-password-123"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Quốc", "Thanh", "Thu", "Xuân", "Hoàng", "Công"]
GIVEN = ["An", "Ánh", "Bình", "Châu", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Khánh", "Lâm", "Ngân", "Oanh",
         "Phúc", "Quyên", "Sơn", "Tâm", "Uyên", "Vy", "Yến", "Tuyết", "Thắng", "Hùng", "Lan", "Mai", "Nam"]
TITLES = ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", "Bí thư Đảng ủy", "Công chức Văn phòng - Thống kê",
          "Trưởng Công an xã", "Chủ tịch Ủy ban MTTQ", "Bí thư Đoàn Thanh niên", "Giám đốc Sở"]
VENUE_DELEGATES = 300
PER_POINT = 30


def seed(url: str, n: int) -> dict:
    """Schema, a ceremony with n/30 points and n invited delegates, by bulk inserts; ids and tokens."""
    import sqlalchemy as sa

    from ceremony import create_app
    from ceremony.ceremonies.operations import create_ceremony
    from ceremony.delegates.models import Delegate, Person
    from ceremony.delegates.sorting import search_key, sort_key
    from ceremony.extensions import db
    from ceremony.invitations.codes import new_code
    from ceremony.invitations.models import Invitation
    from ceremony.invitations.tokens import make_token
    from ceremony.sites.models import Site, Tier
    from ceremony.users.operations import create_api_token, create_user

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    rng = random.Random(n)
    with app.app_context():
        db.create_all()
        start = datetime.now(timezone.utc) + timedelta(days=1)
        ceremony = create_ceremony(slug="national", title="Lễ khai trương toàn quốc", kind="app_launch",
                                   starts_at=start, ends_at=start + timedelta(hours=2), venue="Hội trường Bộ",
                                   host_unit="Bộ Thông tin và Truyền thông")
        venue = Site(ceremony_id=ceremony.id, tier=Tier.province, code="01", name="Điểm cầu trung tâm",
                     venue="Hội trường Bộ", position=0)
        db.session.add(venue)
        db.session.flush()
        points = max(n // PER_POINT, 2)
        db.session.execute(sa.insert(Site.__table__), [
            {"ceremony_id": ceremony.id, "parent_id": venue.id, "tier": Tier.commune.name, "code": f"{i:05d}",
             "name": f"Xã số {i}", "venue": "", "address": "", "operator_name": "", "operator_phone": "",
             "operator_email": "", "position": i} for i in range(1, points)])
        site_ids = [venue.id] + list(db.session.scalars(sa.select(Site.id).where(Site.parent_id == venue.id)
                                                        .order_by(Site.position)))
        t0 = time.perf_counter()
        people, delegates, invitations, tokens, codes = [], [], [], [], set()
        for i in range(1, n + 1):
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"
            title = rng.choice(TITLES)
            site = venue.id if i <= VENUE_DELEGATES else site_ids[1 + i % (len(site_ids) - 1)]
            people.append({"id": i, "full_name": name, "title": title, "organisation_id": None,
                           "phone": f"09{i:08d}", "email": "", "gender": ""})
            delegates.append({"id": i, "ceremony_id": ceremony.id, "site_id": site, "person_id": i,
                              "category_id": None, "zone": "", "seat": "", "is_vip": i % 97 == 0, "role": "",
                              "created_at": start, "replaced_by_id": None, "sort_key": sort_key(name),
                              "search_key": search_key(name, title)})
            token, key = make_token(ceremony.id)
            code = new_code(codes)
            codes.add(code)
            tokens.append(token)
            invitations.append({"id": i, "ceremony_id": ceremony.id, "delegate_id": i, "serial": i, "key": key,
                                "token": token, "short_code": code, "issued_at": start - timedelta(days=3),
                                "revoked_at": None, "revoked_reason": "", "rsvp_status": "pending",
                                "rsvp_at": None, "substitute_for_id": None})
        for table, rows in ((Person.__table__, people), (Delegate.__table__, delegates),
                            (Invitation.__table__, invitations)):
            for start_row in range(0, len(rows), 20_000):
                db.session.execute(sa.insert(table), rows[start_row:start_row + 20_000])
        for table in ("people", "delegates", "invitations"):
            db.session.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {n})"))
        organizer = create_user("organizer@bench.local", role="organizer", password=PASSWORD)
        checker = create_user("gate@bench.local", role="checker", password=PASSWORD)
        result = {"ceremony_id": ceremony.id, "venue": venue.code, "points": points,
                  "middle_site": f"{points // 2:05d}", "organizer": create_api_token(organizer),
                  "checker": create_api_token(checker), "tokens": tokens[:10]}
        db.session.commit()
        seconds = time.perf_counter() - t0
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        db.session.remove()
        db.engine.dispose()
    result["seed_s"] = seconds
    return result


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def memory(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def cpu_ms(pid: int) -> float:
    """User + system CPU the process has used, in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


WORKER: list[int] = []  # the gunicorn worker measured (its CPU per request)
CPU: dict[str, float] = {}
PATHS: dict[str, str] = {}


def timed(port: int, path: str, headers: dict, runs: int = 5) -> tuple[float, bytes, int]:
    """Median ms of ``runs`` GETs after one warm-up; the last body and status. The worker's CPU time
    per request (mean of the runs) goes to ``CPU[path]``: wall times swing on a loaded machine."""
    samples, body, status = [], b"", 0
    cpu_before = 0.0
    for i in range(runs + 1):
        if i == 1 and WORKER:
            cpu_before = cpu_ms(WORKER[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        status = response.status
        conn.close()
        if status != 200:
            raise SystemExit(f"bench: GET {path} answered {status}: {body[:300]!r}")
        if i:
            samples.append(elapsed)
    if WORKER:
        CPU[path] = (cpu_ms(WORKER[0]) - cpu_before) / runs
    return statistics.median(samples), body, status


def measure(url: str, n: int, port: int) -> dict:
    seeded = seed(url, n)
    cid = seeded["ceremony_id"]
    instance = Path(tempfile.mkdtemp(prefix="bench-lists-"))
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "CEREMONY_INSTANCE": str(instance),
           "CEREMONY_ENV": "development", "REDIS_URL": ""}
    server = start_gunicorn(ROOT, env, workers=1, threads=4, port=port)
    figures = {"seed_s": seeded["seed_s"], "points": seeded["points"]}
    try:
        workers = children(server.pid)
        WORKER[:] = workers[:1]
        CPU.clear()
        api = {"Authorization": f"Bearer {seeded['organizer']}"}
        gate = {"Authorization": f"Bearer {seeded['checker']}"}
        last = (n + 99) // 100
        base = f"/api/v1/ceremonies/{cid}/delegates?per_page=100"
        for label, path in (("list_first", f"{base}&page=1"), ("list_middle", f"{base}&page={last // 2}"),
                            ("list_last", f"{base}&page={last}"),
                            ("list_by_point", f"{base}&order=site&page={last // 2}"),
                            ("list_one_point", f"{base}&site={seeded['middle_site']}"),
                            ("list_search", f"{base}&q=tuyet&page=2")):
            ms, body, _ = timed(port, path, api)
            figures[label] = ms
            PATHS[label] = path
            if label == "list_last":
                page = json.loads(body)
                assert page["total"] == n and page["items"], page["total"]
        cookie = login_cookie(port, "organizer@bench.local", PASSWORD)
        for label, page in (("page_first", 1), ("page_last", last)):
            PATHS[label] = f"/ceremonies/{cid}/delegates?page={page}"
            figures[label], _body, _ = timed(port, PATHS[label], {"Cookie": cookie})
        for label, q in (("search_surname", "nguyen van"), ("search_given", "tuyet"),
                         ("search_nowhere", "qqqq")):
            PATHS[label] = f"/api/v1/ceremonies/{cid}/checkin-candidates?q=" + urllib.parse.quote(q)
            figures[label], _body, _ = timed(port, PATHS[label], gate)
        PATHS["gate_list_ms"] = f"/api/v1/ceremonies/{cid}/gate-list"
        ms, body, _ = timed(port, PATHS["gate_list_ms"], {**gate, "Accept-Encoding": "gzip"})
        plain = gzip.decompress(body)
        figures.update(gate_list_ms=ms, gate_list_rows=len(json.loads(plain)["items"]),
                       gate_list_kb=len(plain) / 1024, gate_list_gzip_kb=len(body) / 1024)
        for label, path in list(PATHS.items()):
            figures[f"{label}_cpu"] = CPU.get(path, 0.0)
        mem = memory(workers[0]) if workers else {}
        figures.update(rss_mib=mem.get("VmRSS", 0.0), peak_rss_mib=mem.get("VmHWM", 0.0))
    finally:
        stop_gunicorn(server)
    return figures


LABELS = [("list_first", "listDelegates page 1 (ms)"), ("list_middle", "listDelegates middle page (ms)"),
          ("list_last", "listDelegates last page (ms)"), ("list_by_point", "listDelegates by point, middle (ms)"),
          ("list_one_point", "listDelegates of one point (ms)"), ("list_search", "listDelegates q=tuyet p.2 (ms)"),
          ("page_first", "delegates page (HTML) 1 (ms)"), ("page_last", "delegates page (HTML) last (ms)"),
          ("search_surname", "gate search 'nguyen van' (ms)"), ("search_given", "gate search 'tuyet' (ms)"),
          ("search_nowhere", "gate search, no match (ms)"), ("gate_list_ms", "gate list of the venue (ms)"),
          ("gate_list_rows", "gate list rows"), ("gate_list_kb", "gate list JSON (KiB)"),
          ("gate_list_gzip_kb", "gate list gzipped (KiB)"), ("rss_mib", "worker RSS after (MiB)"),
          ("peak_rss_mib", "worker peak RSS (MiB)"), ("seed_s", "seed (s)")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="3000,300000")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 5660)))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for i, n in enumerate(sizes):
        with own_postgres(f"lists{n}") as url:
            if url is None:
                return
            results[n] = measure(url, n, args.port + i)
            print(f"{n} delegates measured", flush=True)
    width = max(len(label) for _k, label in LABELS)
    print(f"{'':{width}} " + " ".join(f"{n:>12,}" for n in sizes) + ("        ratio" if len(sizes) == 2 else ""))
    for key, label in LABELS:
        for suffix, note in (("", ""), ("_cpu", " worker CPU")):
            if suffix and f"{key}_cpu" not in results[sizes[0]]:
                continue
            values = [results[n][key + suffix] for n in sizes]
            ratio = f"{values[1] / values[0]:>12.2f}" if len(values) == 2 and values[0] else ""
            print(f"{(label + note):{width + 11}} " + " ".join(f"{v:>12.1f}" for v in values) + " " + ratio)
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times swing with it)")


if __name__ == "__main__":
    main()
