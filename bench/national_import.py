"""Import 300,000 delegates over the national network through the real API, with check-ins at 50/s on
another ceremony during the import, on SQLite and on PostgreSQL.

Run: .venv/bin/python bench/national_import.py [--rows 300000] [--backends sqlite,postgresql]
     [--rate 50] [--workers 2] [--threads 4]
Env: BENCH_PG_URL (the PostgreSQL server: a database ``bench_import_<pid>`` is created from template0
and dropped afterwards), BENCH_PORTS (ports to take), BENCH_KEEP=1 (keep the temporary folder).

For each backend: a database of its own (SQLite: a file in a temporary folder) with the 2023 national
network (nation → 63 provinces → ~700 districts → ~10,600 communes: ``flask sites import-package
--all --set 2023``) applied to a ceremony, and a provincial ceremony of 3,000 invited delegates for
the gates. gunicorn (gthread) serves ``wsgi:app``; a synthetic CSV of ``--rows`` delegates (one unit
per commune, names, titles, phones, some e-mails) is posted to ``importDelegates`` (202: a job),
whose ``getDelegateJob`` is polled to the end; then ``issueInvitations`` with ``background``. All the
while a paced driver scans invitations of the other ceremony at ``--rate``/s (``redeemCheckin``).

Printed per backend: the import's seconds in all (upload to done) and rows/s, the job's own timings
(check, insert), the invitation issue's seconds, the check-ins' median / p99 / max and errors during
the import, every worker's peak RSS (VmHWM), and whether any worker crashed (a "Fatal Python error"
in gunicorn's log: faulthandler is on, see wsgi.py) or was replaced. Targets: import ≤ 120 s,
check-in p99 ≤ 50 ms.
"""
from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import free_port, own_postgres, percentiles, record  # noqa: E402
from bench.national_lists import GIVEN, MIDDLES, SURNAMES  # noqa: E402

SECRET = "bench-national-import-secret"
TITLES = ["Chủ tịch UBND xã", "Phó Chủ tịch UBND xã", "Bí thư Đảng ủy", "Công chức Văn phòng - Thống kê",
          "Trưởng Công an xã", "Chủ tịch Ủy ban MTTQ", "Bí thư Đoàn Thanh niên", "Công chức Tư pháp - Hộ tịch"]
GATE_DELEGATES = 3000


def seed(url: str) -> dict:
    """Schema, the national network on ceremony A, 3,000 invited delegates on ceremony B, two users."""
    import sqlalchemy as sa

    from ceremony import create_app
    from ceremony.ceremonies.operations import create_ceremony
    from ceremony.delegates.models import Delegate, Person
    from ceremony.delegates.sorting import search_key, sort_key
    from ceremony.extensions import db
    from ceremony.invitations.operations import issue_invitations_in_batches
    from ceremony.invitations.models import Invitation
    from ceremony.sites.models import Site, Tier
    from ceremony.sites.operations import copy_network, import_national_network
    from ceremony.users.operations import create_api_token, create_user

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    with app.app_context():
        db.create_all()
        t0 = time.perf_counter()
        start = datetime.now(timezone.utc) + timedelta(days=1)
        national = create_ceremony(slug="quoc-gia", title="Lễ khai trương toàn quốc", kind="app_launch",
                                   starts_at=start, ends_at=start + timedelta(hours=2), venue="Hội trường Bộ",
                                   host_unit="Bộ Thông tin và Truyền thông")
        network = import_national_network("2023")
        db.session.flush()
        copy_network(national, network, provincial_venue="Hội trường Bộ")
        communes = list(db.session.execute(sa.select(Site.code, Site.name).where(
            Site.ceremony_id == national.id, Site.tier == Tier.commune).order_by(Site.code)))
        points = db.session.scalar(sa.select(sa.func.count()).select_from(Site).where(Site.ceremony_id == national.id))
        gates = create_ceremony(slug="tinh", title="Lễ khai trương của tỉnh", kind="app_launch", starts_at=start,
                                ends_at=start + timedelta(hours=2), venue="Trung tâm IOC", host_unit="UBND tỉnh")
        venue = Site(ceremony_id=gates.id, tier=Tier.province, code="51", name="Điểm cầu tỉnh", venue="IOC", position=0)
        db.session.add(venue)
        db.session.flush()
        for i in range(GATE_DELEGATES):
            person = Person(full_name=f"{SURNAMES[i % 16]} {MIDDLES[i % 12]} {GIVEN[i % 26]} {i}", title="Khách mời",
                            phone=f"08{i:08d}")
            db.session.add(person)
            db.session.flush()
            db.session.add(Delegate(ceremony_id=gates.id, site_id=venue.id, person_id=person.id,
                                    sort_key=sort_key(person.full_name), search_key=search_key(person.full_name)))
        db.session.commit()
        issue_invitations_in_batches(gates.id)
        tokens = list(db.session.scalars(sa.select(Invitation.token).where(Invitation.ceremony_id == gates.id)))
        organizer = create_user("organizer@bench.local", role="organizer", password="bench-password-123")
        checker = create_user("gate@bench.local", role="checker", password="bench-password-123")
        result = {"national": national.id, "gates": gates.id, "points": points, "communes": communes,
                  "organizer": create_api_token(organizer), "checker": create_api_token(checker), "tokens": tokens}
        db.session.commit()
        if url.startswith("postgresql"):
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        result["seed_s"] = time.perf_counter() - t0
        db.session.remove()
        db.engine.dispose()
    return result


