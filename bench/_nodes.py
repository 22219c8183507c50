"""The two-node layout of docs/deploy.md on loopback: a PostgreSQL database, two gunicorn nodes, HAProxy.

``TwoNodes`` creates ``ceremony_nodes_<pid>`` (from template0, dropped after) and migrates it (the call
``flask db upgrade`` makes, in this process); starts nodes A and B (``gunicorn wsgi:app`` with the
production settings, each on its own port with its own instance folder, ``CEREMONY_SCHEDULER=on``, one
Redis with a channel prefix of the run's own); seeds a ceremony while they boot; and starts HAProxy
once both answer ``/healthz``. Used by ``bench/two_nodes.py`` (the figures) and
``tests/deploy/test_two_nodes.py`` (the assertions).
"""
from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

# -- ports, database -----------------------------------------------------------------------------

def free_ports(n: int, span: str = "") -> list[int]:
    """``n`` distinct free loopback ports: from ``span`` ("5710-5729") when given, else any. All are
    held open until every one is chosen, so no two answers are the same port."""
    held = []
    candidates = range(int(span.split("-")[0]), int(span.split("-")[1]) + 1) if span else [0] * n
    try:
        for port in candidates:
            s = socket.socket()
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                s.close()
                continue
            held.append(s)
            if len(held) == n:
                return [s.getsockname()[1] for s in held]
        raise RuntimeError(f"two nodes: fewer than {n} free ports in {span or 'the system'}")
    finally:
        for s in held:
            s.close()


def _admin_engine(server_url: str):
    import sqlalchemy as sa

    url = server_url.replace("postgresql://", "postgresql+psycopg://", 1)
    return sa.create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})


