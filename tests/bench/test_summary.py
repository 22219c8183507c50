"""The bench summary: figures recorded by each benchmark come back as one table with pass/fail."""
import json
import os

from bench._harness import process_tree_cpu, record
from bench.run_all import table


def test_record_appends_json_lines_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.delenv("BENCH_RESULTS", raising=False)
    record("badges", "1,000 badges", 0.8, "s", target="≤ 1", ok=True)  # by hand: nothing written anywhere
    results = tmp_path / "results.jsonl"
    monkeypatch.setenv("BENCH_RESULTS", str(results))
    record("badges", "1,000 badges", 0.8, "s", target="≤ 1", ok=True)
    record("checkin_server", "check-in saturation (sqlite)", 380, "/s", target="≥ 400", ok=False, note="0 errors")
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert [r["figure"] for r in rows] == ["1,000 badges", "check-in saturation (sqlite)"]
    assert rows[1] == {"bench": "checkin_server", "figure": "check-in saturation (sqlite)", "result": 380, "unit": "/s",
                       "target": "≥ 400", "ok": False, "note": "0 errors"}


def test_table_has_one_line_per_figure_with_target_result_and_verdict():
    text = table([
        {"figure": "1,000 badges", "result": 0.8, "unit": "s", "target": "≤ 1", "ok": True, "note": ""},
        {"figure": "check-in saturation (sqlite)", "result": 380, "unit": "/s", "target": "≥ 400", "ok": False,
         "note": "0 errors"},
        {"figure": "bench/security.py ran", "result": 12, "unit": "s", "target": "", "ok": None, "note": ""},
    ])
    lines = text.splitlines()
    assert lines[0].split() == ["figure", "target", "result", "pass/fail"]
    assert len(lines) == 5
    assert "≤ 1 s" in lines[2] and "0.8 s" in lines[2] and lines[2].rstrip().endswith("pass")
    assert "≥ 400 /s" in lines[3] and "380 /s" in lines[3] and "FAIL  (0 errors)" in lines[3]
    assert not lines[4].rstrip().endswith(("pass", "FAIL"))


def test_process_tree_cpu_counts_this_process():
    before = process_tree_cpu(os.getpid())
    sum(i * i for i in range(300_000))
    assert process_tree_cpu(os.getpid()) >= before > 0
