"""Side by side with a peer: our check-in and badges against pretix's, one load driver for both.

    .venv/bin/python bench/peer_pretix.py                 # our figures only
    .venv/bin/python bench/peer_pretix.py --peer pretix   # + pretix, and the ratios

With ``--peer pretix`` it installs pretix from PyPI into its own venv (``bench/.peer/pretix-venv``,
git-ignored; the first time takes several minutes, and so does migrating its database once, kept as
a template in ``bench/.peer/pretix-data``), seeds an event with N paid orders and a check-in list,
serves it with gunicorn (same workers and threads as ours) and drives its check-in API
(``POST /api/v1/organizers/<org>/checkinrpc/redeem/``) exactly as ours (``bench/checkin_server.py``):
paced at 10/s and 50/s (p99), then saturated (scans per second, server CPU per scan). Both on SQLite.
Badges: 1,000 with a QR each, one per page: ours streamed, pretix's badge exporter (``render_pdf``).
It prints our figure, pretix's, and the ratio. When pretix cannot be installed or run here it says so
and why, and still prints ours.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import (Driver, default_workers, free_port, process_tree_cpu, quick, record,  # noqa: E402
                            stop_gunicorn)
from bench.checkin_server import run_backend  # noqa: E402

PEER = ROOT / "bench" / ".peer"
VENV = PEER / "pretix-venv"
DATA = PEER / "pretix-data"
TEMPLATE = DATA / "db.sqlite3"  # migrated once, copied for each run
PRETIX = "pretix==2026.8.0"  # the release the issue measured; gunicorn as ours
GUNICORN = "gunicorn==27.0.1"
SIDE = ROOT / "bench" / "peer" / "pretix_side.py"


class PeerUnavailable(Exception):
    pass


def config(db: Path, port: int) -> Path:
    path = DATA / f"pretix-{db.stem}.cfg"
    path.write_text(f"""[pretix]
instance_name=bench
url=http://127.0.0.1:{port}
currency=EUR
datadir={DATA}

[database]
backend=sqlite3
name={db}

[mail]
from=bench@localhost
host=127.0.0.1
port=1

