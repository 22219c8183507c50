"""Choose, check and stream the badges of a selection of delegates (shared by the page and the API)."""
from __future__ import annotations

from collections.abc import Iterator

from ceremony.badges.pdf import LAYOUTS, glyph_problems, stream_badges
from ceremony.core.errors import InvalidInput
from ceremony.delegates.printing import badge_for, invited_selection
from ceremony.delegates.queries import DelegateFilter


def badge_stream(f: DelegateFilter, layout: str = "sheet") -> Iterator[bytes]:
    """The badges of ``f`` in point, then name order; refused (422, naming the delegate and the
    character) before anything is printed when the font lacks a character of any text."""
    badges = [badge_for(d, i) for d, i in invited_selection(f, order="site")]
    problems = glyph_problems(badges)
    if problems:
        first = problems[0]
        raise InvalidInput(f"the badge font cannot draw {first['characters'][0]!r} "
                           f"(U+{ord(first['characters'][0]):04X}) in the {first['field']} of "
                           f"{first['full_name']} (delegate {first['delegate_id']}): fix the name or the font "
                           f"before printing", field=first["field"], details=problems)
    return stream_badges(badges, LAYOUTS[layout])
