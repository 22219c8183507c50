"""Badges per second and peak memory, for 1,000 and 10,000 delegates (each run in its own process).

Run: .venv/bin/python bench/badges.py [sizes...] [--format sheet|single]

Each run renders the badges of N made-up delegates with long Vietnamese names, every one with its own
QR code, streamed to a file as the page view streams it (ceremony.core.pdfstream), and prints the
rate, the file size and the process's peak RSS (getrusage maxrss; "RSS grew" is the peak minus the RSS
once fonts and the badge list are loaded). For comparison it also builds the same badges as one
reportlab document held in memory (the non-streamed way; at 1,000 only unless ``--all-in-memory``).
"cpu s" is the process's CPU time for the run (what a busy machine does not inflate as much as the
wall clock). ``--tracemalloc`` adds the peak of Python allocations (about 2-3 times slower).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._harness import record  # noqa: E402

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Tôn Nữ", "Công Tằng Tôn Nữ"]
MIDDLES = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thị Hoàng Ngọc", "Quốc", "Thanh"]
GIVEN = ["An", "Ánh", "Bình", "Châu", "Dũng", "Đạt", "Giang", "Quỳnh Nhưỡng", "Hải", "Khánh", "Phương Thảo", "Yến"]


def make_badges(n: int):
    from ceremony.badges.pdf import Badge

    return [Badge(delegate_id=i, full_name=f"{SURNAMES[i % 12]} {MIDDLES[(i // 12) % 8]} {GIVEN[(i // 96) % 12]}",
                  title="Phó Chủ tịch Ủy ban nhân dân", unit=f"Ủy ban nhân dân xã số {i % 180}, huyện Bình Sơn",
                  point=f"Xã số {i % 180}", zone="ABC"[i % 3], seat=str(i % 400), category="Lãnh đạo UBND cấp xã",
                  colour="#2a9d8f", url=f"https://ceremony.example.vn/i/c2.{i:022d}.{i:010d}")
            for i in range(n)]


def run_one(n: int, layout: str, mode: str, trace: bool = False) -> dict:
    from ceremony.badges.pdf import LAYOUTS, _document, stream_badges
    from ceremony.core.pdf import register_fonts

    register_fonts()
    badges = make_badges(n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as out:
        if mode == "streamed":
            for piece in stream_badges(badges, LAYOUTS[layout]):
                out.write(piece)
        else:
            out.write(_document(badges, LAYOUTS[layout]))
        out.flush()
        size = os.path.getsize(out.name)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"n": n, "layout": layout, "mode": mode, "seconds": elapsed, "cpu": cpu, "rate": n / elapsed, "bytes": size,
            "peak_mib": peak / 2**20, "maxrss_mib": maxrss, "grew_mib": maxrss - base}


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        print(json.dumps(run_one(int(args[1]), args[2], args[3], args[4] == "1")))
        return
    trace = "--tracemalloc" in args
    args = [a for a in args if a != "--tracemalloc"]
    layout = "sheet"
    if "--format" in args:
        layout = args[args.index("--format") + 1]
        args = [a for a in args if a not in ("--format", layout)]
    every = "--all-in-memory" in args
    args = [a for a in args if a != "--all-in-memory"]
    sizes = [int(a) for a in args] or [1000, 10000]
    print(f"badges ({layout}): streamed to a file vs one in-memory document; each run in a fresh process")
    print(f"{'delegates':>9} {'mode':>9} {'seconds':>8} {'cpu s':>6} {'badges/s':>9} {'MiB out':>8} {'peak RSS MiB':>12} "
          f"{'RSS grew MiB':>12}" + (f" {'tracemalloc MiB':>15}" if trace else ""), flush=True)
    results = {}
    for n in sizes:
        for mode in ("streamed", "in-memory") if n <= 1000 or every else ("streamed",):
            out = subprocess.run([sys.executable, __file__, "--child", str(n), layout, mode, str(int(trace))], check=True,
                                 capture_output=True, text=True, cwd=ROOT).stdout
            r = json.loads(out)
            results[(n, mode)] = r
            print(f"{n:>9} {mode:>9} {r['seconds']:>8.2f} {r['cpu']:>6.2f} {r['rate']:>9.0f} {r['bytes'] / 2**20:>8.1f} "
                  f"{r['maxrss_mib']:>12.1f} {r['grew_mib']:>12.1f}" + (f" {r['peak_mib']:>15.1f}" if trace else ""),
                  flush=True)
    for n in sizes:
        s = results[(n, "streamed")]
        record("badges", f"{n:,} badges, streamed ({layout})", round(s["seconds"], 2), "s",
               target="≤ 1" if n == 1000 else "≤ 10" if n == 10000 else "",
               ok=s["seconds"] <= n / 1000 if n in (1000, 10000) else None, note=f"CPU {s['cpu']:.2f} s")
        if n >= 10000:
            record("badges", f"peak RSS at {n:,} badges", round(s["maxrss_mib"]), "MiB", target="≤ 150",
                   ok=s["maxrss_mib"] <= 150)
        if (n, "in-memory") not in results:
            continue
        m = results[(n, "in-memory")]
        record("badges", f"streamed / in-memory rate at {n:,}", round(s["rate"] / m["rate"], 2), "×", target="≥ 1",
               ok=s["rate"] >= m["rate"])
        print(f"{n} delegates: streamed RSS growth {s['grew_mib']:.1f} MiB vs in-memory {m['grew_mib']:.1f} MiB "
              f"({s['grew_mib'] / max(m['grew_mib'], 0.1):.2f}×); rate streamed/in-memory {s['rate'] / m['rate']:.2f}×")


if __name__ == "__main__":
    main()
