"""Run every benchmark and print ONE summary table at the end: figure, target, result, pass/fail.

Each benchmark prints its own detail as it goes and appends its key figures as JSON lines to the file
named by ``BENCH_RESULTS`` (``bench._harness.record``); a benchmark that exits non-zero is a failed
row of its own. ``QUICK=1`` runs every benchmark shorter (about 3–4 minutes in all on 2 idle
cores); ``--peer pretix`` (``make bench PEER=pretix``) adds the side-by-side run against pretix.

    .venv/bin/python bench/run_all.py                 # make bench
    QUICK=1 .venv/bin/python bench/run_all.py         # make bench QUICK=1
    .venv/bin/python bench/run_all.py --only badges,checkin_server
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import quick  # noqa: E402

# (script, arguments, arguments when QUICK=1): the ones that gather the targets first.
BENCHES = [
    ("checkin_server", [], []),
    ("badges", [], []),
    ("checkin_cpu", [], ["--scans", "300"]),
    ("short_codes", [], ["2000", "150"]),
    ("delegates", [], ["2000"]),
    ("campaign", [], ["2000"]),
    ("board_latency", [], ["--clients", "60"]),
    ("launch_spread", [], ["--clients", "60"]),
    ("selftest_peer", [], ["--clients", "10", "--seconds", "4"]),
    ("security", [], []),
    ("redis_outage", [], ["--outage", "6", "--freeze", "4"]),
]
TIMEOUT = 600


def table(rows: list[dict]) -> str:
    def cell(row):
        value = row["result"]
        shown = "—" if value is None else f"{value:,}" if isinstance(value, (int, float)) else str(value)
        return f"{shown} {row['unit']}".strip()

    verdict = {True: "pass", False: "FAIL", None: ""}
    header = ("figure", "target", "result", "")
    lines = [(r["figure"], f"{r['target']} {r['unit']}".strip() if r["target"] else "", cell(r),
              verdict[r["ok"]] + (f"  ({r['note']})" if r.get("note") else "")) for r in rows]
    widths = [max(len(x[i]) for x in [header, *lines]) for i in range(3)]
    out = [f"{header[0]:<{widths[0]}}  {header[1]:<{widths[1]}}  {header[2]:>{widths[2]}}  pass/fail",
           "-" * (sum(widths) + 16)]
    out += [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:>{widths[2]}}  {d}" for a, b, c, d in lines]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--peer", default=os.environ.get("PEER", ""), help="pretix: add bench/peer_pretix.py --peer pretix")
    args = parser.parse_args()
    chosen = [b for b in BENCHES if not args.only or b[0] in args.only.split(",")]
    if args.peer:
        chosen.append(("peer_pretix", ["--peer", args.peer], ["--peer", args.peer]))
    started = time.perf_counter()
    load = os.getloadavg()
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", prefix="bench-results-") as results:
        env = {**os.environ, "BENCH_RESULTS": results.name}
        status = []
        for name, normal, short in chosen:
            print(f"== bench/{name}.py {' '.join(short if quick() else normal)}", flush=True)
            began = time.perf_counter()
            try:
                code = subprocess.run([sys.executable, str(ROOT / "bench" / f"{name}.py"), *(short if quick() else normal)],
                                      cwd=ROOT, env=env, timeout=TIMEOUT).returncode
            except subprocess.TimeoutExpired:
                code = "timeout"
            status.append({"bench": name, "figure": f"bench/{name}.py ran", "result": round(time.perf_counter() - began),
                           "unit": "s", "target": "", "ok": code == 0, "note": "" if code == 0 else f"exit {code}"})
        rows = [json.loads(line) for line in results.read().splitlines() if line.strip()]
    print()
    print(f"Summary ({'QUICK=1, ' if quick() else ''}{os.cpu_count()} CPUs, load average at the start "
          f"{load[0]:.1f}, at the end {os.getloadavg()[0]:.1f}; {time.perf_counter() - started:.0f} s in all)")
    print(table(rows + status))
    failed = [r for r in rows + status if r["ok"] is False]
    sys.exit(1 if any(r in status for r in failed) else 0)


if __name__ == "__main__":
    main()
