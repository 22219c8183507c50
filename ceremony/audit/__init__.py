"""The audit trail: who changed what, when, from what to what (``tracking.py`` records it generically)."""
