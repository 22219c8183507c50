"""A checked import waiting for the organizer's confirmation, kept in the instance folder.

The preview page shows every row; the confirm button sends back only this key, so the file is not
uploaded twice nor carried through the browser. Rows are checked again when confirmed.
"""
from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path

from flask import current_app

from ceremony.core.errors import NotFound
from ceremony.delegates.importing import Table

MAX_AGE = 24 * 3600
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _path(ceremony_id: int, key: str) -> Path:
    if not KEY_RE.match(key or ""):
        raise NotFound("no import waiting with this key")
    return Path(current_app.instance_path) / "imports" / f"{ceremony_id}-{key}.json"


def stage(ceremony_id: int, table: Table, site_id: int | None = None) -> str:
    """Keep a checked table (and the point chosen for the whole file) until it is confirmed."""
    key = secrets.token_urlsafe(18)
    path = _path(ceremony_id, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.json"):  # previews never confirmed
        if time.time() - old.stat().st_mtime > MAX_AGE:
            old.unlink(missing_ok=True)
    path.write_text(json.dumps({"rows": table.rows, "ignored": table.ignored_columns, "columns": table.columns,
                                "header_row": table.header_row, "skipped": table.skipped_columns,
                                "site_id": site_id}, ensure_ascii=False))
    return key


def take(ceremony_id: int, key: str) -> tuple[Table, int | None]:
    """The staged table and the point chosen for it, removed from the folder (a confirmation is used once)."""
    path = _path(ceremony_id, key)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise NotFound("this import was already confirmed or has expired: upload the file again") from None
    path.unlink(missing_ok=True)
    table = Table([(number, values) for number, values in data["rows"]], data["ignored"],
                  columns=data.get("columns"), header_row=data.get("header_row", 1),
                  skipped_columns=data.get("skipped", []))
    return table, data.get("site_id")
