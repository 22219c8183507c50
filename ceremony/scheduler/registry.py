"""Where domains declare their jobs.

A domain's ``tasks.py`` decorates small functions::

    @periodic(seconds=15)
    def close_due_windows(): ...

A periodic job runs inside an app context, must be idempotent (two runs of the same tick do the
work once: guard it with a database constraint), and takes no arguments; it finds its own work.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable[[], object]
    seconds: int


PERIODIC: dict[str, PeriodicJob] = {}


def periodic(seconds: int, name: str | None = None):
    """Declare a job that runs every ``seconds`` seconds."""
    def decorator(func):
        job_name = name or f"{func.__module__}.{func.__qualname__}"
        PERIODIC[job_name] = PeriodicJob(job_name, func, seconds)
        return func
    return decorator