def make_csv(rows: int, communes: list, path: Path) -> int:
    """A list of ``rows`` delegates, one unit per commune, no two alike (name+unit, phone, e-mail)."""
    combos = [f"{s} {m} {g}" for s in SURNAMES for m in MIDDLES for g in GIVEN]  # 4,992 names, coprime with 7,919
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Mã điểm cầu", "Số điện thoại", "Email"])
        count = len(communes)
        for i in range(rows):
            code, name = communes[i % count]
            name = f"{name} ({code})"  # communes of the same name are other units
            within = i // count
            writer.writerow([i + 1, combos[(within * 7919 + i % count) % len(combos)], TITLES[i % len(TITLES)],
                             f"UBND {name}", code, f"09{i:08d}", f"db{i}@xa.gov.vn" if i % 3 == 0 else ""])
    return path.stat().st_size


def children(pid: int) -> list[int]:
    """Children of every thread of ``pid`` (a worker's thread starts the job process)."""
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(p) for p in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def peak_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def request(port: int, method: str, path: str, headers: dict, body: bytes | None = None, timeout: float = 600):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def multipart(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"danh-sach.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Gates:
    """Check-ins at ``rate``/s on the other ceremony until stopped; latencies kept with their send time."""

    def __init__(self, port: int, ceremony_id: int, token: str, invitations: list[str], rate: float):
        self.port, self.path, self.rate = port, f"/api/v1/ceremonies/{ceremony_id}/checkins", rate
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.invitations = invitations
        self.samples: list[tuple[float, float, int]] = []  # (sent at, seconds, status)
        self.stop = threading.Event()
        self.local = threading.local()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _send(self, n: int) -> None:
        body = json.dumps({"token": self.invitations[n % len(self.invitations)], "gate": f"Cổng {n % 4}",
                           "device": f"bench-{n % 4}", "nonce": f"n{n}"})
        started = time.perf_counter()
        status = 0
        for _attempt in (1, 2):  # once more on a fresh connection: the server closed a kept-alive one
            try:
                if not hasattr(self.local, "conn"):
                    self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.local.conn.request("POST", self.path, body=body, headers=self.headers)
                response = self.local.conn.getresponse()
                response.read()
                status = response.status
                break
            except (OSError, http.client.HTTPException):
                self.local.__dict__.pop("conn", None)
        with self.lock:
            self.samples.append((started, time.perf_counter() - started, status))

    def _run(self) -> None:
        with ThreadPoolExecutor(max_workers=16) as pool:
            t0, n = time.perf_counter(), 0
            while not self.stop.is_set():
                pause = t0 + n / self.rate - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                pool.submit(self._send, n)
                n += 1

    def slowest(self, start: float, end: float, count: int = 12) -> list[tuple[float, float]]:
        """The slowest check-ins of a window: (seconds after ``start`` it was sent, ms it took)."""
        with self.lock:
            chosen = sorted(((s, at) for at, s, _st in self.samples if start <= at <= end), reverse=True)[:count]
        return [(round(at - start, 2), round(s * 1000)) for s, at in chosen]

    def between(self, start: float, end: float) -> dict:
        with self.lock:
            chosen = [(s, st) for at, s, st in self.samples if start <= at <= end]
        errors = [st for _s, st in chosen if st != 200]
        return {"sent": len(chosen), "errors": len(errors), "error_statuses": sorted(set(errors)),
                **percentiles([s for s, _st in chosen])}


JOB_PEAK: dict[str, float] = {}
PHASES: dict[str, float] = {}  # when the job was first seen in each status


def watch_jobs(master: int, label: str) -> None:
    """The peak RSS of the job processes (children of the workers) seen so far."""
    for worker in children(master):
        for job in children(worker):
            JOB_PEAK[label] = max(JOB_PEAK.get(label, 0.0), peak_rss_mib(job))


def follow(port: int, url: str, headers: dict, started: float, label: str, master: int = 0) -> dict:
    """Poll a job to its end, printing its progress every few seconds."""
    last_print = 0.0
    while True:
        if master:
            watch_jobs(master, label)
        status, data = request(port, "GET", url + "?errors_limit=5", headers)
        if status != 200:
            raise SystemExit(f"bench: {url} answered {status}: {data[:300]!r}")
        job = json.loads(data)
        PHASES.setdefault(f"{label}:{job['status']}", time.perf_counter())
        if job["status"] in ("done", "refused", "failed", "checked"):
            return job
        if time.perf_counter() - last_print > 5:
            last_print = time.perf_counter()
            print(f"  {label}: {time.perf_counter() - started:6.1f} s  {job['status']:<9} "
                  f"{job['rows_done']:>7,} / {job['rows_total']:,}", flush=True)
        time.sleep(0.5)


def run(backend: str, url: str, args, folder: Path) -> dict:
    print(f"\n== {backend}: seeding (national network, {GATE_DELEGATES} invited delegates for the gates)", flush=True)
    seeded = seed(url)
    print(f"  seeded in {seeded['seed_s']:.1f} s: {seeded['points']:,} points, {len(seeded['communes']):,} communes")
    path = folder / f"{backend}.csv"
    size = make_csv(args.rows, seeded["communes"], path)
    print(f"  list: {args.rows:,} rows, {size / 1e6:.1f} MB")
    port = free_port()
    instance = folder / f"instance-{backend}"
    instance.mkdir()
    log_path = folder / f"gunicorn-{backend}.log"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "CEREMONY_INSTANCE": str(instance),
           "CEREMONY_ENV": "development", "REDIS_URL": "", "CEREMONY_SCHEDULER": ""}
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(args.workers), "--worker-class", "gthread",
             "--threads", str(args.threads), "--bind", f"127.0.0.1:{port}", "--timeout", "120",
             "--graceful-timeout", "5", "--log-level", "info", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    figures: dict = {"backend": backend, "rows": args.rows}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", "/healthz", {}, timeout=2)[0] in (200, 404):
                    break
            except OSError:
                time.sleep(0.2)
        workers = children(server.pid)
        organizer = {"Authorization": f"Bearer {seeded['organizer']}"}
        gates = Gates(port, seeded["gates"], seeded["checker"], seeded["tokens"], args.rate)
        gates.thread.start()
        time.sleep(2)  # the gates' pace settles
        baseline_from = time.perf_counter()
        time.sleep(15)  # check-ins alone: the baseline of this machine at this moment
        figures["checkins_baseline"] = gates.between(baseline_from, time.perf_counter())
        body, content_type = multipart(path)
        started = time.perf_counter()
        status, data = request(port, "POST", f"/api/v1/ceremonies/{seeded['national']}/delegates/import",
                               {**organizer, "Content-Type": content_type}, body)
        accepted = time.perf_counter() - started
        if status != 202:
            raise SystemExit(f"bench: importDelegates answered {status}: {data[:500]!r}")
        job = follow(port, json.loads(data)["url"], organizer, started, "import", server.pid)
        ended = time.perf_counter()
        figures.update(import_s=ended - started, accepted_s=accepted, status=job["status"], created=job["created"],
                       timings=job["timings"], message=job["message"], bad_rows=job["bad_rows"],
                       first_errors=job["errors"][:3])
        figures["checkins_import"] = gates.between(started, ended)
        figures["slowest_import"] = gates.slowest(started, ended)
        figures["phase_times"] = {k: round(v - started, 2) for k, v in PHASES.items() if k.startswith("import")}
        writing = PHASES.get("import:importing", ended)
        figures["checkins_checking"] = gates.between(started, writing)
        figures["checkins_writing"] = gates.between(writing, ended)
        started = time.perf_counter()
        status, data = request(port, "POST", f"/api/v1/ceremonies/{seeded['national']}/invitations",
                               {**organizer, "Content-Type": "application/json"}, json.dumps({"background": True}).encode())
        if status != 202:
            raise SystemExit(f"bench: issueInvitations answered {status}: {data[:500]!r}")
        job = follow(port, json.loads(data)["url"], organizer, started, "invitations", server.pid)
        ended = time.perf_counter()
        figures.update(issue_s=ended - started, issued=job["created"], issue_status=job["status"])
        figures["checkins_issue"] = gates.between(started, ended)
        gates.stop.set()
        gates.thread.join(30)
        figures["worker_peak_rss_mib"] = max((peak_rss_mib(pid) for pid in children(server.pid)), default=0.0)
        figures["workers_replaced"] = len(set(children(server.pid)) - set(workers))
        figures["job_peak_rss_mib"] = dict(JOB_PEAK)
        JOB_PEAK.clear()
        PHASES.clear()
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait(timeout=5)
    log_text = log_path.read_text(errors="replace")
    figures["crashes"] = log_text.count("Fatal Python error")
    figures["worker_signals"] = log_text.count("was sent") + log_text.count("Worker exited")
    if figures["crashes"]:
        print(log_text[log_text.index("Fatal Python error"):][:3000])
    return figures


