"""Bridge-point readiness: checklists, check-in windows, heartbeats, escalation and the live board."""
