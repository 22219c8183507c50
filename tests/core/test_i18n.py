"""Every text the UI shows has a Vietnamese translation (Vietnamese is the default language)."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("ceremony/**.py", "python"), ("templates/**.html", "jinja2")]


def _msgids() -> dict[str, str]:
    found = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords={"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                                      "ngettext": (1, 2)},
    ):
        if filename.startswith(("ceremony", "templates")):
            for msgid in (message if isinstance(message, tuple) else (message,)):
                if msgid:
                    found[msgid] = filename
    return found


def _translated() -> set[str]:
    done = set()
    for po in ROOT.glob("ceremony/*/translations/vi/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and (not isinstance(message.string, tuple) or all(message.string)):
                    done.update(message.id if isinstance(message.id, tuple) else (message.id,))
    return done


def test_every_ui_text_has_a_vietnamese_translation():
    missing = {msgid: where for msgid, where in _msgids().items() if msgid not in _translated()}
    assert not missing, f"untranslated into Vietnamese: {missing}"
