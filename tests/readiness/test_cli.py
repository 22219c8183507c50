"""flask readiness … and flask scheduler jobs."""
import pytest

from ceremony.readiness.demo import load
from ceremony.readiness.queries import checklist, phases


def test_demo_load_is_idempotent(db, make_ceremony):
    ceremony = make_ceremony()
    load(ceremony)
    load(ceremony)
    db.session.commit()
    assert [p.key for p in phases(ceremony.id)] == ["rehearsal", "t120", "t30", "live"]
    assert len(checklist(ceremony.id)) == 8
    live = phases(ceremony.id)[-1]
    assert (live.opens_at, live.closes_at) == (ceremony.starts_at, ceremony.ends_at)


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_links_and_close_commands(runner, clock, ready_ceremony, report):
    result = runner.invoke(args=["readiness", "links", ready_ceremony.slug, "--site", "21550"])
    assert result.exit_code == 0 and "https://ceremony.test/r/" in result.output
    report(ready_ceremony, "21550")
    result = runner.invoke(args=["readiness", "close", ready_ceremony.slug, "t30"])
    assert result.exit_code == 0 and "7 points flagged" in result.output
    result = runner.invoke(args=["readiness", "close", ready_ceremony.slug, "t30"])
    assert "0 points flagged" in result.output
    assert runner.invoke(args=["readiness", "links", "nope"]).exit_code != 0


@pytest.mark.sqlite_only  # backend-independent: page/CLI/format logic
def test_scheduler_lists_declared_jobs(runner):
    result = runner.invoke(args=["scheduler", "jobs"])
    assert result.exit_code == 0 and "readiness.tick" in result.output
