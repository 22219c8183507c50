"""Demo data of readiness: the default checklist and check-in windows (idempotent)."""
from ceremony.readiness.operations import ensure_defaults


def load(ceremony) -> None:
    ensure_defaults(ceremony)
