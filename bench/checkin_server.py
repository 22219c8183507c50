"""Check-in at the server: CPU per scan, saturation, and latency at 10 and 50 scans per second.

For each backend (SQLite file in WAL mode; PostgreSQL in a database of its own on BENCH_PG_URL's
server, dropped afterwards) it seeds a ceremony with invited delegates, starts gunicorn (gthread,
one worker per core unless --workers), and drives redeemCheckin with first scans of distinct badges:

1. paced at 10/s, then at 50/s (open loop: latency median / p99);
2. saturated: --clients threads send as fast as the answers come (closed loop): scans per second,
   and the server's CPU per scan (user + system time of the gunicorn master and workers from /proc,
   divided by the scans answered; the load driver's own CPU is not counted).

It checks exactly once: check-ins in the database == "welcome" answers. The load driver
(``bench._harness.Driver``) is the one ``bench/peer_pretix.py`` points at pretix.

    .venv/bin/python bench/checkin_server.py                       # 10 s per phase, both backends
    QUICK=1 .venv/bin/python bench/checkin_server.py --backends sqlite
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import (Driver, default_workers, free_port, own_postgres, process_tree_cpu, quick,  # noqa: E402
                            record, start_gunicorn, stop_gunicorn)
from bench.checkin_latency import SECRET, count_checkins, seed  # noqa: E402


def classify(status: int, payload: bytes) -> str | None:
    return json.loads(payload)["result"] if status == 200 else None


def scan_bodies(tokens: list[str], prefix: str) -> list[dict]:
    return [{"text": f"https://ceremony.local/i/{token}", "gate": f"Cổng {i % 6 + 1}",
             "device": f"bench-{prefix}-{i % 6 + 1}", "nonce": f"{prefix}{i}"} for i, token in enumerate(tokens)]


def measure(driver: Driver, server_pid: int, tokens: list[str], args) -> dict:
    """The three phases on a running server; each phase scans badges of its own."""
    driver.paced([{"text": "warm-up", "gate": "Cổng 1", "device": "bench-warm", "nonce": f"w{i}"}
                  for i in range(40)], rate=200, seconds=0.2)
    n10, n50 = int(10 * args.seconds), int(50 * args.seconds)
    slow = driver.paced(scan_bodies(tokens[:n10], "a"), rate=10, seconds=args.seconds)
    fast = driver.paced(scan_bodies(tokens[n10:n10 + n50], "b"), rate=50, seconds=args.seconds)
    before = process_tree_cpu(server_pid)
    full = driver.saturate(scan_bodies(tokens[n10 + n50:], "c"), clients=args.clients, seconds=args.seconds)
    cpu = process_tree_cpu(server_pid) - before
    full["cpu_ms"] = 1000 * cpu / max(full["sent"], 1)
    welcomes = sum(r["answers"].get("welcome", 0) for r in (slow, fast, full))
    errors = sum(sum(r["errors"].values()) for r in (slow, fast, full))
    return {"10/s": slow, "50/s": fast, "saturated": full, "welcomes": welcomes, "errors": errors}


def run_backend(name: str, url: str | None, args, recording: bool = True) -> dict | None:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-checkin-server-{name}-"))
    url = url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    server = None
    try:
        os.environ["CEREMONY_INSTANCE"] = str(workdir)
        needed = int(60 * args.seconds + 1000 * args.seconds) + 200  # 10/s + 50/s + up to 1,000/s
        ceremony_id, tokens, api_token = seed(url, needed, "wal" if name == "sqlite" else "")
        port = free_port()
        env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "CEREMONY_INSTANCE": str(workdir),
               "CEREMONY_ENV": "development", "REDIS_URL": ""}
        server = start_gunicorn(ROOT, env, workers=args.workers, threads=args.threads, port=port)
        driver = Driver(port, f"/api/v1/ceremonies/{ceremony_id}/checkins",
                        {"Authorization": f"Bearer {api_token}"}, classify)
        result = measure(driver, server.pid, tokens, args)
        checkins, _scans = count_checkins(url)
        result["exactly_once"] = checkins == result["welcomes"]
        report(name, result, recording)
        return result
    finally:
        if server is not None:
            stop_gunicorn(server)
        shutil.rmtree(workdir, ignore_errors=True)


def report(name: str, r: dict, recording: bool = True) -> None:
    s, a, b = r["saturated"], r["10/s"], r["50/s"]
    print(f"{name:10s} saturated {s['rate']:6.0f}/s ({s['sent']} scans, errors {s['errors'] or 'none'})   "
          f"server CPU {s['cpu_ms']:.2f} ms/scan   p99 saturated {s['p99_ms']:.1f} ms")
    print(f"{'':10s} at 10/s: median {a['median_ms']:.1f} ms, p99 {a['p99_ms']:.1f} ms   "
          f"at 50/s: median {b['median_ms']:.1f} ms, p99 {b['p99_ms']:.1f} ms (achieved {b['rate']:.1f}/s)   "
          f"exactly once: {'yes' if r['exactly_once'] else 'NO'}")
    if not recording:
        return
    bench = "checkin_server"
    record(bench, f"check-in server CPU per scan ({name})", round(s["cpu_ms"], 2), "ms", target="≤ 3",
           ok=s["cpu_ms"] <= 3)
    errors = sum(s["errors"].values())
    record(bench, f"check-in saturation ({name})", round(s["rate"]), "/s", target="≥ 400",
           ok=s["rate"] >= 400 and not errors and r["exactly_once"],
           note=f"{errors} errors, exactly once: {'yes' if r['exactly_once'] else 'NO'}")
    record(bench, f"check-in p99 at 50/s ({name})", round(b["p99_ms"], 1), "ms", target="≤ 15",
           ok=b["p99_ms"] <= 15 and not b["errors"])
    record(bench, f"check-in p99 at 10/s ({name})", round(a["p99_ms"], 1), "ms", ok=not a["errors"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0 if quick() else 10.0, help="length of each phase")
    parser.add_argument("--workers", type=int, default=default_workers(), help="gunicorn workers (default: cores)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients when saturating")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"check-in at the server: {args.seconds:g} s per phase, gunicorn {args.workers}x{args.threads} threads, "
          f"{args.clients} clients saturating; load average %.1f %.1f %.1f (%d CPUs)"
          % (*os.getloadavg(), os.cpu_count()))
    for name in args.backends.split(","):
        if name == "sqlite":
            run_backend(name, None, args)
        else:
            with own_postgres("checkin_server") as url:
                if url:
                    run_backend(name, url, args)
    print("load average after: %.1f %.1f %.1f" % os.getloadavg())


if __name__ == "__main__":
    main()