@contextlib.contextmanager
def own_database(server_url: str, *, background: bool = False):
    """``ceremony_nodes_<pid>`` on the server of ``server_url`` (any database there), created from
    template0 and dropped afterwards (``background``: by a thread, so the caller need not wait for
    it); yields its ``postgresql://`` URL."""
    import sqlalchemy as sa

    name = f"ceremony_nodes_{os.getpid()}"
    admin = _admin_engine(server_url)
    with admin.connect() as conn:
        for (old,) in conn.execute(sa.text(r"SELECT datname FROM pg_database WHERE datname LIKE 'ceremony\_nodes\_%'")):
            pid = old.rsplit("_", 1)[1]
            if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):  # a run that died before its clean-up
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)'))
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING UTF8'))
    try:
        url = sa.engine.make_url(server_url.replace("postgresql+psycopg://", "postgresql://", 1)).set(database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        def drop():
            try:
                with admin.connect() as conn:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            finally:
                admin.dispose()

        if background:
            # DROP DATABASE waits for a checkpoint of the whole server (seconds on a busy one). A
            # non-daemon thread: the interpreter waits for it at exit, and a run that dies before is
            # cleaned up by the next one (above).
            threading.Thread(target=drop, name=f"drop-{name}").start()
        else:
            drop()


@dataclass
class Seeded:
    ceremony_id: int
    tokens: list[str]  # one invitation token per delegate, in order
    names: list[str]  # the delegates' names, same order
    api_token: str  # a checker's bearer token (the gates)
    organizer: tuple[str, str]  # email, password (the board)


def local_app(url: str, secret: str):
    """The app in this process, on the layout's database (for the migration and the seed)."""
    from ceremony import create_app

    return create_app("testing", {"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1),
                                  "SECRET_KEY": secret})


def migrate(app) -> None:
    """``flask db upgrade``: the same Flask-Migrate call, without starting another interpreter."""
    from flask_migrate import upgrade

    from ceremony.extensions import db

    with app.app_context():
        upgrade()
        db.engine.dispose()


def seed(app, delegates: int) -> Seeded:
    """A ceremony (tomorrow) of the small network with ``delegates`` invited people, a checker with an
    API token and an organizer with a password, through the app's own operations."""
    from ceremony.ceremonies.operations import create_ceremony
    from bench.checkin_latency import invite_guests
    from ceremony.extensions import db
    from ceremony.sites.operations import copy_network, import_network_csv
    from ceremony.users.operations import create_api_token, create_user
    from tests.factories import SMALL_NETWORK_CSV

    with app.app_context():
        start = datetime.now(timezone.utc) + timedelta(days=1)  # arrivals on time
        ceremony = create_ceremony(slug="two-nodes", title="Lễ khai trương (hai máy chủ)", kind="app_launch",
                                   starts_at=start, ends_at=start + timedelta(hours=1), venue="Trung tâm IOC",
                                   host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi")
        sites = copy_network(ceremony, import_network_csv(SMALL_NETWORK_CSV, key="two-nodes-net"),
                             provincial_venue="Trung tâm IOC")
        names = [f"Nguyễn Văn Khách {i:05d}" for i in range(delegates)]
        tokens = invite_guests(ceremony, sites, names)
        checker = create_user("gate@nodes.local", role="checker", password="gate-password-2024")
        create_user("board@nodes.local", role="organizer", password="board-password-2024")
        api_token = create_api_token(checker)
        db.session.commit()
        seeded = Seeded(ceremony.id, tokens, names, api_token, ("board@nodes.local", "board-password-2024"))
        db.session.remove()
        db.engine.dispose()
    return seeded


# -- processes -------------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    if int(f.read().rsplit(b")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def http_get(port: int, path: str, timeout: float = 2.0, headers: dict | None = None) -> tuple[int, bytes, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def wait_until(check, seconds: float, what: str, every: float = 0.1):
    """Poll ``check()`` until it returns something true, up to ``seconds``; its value, or RuntimeError."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = check()
        except (OSError, http.client.HTTPException):
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"two nodes: {what} (waited {seconds:.0f} s)")
        time.sleep(every)


class Node:
    """One app node: ``gunicorn wsgi:app`` in its own process group, as a host's service runs it."""

    def __init__(self, name: str, port: int, env: dict, folder: Path, *, workers: int, threads: int):
        self.name, self.port, self.folder = name, port, folder
        folder.mkdir(parents=True, exist_ok=True)
        self.env = {**env, "CEREMONY_INSTANCE": str(folder / "instance")}
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None
        self.log_path = folder / "gunicorn.log"

    def start(self) -> Node:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "--workers", str(self.workers), "--worker-class", "gthread", "--threads",
                 str(self.threads), "--bind", f"127.0.0.1:{self.port}", "--timeout", "60", "--graceful-timeout", "5",
                 "--log-level", "warning", "wsgi:app"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def healthy(self) -> bool:
        return http_get(self.port, "/healthz")[0] == 200

    def worker_pids(self) -> list[int]:
        return _children(self.process.pid) if self.alive else []

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_stop(self, how: str = "term") -> None:
        """``kill``: SIGKILL to the whole process group (the host dies); ``term``: gunicorn's graceful
        stop (in-flight requests finish, the scheduler hands its lease back). Returns at once."""
        if self.alive:
            if how == "kill":
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.send_signal(signal.SIGTERM)

    def stop(self, how: str = "term") -> None:
        """``signal_stop`` and wait for the node to be gone."""
        if not self.alive:
            return
        self.signal_stop(how)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # a worker left behind by a master that died

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


HAPROXY_CONFIG = """\
# Generated by bench/two_nodes.py; the same layout as docs/deploy.md.
global
    maxconn 4000
    log stderr format raw local0 warning

defaults
    mode http
    log global
    timeout connect 2s
    timeout client 1m
    timeout server 1m
    timeout http-keep-alive 10s
    timeout queue 10s
    option forwardfor
    retries 3
    option redispatch 1
    # A node that dies mid-request leaves an empty answer: the scan goes to the other node. Only the
    # idempotent scan calls (same device+nonce recorded once) are replayed, nothing else.
    retry-on conn-failure empty-response

frontend gates
    bind 127.0.0.1:{proxy_port}
    default_backend nodes

backend nodes
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    http-request disable-l7-retry unless {{ method POST }} {{ path_end /checkins /checkins/batch }}
    http-response set-header X-Node %s
    default-server inter 1s fastinter 250ms downinter 1s fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
    server a 127.0.0.1:{port_a} check
    server b 127.0.0.1:{port_b} check
"""


class Proxy:
    """HAProxy in front of the two nodes (foreground, config in the run's folder)."""

    def __init__(self, port: int, port_a: int, port_b: int, folder: Path):
        self.port, self.folder = port, folder
        self.config_path = folder / "haproxy.cfg"
        self.config_path.write_text(HAPROXY_CONFIG.format(proxy_port=port, port_a=port_a, port_b=port_b))
        self.log_path = folder / "haproxy.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Proxy:
        check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(self.config_path)], capture_output=True, text=True,
                               check=False)
        if check.returncode != 0:
            raise RuntimeError(f"two nodes: haproxy refuses the config: {check.stderr or check.stdout}")
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen([HAPROXY, "-db", "-f", str(self.config_path)], stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# -- the layout ------------------------------------------------------------------------------------

class TwoNodes:
    """PostgreSQL database, two nodes and the proxy, up and serving on ``__enter__``; gone on ``__exit__``.

    ``pg_server``: a PostgreSQL URL whose server gets the run's own database; ``redis_url``: the
    Redis the nodes share (nothing is stored in it; their channels carry a prefix of the run's own).
    """

    def __init__(self, pg_server: str, redis_url: str, *, delegates: int = 1500, workers: int = 1,
                 threads: int = 16, lease_seconds: float = 4.0, poll_seconds: float = 0.5, ports: str = "",
                 folder: Path | None = None, drop_in_background: bool = False):
        self.pg_server, self.redis_url, self.delegates = pg_server, redis_url, delegates
        self.workers, self.threads = workers, threads
        self.lease_seconds, self.poll_seconds = lease_seconds, poll_seconds
        self.ports, self.drop_in_background = ports, drop_in_background
        self._own_folder = folder is None
        self.folder = folder or Path(tempfile.mkdtemp(prefix="ceremony-two-nodes-"))
        self.secret = secrets.token_urlsafe(48)
        self.prefix = f"nodes:{os.getpid()}:{secrets.token_hex(4)}:"
        self.timings: dict[str, float] = {}
        self._stack = contextlib.ExitStack()
        self.url = ""
        self.seeded: Seeded | None = None
        self.nodes: dict[str, Node] = {}
        self.proxy: Proxy | None = None

    def __enter__(self) -> TwoNodes:
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _mark(self, name: str, since: float) -> None:
        self.timings[name] = time.monotonic() - since

    def _start(self) -> None:
        began = time.monotonic()
        self.url = self._stack.enter_context(own_database(self.pg_server, background=self.drop_in_background))
        port_a, port_b, proxy_port = free_ports(3, self.ports)
        env = {**os.environ, "FLASK_APP": "wsgi.py", "CEREMONY_ENV": "production", "DATABASE_URL": self.url,
               "SECRET_KEY": self.secret, "REDIS_URL": self.redis_url, "CEREMONY_LIVE_PREFIX": self.prefix,
               "CEREMONY_PUBLIC_URL": f"http://127.0.0.1:{proxy_port}", "CEREMONY_COOKIE_SECURE": "0",
               "CEREMONY_SCHEDULER": "on", "CEREMONY_SCHEDULER_LEASE_SECONDS": str(self.lease_seconds),
               "CEREMONY_SCHEDULER_POLL_SECONDS": str(self.poll_seconds)}
        for name in ("TEST_DATABASE_URL", "TEST_REDIS_URL", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER"):
            env.pop(name, None)
        step = time.monotonic()
        app = local_app(self.url, self.secret)
        migrate(app)
        self._mark("migrate", step)
        step = time.monotonic()
        self.nodes = {name: Node(name, port, env, self.folder / f"node-{name}", workers=self.workers,
                                 threads=self.threads) for name, port in (("a", port_a), ("b", port_b))}
        for node in self.nodes.values():
            node.start()
        seeding = time.monotonic()
        self.seeded = seed(app, self.delegates)  # while the nodes boot
        self._mark("seed", seeding)
        for node in self.nodes.values():
            wait_until(lambda node=node: node.healthy() or self._died(node), 90,
                       f"node {node.name} never answered /healthz")
        self._mark("nodes up", step)
        step = time.monotonic()
        self.proxy = Proxy(proxy_port, port_a, port_b, self.folder).start()
        seen: set[str] = set()

        def both_served():
            status, _body, headers = http_get(proxy_port, "/healthz")
            if status == 200:
                seen.add(headers.get("X-Node") or headers.get("x-node"))
            return seen >= {"a", "b"}

        wait_until(both_served, 30, f"the proxy never sent requests to both nodes (seen: {seen})", every=0.05)
        self._mark("proxy up", step)
        self._mark("ready", began)

    def _died(self, node: Node) -> bool:
        if not node.alive:
            raise RuntimeError(f"two nodes: node {node.name} exited ({node.process.returncode}):\n{node.log_tail()}")
        return False

    def __exit__(self, *exc) -> None:
        if self.proxy is not None:
            self.proxy.stop()
        for node in self.nodes.values():  # both at once: each waits for its own graceful stop
            node.signal_stop("term")
        for node in self.nodes.values():
            node.stop("term")
        self._stack.close()
        if self._own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    # -- what the figures need ----------------------------------------------------------------
    @property
    def proxy_port(self) -> int:
        return self.proxy.port

    @property
    def checkins_path(self) -> str:
        return f"/api/v1/ceremonies/{self.seeded.ceremony_id}/checkins"

    def gate_headers(self) -> dict:
        return {"Authorization": f"Bearer {self.seeded.api_token}", "Content-Type": "application/json"}

    def engine(self):
        import sqlalchemy as sa
        from sqlalchemy.pool import NullPool

        return sa.create_engine(self.url.replace("postgresql://", "postgresql+psycopg://", 1), poolclass=NullPool)

    def leader(self, engine) -> tuple[str | None, int | None]:
        """The node whose worker holds the scheduler lease (and the lease's token), read from the table."""
        import sqlalchemy as sa

        with engine.connect() as conn:
            row = conn.execute(sa.text("SELECT holder, token, expires_at > now() FROM scheduler_leases "
                                       "WHERE name = 'scheduler'")).first()
        if row is None or not row[0] or not row[2]:
            return None, None
        pid = int(row[0].split(":")[1])
        for name, node in self.nodes.items():
            if pid in node.worker_pids():
                return name, row[1]
        return None, row[1]

    def wait_leader(self, seconds: float = 30, engine=None) -> tuple[str, int]:
        """Poll until a node of the layout holds the scheduler lease: (its name, the token)."""
        own = engine is None
        engine = engine or self.engine()
        try:
            def led():
                name, token = self.leader(engine)
                return (name, token) if name else None

            return wait_until(led, seconds, "no node took the scheduler lease")
        finally:
            if own:
                engine.dispose()

    def diagnostics(self) -> str:
        parts = [f"--- node {n.name} (port {n.port}) ---\n{n.log_tail()}" for n in self.nodes.values()]
        if self.proxy is not None:
            parts.append(f"--- haproxy (port {self.proxy.port}) ---\n{self.proxy.log_tail()}")
        return "\n".join(parts)


