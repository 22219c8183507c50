"""What the server benchmarks share: a free loopback port, Redis if it answers, a logged-in cookie."""
from __future__ import annotations

import http.client
import re
import socket
import urllib.parse


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_url(db: int) -> str:
    """A Redis database of its own for one benchmark, or "" when no server answers on 127.0.0.1:6379."""
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=1).ping()
        return f"redis://127.0.0.1:6379/{db}"
    except Exception:
        return ""


def login_cookie(port: int, email: str, password: str) -> str:
    """Log in through the real form (CSRF included) and return the session cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": csrf})
    conn.request("POST", "/login", body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                       "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"bench: login failed ({response.status})")
    return response.getheader("Set-Cookie", cookie).split(";")[0]


def start_gunicorn(root, env: dict, *, workers: int, threads: int, port: int):
    """gunicorn (gthread) serving ``wsgi:app`` on 127.0.0.1:``port``, in its own process group;
    returns once the port accepts connections (or after 30 s)."""
    import os
    import subprocess
    import time

    server = subprocess.Popen(
        [str(root / ".venv/bin/gunicorn"), "--workers", str(workers), "--worker-class", "gthread", "--threads",
         str(threads), "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--graceful-timeout", "5",
         "--log-level", "warning", "wsgi:app"],
        cwd=root, env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    return server


def stop_gunicorn(server) -> None:
    """Stop the server's whole process group: TERM, then KILL if it lingers."""
    import os
    import signal
    import subprocess

    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)
