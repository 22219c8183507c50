"""National scale next to provincial scale, on PostgreSQL: every figure of issue 13 in ONE table.

    .venv/bin/python bench/national.py                 # 2023 country (11,367 points), 300,000 delegates
    QUICK=1 .venv/bin/python bench/national.py         # 2025 country (3,356 points), 30,000 delegates

Environment: ``BENCH_PG_URL`` (the PostgreSQL server; a database ``bench_national_<pid>`` is created
from template0 on it and dropped at the end), ``BENCH_REDIS_URL`` (a Redis database of the bench's own,
flushed before and after; else a private redis-server is started), ``BENCH_PORTS`` ("5740-5759"),
``NATIONAL_DELEGATES``, ``NATIONAL_STRUCTURE`` (2023 | 2025), ``NATIONAL_STREAMS`` (open boards).

The database is built as an operator would: ``flask db upgrade``, ``flask demo load`` (the provincial
ceremony: Quảng Ngãi 2024, placed tomorrow) and ``flask demo national`` (the whole country with its
synthetic delegates and invitations, also tomorrow), then VACUUM ANALYZE (what autovacuum does after
a bulk load). Each ceremony gets its first readiness window open and a third of its points reported
(``national_board.report_readiness``). gunicorn serves it with 2 workers (gthread); a sampler reads the
workers' RSS every 0.2 s all along, and gunicorn's log is read at the end for worker deaths.

Then each section below runs on the provincial ceremony, then on the national one:
* board: ``getReadinessBoard`` and the board page (time, bytes, first paint in Chromium), a
  drill-down, and a readiness check-in reaching every open board stream (``national_board.measure``);
* lists: ``listDelegates`` first, middle and last page (offset), a middle page by cursor (``after``),
  searches with and without tones, and the delegates page (``national_lists.timed``: median of 5);
* gate: the name search (``searchCheckinCandidates``) and the venue's offline list (``getGateList``);
* check-in: ``redeemCheckin`` at 50 scans/s, open loop (``_harness.Driver.paced``).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import national_board, national_lists  # noqa: E402
from bench._harness import (Driver, free_port, login_cookie, own_postgres, own_redis, quick, record,  # noqa: E402
                            start_gunicorn, stop_gunicorn)

PASSWORD = "bench-national-password"
SECRET = "bench-national-secret"
PROVINCIAL_SLUG = "qn-2024-khai-truong-app"
NATIONAL_SLUG = "bench-national"


# -- building ----------------------------------------------------------------------------------
def flask(env: dict, *args: str) -> str:
    """Run ``flask <args>`` as an operator would; its output (the command fails the bench on error)."""
    done = subprocess.run([str(ROOT / ".venv/bin/flask"), *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"bench: flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def build(env: dict, args) -> dict:
    """The schema, both ceremonies, VACUUM ANALYZE; the national build's own time."""
    tomorrow = (time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400 + 7 * 3600))) + " 08:00"
    flask(env, "db", "upgrade")
    flask(env, "demo", "load", "--start", tomorrow)
    began = time.perf_counter()
    out = flask(env, "demo", "national", "--structure", args.structure, "--delegates", str(args.delegates),
                "--slug", NATIONAL_SLUG, "--start", tomorrow)
    seconds = time.perf_counter() - began
    print(out.strip().splitlines()[-1], flush=True)
    import sqlalchemy as sa

    engine = sa.create_engine(env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1),
                              isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    return {"build_s": seconds}


def prepare(env: dict) -> dict:
    """A bench account and API token, readiness reports, and what each ceremony is measured with."""
    app = national_board.bench_app(env)
    import sqlalchemy as sa

    from ceremony.ceremonies.queries import get_ceremony_by_slug
    from ceremony.delegates.models import Delegate
    from ceremony.extensions import db
    from ceremony.invitations.models import Invitation
    from ceremony.sites.models import Site

    rng = random.Random(13)
    out = {}
    with app.app_context():
        out["token"] = national_board.bench_account("bench@national.local", "organizer", PASSWORD)
        for label, slug in (("provincial", PROVINCIAL_SLUG), ("national", NATIONAL_SLUG)):
            ceremony = get_ceremony_by_slug(slug)
            setup = national_board.report_readiness(ceremony, rng)
            root = db.session.scalar(sa.select(Site.code).where(Site.ceremony_id == ceremony.id,
                                                                Site.parent_id.is_(None)))
            tokens = list(db.session.scalars(sa.select(Invitation.token).where(
                Invitation.ceremony_id == ceremony.id, Invitation.revoked_at.is_(None))
                .order_by(sa.func.random()).limit(4000)))
            delegates = db.session.scalar(sa.select(sa.func.count()).select_from(Delegate)
                                          .where(Delegate.ceremony_id == ceremony.id))
            setup.update(venue=root, invitation_tokens=tokens, delegates=delegates)
            out[label] = setup
        db.session.commit()
    return out


