"""Webhook fixtures: a local receiver on a free port, and the attendance fixtures (delegates, program)."""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.attendance.conftest import invited, make_invited  # noqa: F401  (fixtures)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


class Receiver:
    """A thread HTTP server that refuses the first ``refuse`` POSTs (503) and accepts the rest (204),
    keeping every request it saw."""

    def __init__(self, refuse: int = 0):
        self.refuse = refuse
        self.seen: list[dict] = []      # every request, refused or not
        self.accepted: list[dict] = []  # what it answered 2xx to
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                request = {"headers": self.headers, "body": body, "json": json.loads(body)}
                with receiver.lock:
                    receiver.seen.append(request)
                    ok = len(receiver.seen) > receiver.refuse
                    if ok:
                        receiver.accepted.append(request)
                self.send_response(204 if ok else 503)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(refuse: int = 0) -> Receiver:
        made.append(Receiver(refuse))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.fixture(scope="session")
def verify_webhook():
    """The signature check exactly as docs/api.md prints it (its ``python`` block under the check)."""
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"<!-- verify_webhook -->\s*```python\n(.*?)```", text, re.S)
    assert block, "docs/api.md lost its verify_webhook block"
    namespace: dict = {}
    exec(compile(block.group(1), str(DOCS), "exec"), namespace)
    return namespace["verify_webhook"]
