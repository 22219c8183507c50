"""What the gate reads after a scan: one sentence in the gate's language saying why a code was
refused and what to do next (the result itself stays one of welcome, already, not_invited, revoked,
unreadable).

Reasons: replaced, withdrawn (revoked); unknown, unknown_code, other_ceremony (not invited);
letter_number, mistyped, excluded_characters, length, not_a_code (unreadable).
"""
from __future__ import annotations

from flask_babel import gettext as _

from ceremony.attendance.models import ScanResult
from ceremony.invitations import codes

HOW_TO_TYPE = "ABCD-EFGH"


def message(outcome, text: str = "") -> str:
    """The gate's sentence for ``outcome`` ("" when the result says it all)."""
    result, reason, delegate = outcome.result, outcome.reason, outcome.delegate
    if result is ScanResult.revoked:
        if delegate is not None and delegate.substitute_name:
            return _("Refused: this code was revoked because %(name)s was replaced by a substitute, "
                     "%(substitute)s. Only the substitute's own invitation admits.",
                     name=delegate.name, substitute=delegate.substitute_name)
        return _("Refused: this invitation was revoked by the organizers. Ask the organizers' desk.")
    if result is ScanResult.not_invited:
        if reason == "unknown_code":
            return _("No invitation of this ceremony has the code %(code)s: check each character, or "
                     "search by name.", code=codes.grouped(codes.clean(text)))
        if reason == "other_ceremony":
            return _("This invitation is for another ceremony.")
        return _("This code is not on the list of this ceremony: search by name.")
    if result is ScanResult.unreadable:
        if reason == "letter_number":
            return _("This is the number of the letter (Số), which every letter shares, not an entry "
                     "code: type the 8-character code printed under the QR code (like %(example)s), or "
                     "search by name.", example=HOW_TO_TYPE)
        if reason == "mistyped":
            return _("The code %(code)s has a mistyped character: read the code under the QR code again.",
                     code=codes.grouped(codes.clean(text)))
        if reason == "excluded_characters":
            return _("Entry codes never use the letters O, I, L, U nor the digits 0 and 1: read the code "
                     "under the QR code again.")
        if reason == "length":
            return _("An entry code has exactly 8 characters (like %(example)s): read it again.",
                     example=HOW_TO_TYPE)
        return _("Unreadable: scan the QR code, type the 8-character code printed under it (like "
                 "%(example)s), or search by name.", example=HOW_TO_TYPE)
    return ""