[django]
debug=off
""")
    return path


def ensure_pretix() -> None:
    """The venv with pretix and gunicorn, and the migrated template database (both made once)."""
    DATA.mkdir(parents=True, exist_ok=True)
    python = VENV / "bin" / "python"
    if not (VENV / "bin" / "gunicorn").exists() or subprocess.run([python, "-c", "import pretix"],
                                                                    capture_output=True).returncode:
        print("pretix: installing from PyPI into bench/.peer/pretix-venv (several minutes the first time) …", flush=True)
        steps = [[shutil.which("python3") or "python3", "-m", "venv", str(VENV)],
                 [str(VENV / "bin" / "pip"), "install", "-q", "--upgrade", "pip", "wheel"],
                 [str(VENV / "bin" / "pip"), "install", "-q", PRETIX, GUNICORN]]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode:
                raise PeerUnavailable(f"`{' '.join(step)}` failed: {done.stderr.strip()[-400:]}")
    if not (DATA / "migrated").exists():
        print("pretix: migrating its database once (several minutes on SQLite) …", flush=True)
        TEMPLATE.unlink(missing_ok=True)
        env = {**os.environ, "PRETIX_CONFIG_FILE": str(config(TEMPLATE, 0))}
        done = subprocess.run([str(python), "-m", "pretix", "migrate"], env=env, capture_output=True, text=True)
        if done.returncode:
            raise PeerUnavailable(f"pretix migrate failed: {done.stderr.strip()[-400:]}")
        (DATA / "migrated").write_text(time.strftime("%Y-%m-%d %H:%M:%S"))


def pretix_side(env: dict, *args: str) -> dict:
    done = subprocess.run([str(VENV / "bin" / "python"), str(SIDE), *args], env=env, capture_output=True, text=True,
                          cwd=DATA)
    if done.returncode:
        raise PeerUnavailable(f"pretix {args[0]} failed: {done.stderr.strip()[-600:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def classify_pretix(status: int, payload: bytes) -> str | None:
    if status in (200, 201, 400):
        answer = json.loads(payload)
        if answer.get("status") == "ok":
            return "welcome"
        if answer.get("reason") == "already_redeemed":
            return "already"
    return None


def run_pretix(args) -> dict:
    ensure_pretix()
    db = DATA / f"run-{os.getpid()}.sqlite3"
    shutil.copyfile(TEMPLATE, db)
    port = free_port()
    env = {**os.environ, "PRETIX_CONFIG_FILE": str(config(db, port)), "DJANGO_SETTINGS_MODULE": "pretix.settings"}
    server = None
    try:
        needed = int(60 * args.seconds + 1000 * args.seconds) + 200
        seeded = pretix_side(env, "seed", str(max(needed, 1000)))
        badges = pretix_side(env, "badges", str(args.badges))
        server = subprocess.Popen(
            [str(VENV / "bin" / "gunicorn"), "--workers", str(args.workers), "--worker-class", "gthread", "--threads",
             str(args.threads), "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning",
             "pretix.wsgi"], cwd=DATA, env=env, start_new_session=True)
        deadline = time.monotonic() + 60
        driver = Driver(port, f"/api/v1/organizers/{seeded['organizer']}/checkinrpc/redeem/",
                        {"Authorization": f"Token {seeded['token']}"}, classify_pretix)
        while True:
            try:
                driver.post({"secret": "warm-up", "lists": [seeded["list"]]})
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise PeerUnavailable("pretix's gunicorn did not answer within 60 s") from None
                time.sleep(0.5)
        bodies = [{"secret": s, "lists": [seeded["list"]]} for s in seeded["secrets"]]
        result = measure_pretix(driver, server.pid, bodies, args)
        result["badges"] = badges
        return result
    finally:
        if server is not None:
            stop_gunicorn(server)
        for path in DATA.glob(f"*run-{os.getpid()}*"):
            path.unlink(missing_ok=True)


def measure_pretix(driver: Driver, pid: int, bodies: list[dict], args) -> dict:
    n10, n50 = int(10 * args.seconds), int(50 * args.seconds)
    slow = driver.paced(bodies[:n10], rate=10, seconds=args.seconds)
    fast = driver.paced(bodies[n10:n10 + n50], rate=50, seconds=args.seconds)
    before = process_tree_cpu(pid)
    full = driver.saturate(bodies[n10 + n50:], clients=args.clients, seconds=args.seconds)
    full["cpu_ms"] = 1000 * (process_tree_cpu(pid) - before) / max(full["sent"], 1)
    return {"10/s": slow, "50/s": fast, "saturated": full}


def our_badges(n: int) -> dict:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "badges.py"), "--child", str(n), "single", "streamed", "0"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer", choices=["pretix"], help="also run pretix (installed on first use)")
    parser.add_argument("--seconds", type=float, default=4.0 if quick() else 10.0, help="length of each phase")
    parser.add_argument("--workers", type=int, default=default_workers(), help="gunicorn workers, both (default: cores)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--badges", type=int, default=1000)
    args = parser.parse_args()
    print(f"side by side: {args.seconds:g} s per phase, gunicorn {args.workers}x{args.threads}, {args.clients} clients "
          f"saturating, SQLite; load average %.1f %.1f %.1f (%d CPUs)" % (*os.getloadavg(), os.cpu_count()))
    ours = run_backend("sqlite", None, args, recording=False)
    ours["badges"] = our_badges(args.badges)
    theirs, why = None, ""
    if args.peer == "pretix":
        try:
            theirs = run_pretix(args)
        except PeerUnavailable as error:
            why = str(error)
            print(f"pretix: NOT measured: {why}")
    rows = [("check-in saturation", "/s", lambda r: r["saturated"]["rate"], True),
            ("check-in server CPU per scan", "ms", lambda r: r["saturated"]["cpu_ms"], False),
            ("check-in p99 at 10/s", "ms", lambda r: r["10/s"]["p99_ms"], False),
            ("check-in p99 at 50/s", "ms", lambda r: r["50/s"]["p99_ms"], False),
            (f"{args.badges:,} badges (one per page)", "s", lambda r: r["badges"]["seconds"], False),
            (f"{args.badges:,} badges peak RSS", "MiB", lambda r: r["badges"]["maxrss_mib"], False)]
    print(f"\n{'figure':34s} {'ours':>10s} {'pretix':>10s} {'ratio':>8s}")
    for label, unit, get, higher_better in rows:
        mine = get(ours)
        other = get(theirs) if theirs else None
        ratio = (mine / other if higher_better else other / mine) if other and mine else None
        print(f"{label:34s} {mine:>8.1f} {unit:<3s}" + (f"{other:>8.1f} {unit:<3s}{ratio:>6.1f}×" if other else
                                                        f"{'—':>8s}"))
        goal = {"check-in saturation": 10, f"{args.badges:,} badges (one per page)": 40}.get(label)
        if theirs:
            record("peer_pretix", f"{label}: ours / pretix", round(ratio, 1) if ratio else None, "×",
                   target=f"≥ {goal}" if goal else "", ok=(ratio >= goal) if goal and ratio else None,
                   note=f"ours {mine:.1f} {unit}, pretix {other:.1f} {unit}")
    if theirs:
        print(f"pretix errors: 10/s {theirs['10/s']['errors'] or 'none'}, 50/s {theirs['50/s']['errors'] or 'none'}, "
              f"saturated {theirs['saturated']['errors'] or 'none'}; answers {theirs['saturated']['answers']}")
    elif args.peer:
        record("peer_pretix", "pretix side by side", None, "", ok=False, note=f"not measured: {why[:120]}")


if __name__ == "__main__":
    main()