def report(f: dict) -> None:
    ci, cs, cb = f["checkins_import"], f["checkins_issue"], f["checkins_baseline"]
    print(f"-- {f['backend']}: {f['rows']:,} rows")
    print(f"  import: {f['status']} in {f['import_s']:.1f} s ({f['rows'] / f['import_s']:,.0f} rows/s; upload "
          f"answered 202 after {f['accepted_s']:.2f} s; job: {json.dumps(f['timings'])})"
          + (f" {f['message']} {f['first_errors']}" if f["status"] != "done" else ""))
    print(f"  invitations: {f['issue_status']}, {f['issued']:,} in {f['issue_s']:.1f} s")
    print(f"  check-ins at 50/s before (no import, 15 s): {cb['sent']} sent, {cb['errors']} errors, median "
          f"{cb['median_ms']:.1f} ms, p99 {cb['p99_ms']:.1f} ms, max {cb['max_ms']:.1f} ms")
    print(f"  check-ins at 50/s during the import: {ci['sent']} sent, {ci['errors']} errors {ci['error_statuses']}, median "
          f"{ci['median_ms']:.1f} ms, p99 {ci['p99_ms']:.1f} ms, max {ci['max_ms']:.1f} ms")
    for phase in ("checking", "writing"):
        c = f[f"checkins_{phase}"]
        print(f"    while {phase}: {c['sent']} sent, {c['errors']} errors, median {c['median_ms']:.1f} ms, "
              f"p99 {c['p99_ms']:.1f} ms")
    print(f"    slowest (s after the upload began, ms): {f['slowest_import']}; statuses first seen at {f['phase_times']}")
    print(f"  check-ins during the invitation issue: {cs['sent']} sent, {cs['errors']} errors, median "
          f"{cs['median_ms']:.1f} ms, p99 {cs['p99_ms']:.1f} ms")
    print(f"  worker peak RSS {f['worker_peak_rss_mib']:.0f} MiB; workers replaced {f['workers_replaced']}; "
          f"fatal errors (faulthandler) {f['crashes']}; job process peak RSS "
          + ", ".join(f"{k} {v:.0f} MiB" for k, v in f["job_peak_rss_mib"].items()))
    name = f"national_import_{f['backend']}"
    record(name, "import_s", round(f["import_s"], 1), "s", target="≤ 120", ok=f["import_s"] <= 120)
    record(name, "checkin_p99_ms", round(ci["p99_ms"], 1), "ms", target="≤ 50", ok=ci["p99_ms"] <= 50)
    record(name, "worker_peak_rss_mib", round(f["worker_peak_rss_mib"]), "MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    results = []
    try:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                results.append(run("sqlite", f"sqlite:///{folder / 'bench.sqlite3'}", args, folder))
            else:
                with own_postgres("import", template="template0") as url:
                    if url is not None:
                        results.append(run("postgresql", url, args, folder))
    finally:
        if os.environ.get("BENCH_KEEP"):
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\nnational import ({os.cpu_count()} cores, gunicorn {args.workers} workers × {args.threads} threads)")
    for figures in results:
        report(figures)


if __name__ == "__main__":
    random.seed(13)
    main()
