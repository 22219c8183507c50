"""Demo data of attendance: none on purpose.

The demo's invitations come from the delegates domain; check-ins are made live, at the gate
scanner (any gate name is accepted and remembered on the device) or on a point's roll call, so
the demo starts with an empty attendance board that the first scan visibly moves.
"""


def load(ceremony) -> None:
    """Idempotent by construction: nothing to add."""
    return None
