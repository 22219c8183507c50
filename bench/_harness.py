"""What the server benchmarks share: a free loopback port, Redis if it answers, a logged-in cookie."""
from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import urllib.parse


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def own_redis():
    """A Redis of the benchmark's own, yielded as its URL ("" when none can be had), gone afterwards.

    ``BENCH_REDIS_URL`` names one to use instead (its database is flushed before and after: give the
    benchmark a database nothing else uses). Otherwise a ``redis-server`` is started on a free loopback
    port without persistence and stopped at the end, so no test suite's Redis database is touched.
    """
    import shutil
    import subprocess
    import time

    given = os.environ.get("BENCH_REDIS_URL", "")
    if given:
        import redis

        client = redis.Redis.from_url(given)
        client.flushdb()
        try:
            yield given
        finally:
            client.flushdb()
            client.close()
        return
    binary = shutil.which("redis-server")
    if not binary:
        print("bench: no redis-server on this machine; the in-process broker is used")
        yield ""
        return
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--protected-mode", "yes"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def own_postgres(label: str):
    """A PostgreSQL database of the benchmark's own, yielded as a SQLAlchemy URL (None when no server
    answers), dropped afterwards.

    ``BENCH_PG_URL`` names the server to use (default ``postgresql://postgres@127.0.0.1:5432/postgres``);
    the benchmark creates ``bench_<label>_<pid>`` on it and drops it at the end, so it never writes into
    an existing database such as the test suite's ``test``.
    """
    import sqlalchemy as sa

    server = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    server = server.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"bench_{label}_{os.getpid()}"
    try:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure means: no PostgreSQL here
        print(f"postgresql: skipped ({server} does not answer: {type(error).__name__})")
        yield None
        return
    try:
        yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def default_workers() -> int:
    """gunicorn workers: one per core unless BENCH_WORKERS says otherwise."""
    return int(os.environ.get("BENCH_WORKERS", 0)) or (os.cpu_count() or 1)


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