# -- watching the workers ----------------------------------------------------------------------
class RssSampler(threading.Thread):
    """The largest RSS of any gunicorn worker, every 0.2 s, kept per phase (``phase`` = label)."""

    def __init__(self, master: int):
        super().__init__(daemon=True)
        self.master, self.phase, self.peak, self.stopped = master, "start", {}, threading.Event()

    def run(self):
        while not self.stopped.wait(0.2):
            for pid in national_lists.children(self.master):
                try:
                    rss = national_lists.memory(pid).get("VmRSS", 0.0)
                except OSError:
                    continue
                self.peak[self.phase] = max(self.peak.get(self.phase, 0.0), rss)


WORKER_DEATH = re.compile(r"WORKER TIMEOUT|was sent SIG|terminated due to signal|exited with code|"
                          r"Segmentation fault|SIGSEGV|Worker failed to boot", re.IGNORECASE)


def worker_deaths(log: Path) -> list[str]:
    return [line for line in log.read_text(errors="replace").splitlines() if WORKER_DEATH.search(line)] \
        if log.exists() else []


# -- the sections: each returns figures for one ceremony -------------------------------------------
def board(ctx: dict, setup: dict) -> dict:
    """The readiness board (``national_board.measure``): API, page, first paint, drill-down, deltas."""
    args = argparse.Namespace(repeat=ctx["repeat"], streams=ctx["streams"], checkins=ctx["checkins"])
    return national_board.measure(ctx["port"], setup, ctx["token"], ctx["cookie"], args)


