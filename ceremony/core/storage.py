"""Where uploaded and generated files live: one small interface, a local-disk implementation.

Keys are relative paths made by the domains (``reports/12/3f…e1.pdf``); a key that tries to leave the
root is refused. Another backend (object storage) only has to provide ``put``, ``get`` and ``delete``.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app

KEY_RE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)*$")


class Storage(Protocol):
    def put(self, key: str, data: bytes) -> None: ...
    def get(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files under one directory; writes go to a temporary file first, so a reader never sees half a file."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not KEY_RE.match(key or "") or ".." in key.split("/"):
            raise ValueError(f"invalid storage key {key!r}")
        return self.root / key

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def get_storage() -> Storage:
    """The app's storage: ``STORAGE_ROOT`` or ``<instance>/files``."""
    storage = current_app.extensions.get("file_storage")
    if storage is None:
        root = current_app.config.get("STORAGE_ROOT") or os.path.join(current_app.instance_path, "files")
        storage = current_app.extensions["file_storage"] = LocalStorage(root)
    return storage