def lists(ctx: dict, setup: dict) -> dict:
    """``listDelegates`` at the start, middle and end of the list, by cursor, searched; the HTML page."""
    port, api = ctx["port"], {"Authorization": f"Bearer {ctx['token']}"}
    base = f"/api/v1/ceremonies/{setup['ceremony_id']}/delegates?per_page=100"
    last = max(1, (setup["delegates"] + 99) // 100)
    figures = {}
    for key, path in (("list_first_ms", f"{base}&page=1"), ("list_middle_ms", f"{base}&page={max(1, last // 2)}"),
                      ("list_last_ms", f"{base}&page={last}"), ("list_search_ms", f"{base}&q=tuyet&page=2"),
                      ("list_search_toned_ms", f"{base}&q=" + urllib.parse.quote("Tuyết"))):
        figures[key], body, _ = national_lists.timed(port, path, api)
        if key == "list_middle_ms":
            cursor = json.loads(body)["next"]
    figures["list_cursor_ms"], _body, _ = national_lists.timed(port, f"{base}&after={cursor}", api)
    figures["page_last_ms"], _body, _ = national_lists.timed(
        port, f"/ceremonies/{setup['ceremony_id']}/delegates?page={last}", {"Cookie": ctx["cookie"]})
    return figures


def gate(ctx: dict, setup: dict) -> dict:
    """The gate's name search and the venue's offline list (gzip, as a gate asks for it)."""
    port, api = ctx["port"], {"Authorization": f"Bearer {ctx['token']}"}
    cid = setup["ceremony_id"]
    figures = {}
    for key, q in (("search_surname_ms", "nguyen van"), ("search_given_ms", "tuyet"), ("search_nowhere_ms", "qqqq")):
        figures[key], _body, _ = national_lists.timed(
            port, f"/api/v1/ceremonies/{cid}/checkin-candidates?q=" + urllib.parse.quote(q), api)
    ms, body, _ = national_lists.timed(port, f"/api/v1/ceremonies/{cid}/gate-list?site={setup['venue']}",
                                       {**api, "Accept-Encoding": "gzip"})
    plain = gzip.decompress(body)
    figures.update(gate_list_ms=ms, gate_list_rows=len(json.loads(plain)["items"]), gate_list_kb=len(body) / 1024,
                   gate_list_plain_kb=len(plain) / 1024)
    return figures


def checkins(ctx: dict, setup: dict) -> dict:
    """``redeemCheckin`` at 50 scans/s (open loop) with the ceremony's own invitations."""
    driver = Driver(ctx["port"], f"/api/v1/ceremonies/{setup['ceremony_id']}/checkins",
                    {"Authorization": f"Bearer {ctx['token']}"},
                    lambda status, payload: json.loads(payload)["result"] if status == 200 else None)
    bodies = [{"text": f"https://ceremony.local/i/{token}", "gate": f"Cổng {n % 6 + 1}",
               "device": f"bench-gate-{n % 6 + 1}", "nonce": f"n{n}"} for n, token in
              enumerate(setup["invitation_tokens"])]
    driver.saturate(bodies[:20], clients=4, seconds=5)  # warm-up: both workers, their pools
    result = driver.paced(bodies[20:], rate=50, seconds=ctx["checkin_seconds"])
    return {"checkin_median_ms": result["median_ms"], "checkin_p99_ms": result["p99_ms"],
            "checkin_errors": sum(result["errors"].values()), "checkin_sent": result["sent"]}


# The streaming import of 300,000 delegates (issue 13, built apart) adds its section to this list:
# a function (ctx, setup) -> figures, and its rows to ROWS below.
SECTIONS = [board, lists, gate, checkins]

# (figure, key, format, target: (operator, value) on the national figure or None)
ROWS = [
    ("points", "points", "{:,.0f}", None),
    ("delegates", "delegates", "{:,.0f}", None),
    ("getReadinessBoard, first (snapshot built)", "api_first_ms", "{:.0f} ms", None),
    ("getReadinessBoard, median", "api_median_ms", "{:.1f} ms", ("<=", 300)),
    ("getReadinessBoard, p95", "api_p95_ms", "{:.1f} ms", ("<=", 300)),
    ("getReadinessBoard, size", "api_kb", "{:.1f} KB", None),
    ("board page, median", "page_median_ms", "{:.1f} ms", ("<=", 300)),
    ("board page, first paint", "first_paint_ms", "{:.0f} ms", ("<=", 300)),
    ("board page, size", "page_kb", "{:.1f} KB", ("<=", 300)),
    ("drill-down ?parent=<province>, median", "drill_median_ms", "{:.1f} ms", ("<=", 300)),
    ("readiness check-in -> open boards, median", "delta_median_ms", "{:.1f} ms", None),
    ("readiness check-in -> open boards, p95", "delta_p95_ms", "{:.1f} ms", ("<=", 250)),
    ("deltas received / expected", "deltas", "{}", None),
    ("listDelegates page 1", "list_first_ms", "{:.1f} ms", ("<=", 100)),
    ("listDelegates middle page (offset)", "list_middle_ms", "{:.1f} ms", ("<=", 100)),
    ("listDelegates last page (offset)", "list_last_ms", "{:.1f} ms", ("<=", 100)),
    ("listDelegates middle page (after=cursor)", "list_cursor_ms", "{:.1f} ms", ("<=", 100)),
    ("listDelegates q=tuyet, page 2", "list_search_ms", "{:.1f} ms", ("<=", 100)),
    ("listDelegates q=Tuyết (with tones)", "list_search_toned_ms", "{:.1f} ms", ("<=", 100)),
    ("delegates page (HTML), last", "page_last_ms", "{:.1f} ms", None),
    ("gate name search 'nguyen van'", "search_surname_ms", "{:.1f} ms", ("<=", 100)),
    ("gate name search 'tuyet'", "search_given_ms", "{:.1f} ms", ("<=", 100)),
    ("gate name search, no match", "search_nowhere_ms", "{:.1f} ms", ("<=", 100)),
    ("venue's offline gate list, time", "gate_list_ms", "{:.0f} ms", None),
    ("venue's offline gate list, rows", "gate_list_rows", "{:,.0f}", None),
    ("venue's offline gate list, gzip", "gate_list_kb", "{:,.1f} KB", ("<=", 2048)),
    ("venue's offline gate list, unpacked", "gate_list_plain_kb", "{:,.1f} KB", None),
    ("check-in at 50/s, median", "checkin_median_ms", "{:.1f} ms", None),
    ("check-in at 50/s, p99", "checkin_p99_ms", "{:.1f} ms", ("<=", 30)),
    ("check-in at 50/s, errors", "checkin_errors", "{:.0f}", ("<=", 0)),
    ("worker RSS, peak while measured", "rss_peak_mib", "{:.0f} MiB", ("<=", 300)),
]


def report(results: dict, extra: dict) -> bool:
    """Print the table; True when every national figure meets its target."""
    head = f"{'figure':44} {'provincial':>13} {'national':>13} {'ratio':>8}  {'target':>10}  "
    print("\n" + head + "\n" + "-" * (len(head) + 4))
    passed = True
    for label, key, fmt, target in ROWS:
        small, big = results["provincial"].get(key), results["national"].get(key)
        cells = [fmt.format(v) if v is not None else "-" for v in (small, big)]
        numeric = all(isinstance(v, (int, float)) for v in (small, big))
        ratio = f"{big / small:.1f}x" if numeric and small else ""
        verdict, shown = "", ""
        if target is not None:
            shown = f"{target[0]} {target[1]:g}"
            ok = isinstance(big, (int, float)) and big <= target[1]
            verdict, passed = ("pass" if ok else "FAIL"), passed and ok
            unit = fmt.split("}")[-1].strip()
            record("national", label, round(big, 1) if isinstance(big, float) else big, unit,
                   target=shown, ok=ok)
        print(f"{label:44} {cells[0]:>13} {cells[1]:>13} {ratio:>8}  {shown:>10}  {verdict}")
    for label, value, ok in extra["rows"]:
        print(f"{label:44} {'':>13} {value:>13} {'':>8}  {'':>10}  {'' if ok is None else 'pass' if ok else 'FAIL'}")
        passed = passed and ok is not False
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    short = quick()
    parser.add_argument("--delegates", type=int,
                        default=int(os.environ.get("NATIONAL_DELEGATES", 30_000 if short else 300_000)))
    parser.add_argument("--structure", choices=["2023", "2025"],
                        default=os.environ.get("NATIONAL_STRUCTURE", "2025" if short else "2023"))
    parser.add_argument("--streams", type=int, default=int(os.environ.get("NATIONAL_STREAMS", 50 if short else 200)))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with own_postgres("national", template="template0") as database, own_redis() as redis:
        if database is None:
            raise SystemExit("bench: needs PostgreSQL (BENCH_PG_URL)")
        work = Path(tempfile.mkdtemp(prefix="bench-national-"))
        env = {"CEREMONY_INSTANCE": str(work), "CEREMONY_ENV": "development", "REDIS_URL": redis,
               "DATABASE_URL": database, "SECRET_KEY": SECRET}
        print(f"building: {args.structure} country, {args.delegates:,} delegates; the provincial demo", flush=True)
        built = build(env, args)
        setup = prepare(env)
        port, log = free_port(), work / "gunicorn.log"
        server = start_gunicorn(ROOT, env, workers=args.workers, threads=args.streams + 16, port=port, log=log)
        sampler = RssSampler(server.pid)
        sampler.start()
        results = {}
        try:
            for attempt in range(6):  # a busy machine: the workers may still be warming up
                try:
                    cookie = login_cookie(port, "bench@national.local", PASSWORD)
                    break
                except (TimeoutError, OSError):
                    time.sleep(5)
            else:
                raise SystemExit("bench: the server never answered the login")
            ctx = {"port": port, "token": setup["token"], "cookie": cookie, "repeat": 5 if short else 15,
                   "streams": args.streams, "checkins": 10, "checkin_seconds": 10 if short else 30}
            for label in ("provincial", "national"):
                sampler.phase = label
                figures = {"points": setup[label]["points"], "delegates": setup[label]["delegates"]}
                for section in SECTIONS:
                    began = time.perf_counter()
                    figures.update(section(ctx, setup[label]))
                    print(f"{label}: {section.__name__} measured in {time.perf_counter() - began:.0f} s", flush=True)
                results[label] = figures
        finally:
            sampler.stopped.set()
            sampler.join()
            stop_gunicorn(server)
        for label in results:
            results[label]["rss_peak_mib"] = sampler.peak.get(label)
        deaths = worker_deaths(log)
        extra = {"rows": [("national demo built (flask demo national)", f"{built['build_s']:.0f} s", None),
                          ("worker deaths in gunicorn's log", str(len(deaths)), not deaths)]}
        passed = report(results, extra)
        for line in deaths:
            print("  " + line)
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times swing with it)")
        if not passed:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
