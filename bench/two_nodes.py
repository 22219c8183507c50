"""Two app nodes behind HAProxy on one PostgreSQL and one Redis: the layout of docs/deploy.md, measured.

    .venv/bin/python bench/two_nodes.py                      # 3 s of scans before the stop, SIGKILL
    .venv/bin/python bench/two_nodes.py --stop term --seconds 5 --gates 12

It starts, on loopback and as two hosts would run them: a PostgreSQL database of its own
(``ceremony_nodes_<pid>`` from template0 on BENCH_PG_URL's server, dropped after) migrated with
``flask db upgrade`` and seeded with a ceremony of invited delegates; two nodes, A and B, each
``gunicorn wsgi:app`` with the production settings on its own port with its own instance folder and
``CEREMONY_SCHEDULER=on``; Redis (BENCH_REDIS_URL, else a redis-server of its own) with a channel prefix
of the run's own; and HAProxy in front (round robin, health checks on ``/healthz``). Then:

1. a check-in posted to node A reaches the attendance board streamed by node B (through Redis);
2. gates scan badges through the proxy (each scan its own device+nonce; a failed one is queued and
   uploaded again with the same nonce, as the gate page does); mid-load the node that leads the
   scheduler is stopped (``--stop kill``: SIGKILL of its process group, a host that dies; ``term``: a
   graceful stop);
3. it prints scans/s through the proxy on two nodes and on one, the failover gap (the longest any gate
   went without an answer across the stop), the failed answers and their retries, the scans lost
   (acknowledged but not in the database; must be 0) and recorded twice (must be 0), and how long the
   scheduler leader took to move to the other node.

``tests/deploy/test_two_nodes.py`` runs the same layout (``TwoNodes``) and asserts on the figures.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import queue
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
FLASK = ROOT / ".venv" / "bin" / "flask"


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
def own_database(server_url: str):
    """``ceremony_nodes_<pid>`` on the server of ``server_url`` (any database there), created from
    template0 and dropped afterwards; yields its ``postgresql://`` URL."""
    import sqlalchemy as sa

    name = f"ceremony_nodes_{os.getpid()}"
    admin = _admin_engine(server_url)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING UTF8'))
    try:
        url = sa.engine.make_url(server_url.replace("postgresql+psycopg://", "postgresql://", 1)).set(database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Seeded:
    ceremony_id: int
    tokens: list[str]  # one invitation token per delegate, in order
    names: list[str]  # the delegates' names, same order
    api_token: str  # a checker's bearer token (the gates)
    organizer: tuple[str, str]  # email, password (the board)


def seed(url: str, secret: str, delegates: int) -> Seeded:
    """A ceremony (tomorrow) of the small network with ``delegates`` invited people, a checker with an
    API token and an organizer with a password, through the app's own operations."""
    from ceremony import create_app
    from ceremony.ceremonies.operations import create_ceremony
    from ceremony.delegates.models import Delegate, Person
    from ceremony.extensions import db
    from ceremony.invitations.models import Invitation
    from ceremony.invitations.tokens import make_token
    from ceremony.sites.operations import copy_network, import_network_csv
    from ceremony.users.operations import create_api_token, create_user
    from tests.factories import SMALL_NETWORK_CSV

    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1),
                                 "SECRET_KEY": secret})
    with app.app_context():
        start = datetime.now(timezone.utc) + timedelta(days=1)  # arrivals on time
        ceremony = create_ceremony(slug="two-nodes", title="Lễ khai trương (hai máy chủ)", kind="app_launch",
                                   starts_at=start, ends_at=start + timedelta(hours=1), venue="Trung tâm IOC",
                                   host_unit="Ủy ban nhân dân tỉnh Quảng Ngãi")
        sites = copy_network(ceremony, import_network_csv(SMALL_NETWORK_CSV, key="two-nodes-net"),
                             provincial_venue="Trung tâm IOC")
        names = [f"Nguyễn Văn Khách {i:05d}" for i in range(delegates)]
        people = [Person(full_name=name, title="Đại biểu") for name in names]
        db.session.add_all(people)
        db.session.flush()
        rows = [Delegate(ceremony_id=ceremony.id, site_id=sites[i % len(sites)].id, person_id=p.id, zone="B")
                for i, p in enumerate(people)]
        db.session.add_all(rows)
        db.session.flush()
        tokens = []
        for serial, delegate in enumerate(rows, 1):
            token, key = make_token(ceremony.id)
            tokens.append(token)
            db.session.add(Invitation(ceremony_id=ceremony.id, delegate_id=delegate.id, serial=serial,
                                      token=token, key=key))
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

    def stop(self, how: str = "term") -> None:
        """``kill``: SIGKILL to the whole process group (the host dies); ``term``: gunicorn's graceful stop."""
        if not self.alive:
            return
        if how == "kill":
            os.killpg(self.process.pid, signal.SIGKILL)
        else:
            self.process.send_signal(signal.SIGTERM)
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
        check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(self.config_path)], capture_output=True, text=True)
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
                 folder: Path | None = None, log=print):
        self.pg_server, self.redis_url, self.delegates = pg_server, redis_url, delegates
        self.workers, self.threads = workers, threads
        self.lease_seconds, self.poll_seconds = lease_seconds, poll_seconds
        self.ports, self.log = ports, log
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
        self.url = self._stack.enter_context(own_database(self.pg_server))
        port_a, port_b, proxy_port = free_ports(3, self.ports)
        env = {**os.environ, "FLASK_APP": "wsgi.py", "CEREMONY_ENV": "production", "DATABASE_URL": self.url,
               "SECRET_KEY": self.secret, "REDIS_URL": self.redis_url, "CEREMONY_LIVE_PREFIX": self.prefix,
               "CEREMONY_PUBLIC_URL": f"http://127.0.0.1:{proxy_port}", "CEREMONY_COOKIE_SECURE": "0",
               "CEREMONY_SCHEDULER": "on", "CEREMONY_SCHEDULER_LEASE_SECONDS": str(self.lease_seconds),
               "CEREMONY_SCHEDULER_POLL_SECONDS": str(self.poll_seconds)}
        for name in ("TEST_DATABASE_URL", "TEST_REDIS_URL", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER"):
            env.pop(name, None)
        step = time.monotonic()
        migrate = subprocess.run([str(FLASK), "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True,
                                 timeout=180)
        if migrate.returncode != 0:
            raise RuntimeError(f"two nodes: flask db upgrade failed:\n{migrate.stderr[-2000:]}")
        self._mark("migrate", step)
        step = time.monotonic()
        self.nodes = {name: Node(name, port, env, self.folder / f"node-{name}", workers=self.workers,
                                 threads=self.threads) for name, port in (("a", port_a), ("b", port_b))}
        for node in self.nodes.values():
            node.start()
        self.seeded = seed(self.url, self.secret, self.delegates)  # while the nodes boot
        self._mark("seed", step)
        for node in self.nodes.values():
            wait_until(lambda: node.healthy() or self._died(node), 90, f"node {node.name} never answered /healthz")
            self._died(node)
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
            return wait_until(lambda: (lambda found: found if found[0] else None)(self.leader(engine)), seconds,
                              "no node took the scheduler lease")
        finally:
            if own:
                engine.dispose()

    def diagnostics(self) -> str:
        parts = [f"--- node {n.name} (port {n.port}) ---\n{n.log_tail()}" for n in self.nodes.values()]
        if self.proxy is not None:
            parts.append(f"--- haproxy (port {self.proxy.port}) ---\n{self.proxy.log_tail()}")
        return "\n".join(parts)


def login_cookie(port: int, email: str, password: str) -> str:
    from bench._harness import login_cookie as harness_login

    return harness_login(port, email, password)


class Board(threading.Thread):
    """An attendance board's server-sent-event stream, read into a queue of (event, data, arrived)."""

    def __init__(self, port: int, path: str, cookie: str):
        super().__init__(daemon=True, name=f"board-{port}")
        self.events: queue.Queue = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.request("GET", path, headers={"Cookie": cookie, "Accept": "text/event-stream"})
        self.response = self.conn.getresponse()
        if self.response.status != 200:
            raise RuntimeError(f"two nodes: the board stream answered {self.response.status}")
        self._closing = False

    def run(self) -> None:
        event, data = None, ""
        try:
            while True:
                line = self.response.fp.readline()
                if not line:
                    return
                line = line.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif line == "" and event is not None:
                    self.events.put((event, json.loads(data), time.monotonic()))
                    event, data = None, ""
        except (OSError, ValueError, http.client.HTTPException):
            if not self._closing:
                self.events.put(("closed", {}, time.monotonic()))

    def wait_for(self, match, seconds: float):
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                event, data, at = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if match(event, data):
                return event, data, at
        return None

    def close(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        self.conn.close()
        self.join(timeout=5)


def board_reach(layout: TwoNodes, via: str, board: str, index: int = 0) -> dict:
    """Open the attendance board on node ``board``, post one check-in to node ``via`` (not through the
    proxy) and time its arrival on the board. The session cookie comes from a login on ``via``: every
    node signs sessions with the same SECRET_KEY."""
    seeded = layout.seeded
    cookie = login_cookie(layout.nodes[via].port, *seeded.organizer)
    stream = Board(layout.nodes[board].port, f"/ceremonies/{seeded.ceremony_id}/attendance/stream", cookie)
    stream.start()
    try:
        snapshot = stream.wait_for(lambda e, d: e == "snapshot", 15)
        if snapshot is None:
            raise RuntimeError("two nodes: the board sent no snapshot")
        conn = http.client.HTTPConnection("127.0.0.1", layout.nodes[via].port, timeout=15)
        sent = time.monotonic()
        conn.request("POST", layout.checkins_path, headers=layout.gate_headers(), body=json.dumps(
            {"text": seeded.tokens[index], "gate": "Cổng chính", "device": "board-check", "nonce": f"board-{index}"}))
        response = conn.getresponse()
        answer = json.loads(response.read())
        conn.close()
        name = seeded.names[index]
        arrived = stream.wait_for(lambda e, d: e == "scan" and d.get("name") == name, 15)
        return {"status": response.status, "result": answer.get("result"), "present_before": snapshot[1]["present"],
                "reached": arrived is not None, "ms": (arrived[2] - sent) * 1000 if arrived else None}
    finally:
        stream.close()


# -- the gates ---------------------------------------------------------------------------------------

@dataclass
class Ack:
    device: str
    nonce: str
    result: str
    node: str  # the proxy's X-Node: which node answered
    sent: float
    answered: float
    replayed: bool = False
    via_batch: bool = False


@dataclass
class GateLog:
    acks: list[Ack] = field(default_factory=list)
    sent: list[tuple[str, str]] = field(default_factory=list)  # (device, nonce) of every scan made
    failures: Counter = field(default_factory=Counter)  # what a failed attempt saw: status or error
    uploads: int = 0  # batch uploads of queued scans that were answered


class Gate(threading.Thread):
    """One gate scanning badges through the proxy as fast as answers come. A scan that fails (an
    error status, a reset, a time-out) is queued with its nonce and uploaded again after the next
    answered scan (``uploadScans``), as the gate page does; at the end the queue is emptied."""

    def __init__(self, number: int, port: int, layout: TwoNodes, badges, stop: threading.Event):
        super().__init__(daemon=True, name=f"gate-{number}")
        self.number, self.port, self.badges, self.stop_event = number, port, badges, stop
        self.path, self.headers = layout.checkins_path, layout.gate_headers()
        self.device = f"gate-{number}"
        self.log = GateLog()
        self.queue: list[dict] = []
        self.conn: http.client.HTTPConnection | None = None
        self.error: BaseException | None = None

    def _post(self, path: str, body: dict) -> tuple[int, dict, str]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            self.conn.request("POST", path, body=json.dumps(body), headers=self.headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        node = response.getheader("X-Node", "?")
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        try:
            return response.status, json.loads(payload) if payload else {}, node
        except ValueError:
            return response.status, {}, node

    def _attempt(self, path: str, body: dict) -> tuple[int | str, dict, str]:
        try:
            return self._post(path, body)
        except (OSError, http.client.HTTPException) as error:
            return type(error).__name__, {}, "?"

    def scan(self, token: str, n: int) -> None:
        scan = {"text": token, "gate": f"Cổng {self.number}", "device": self.device, "nonce": f"{self.number}-{n}",
                "method": "scan"}
        self.log.sent.append((self.device, scan["nonce"]))
        sent = time.monotonic()
        status, body, node = self._attempt(self.path, scan)
        if status == 200:
            self.log.acks.append(Ack(self.device, scan["nonce"], body["result"], node, sent, time.monotonic(),
                                     bool(body.get("replayed"))))
            if self.queue:
                self.flush()
        else:
            self.log.failures[status] += 1
            self.queue.append({**scan, "scanned_at": datetime.now(timezone.utc).isoformat()})
            time.sleep(0.05)  # the gate shows "queued" and the next badge comes

    def flush(self) -> bool:
        batch = self.queue[:200]
        sent = time.monotonic()
        status, body, node = self._attempt(self.path + "/batch", {"scans": batch})
        if status != 200:
            self.log.failures[f"batch {status}"] += 1
            return False
        self.log.uploads += 1
        answered = time.monotonic()
        for item, outcome in zip(batch, body["results"]):
            self.log.acks.append(Ack(self.device, item["nonce"], outcome["result"], node, sent, answered,
                                     bool(outcome.get("replayed")), True))
        del self.queue[:len(batch)]
        return True

    def run(self) -> None:
        try:
            n = 0
            while not self.stop_event.is_set():
                token = next(self.badges, None)
                if token is None:
                    break
                self.scan(token, n)
                n += 1
            deadline = time.monotonic() + 30
            while self.queue and time.monotonic() < deadline:
                if not self.flush():
                    time.sleep(0.2)
        except BaseException as error:  # noqa: BLE001 - reported by the caller, never lost in a thread
            self.error = error
        finally:
            if self.conn is not None:
                self.conn.close()


class _Badges:
    """Badge tokens handed out once each across the gate threads."""

    def __init__(self, tokens):
        self._it, self._lock = iter(tokens), threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self._lock:
            return next(self._it)


def failover(layout: TwoNodes, *, gates: int = 8, before: float = 2.0, after: float = 2.0, stop: str = "kill",
             first_badge: int = 1) -> dict:
    """Scans through the proxy; after ``before`` s the scheduler's leader node is stopped; the gates go
    on for ``after`` s more (and until the leader has moved); then every gate empties its queue.
    Returns the figures and the evidence (acks, the database's rows)."""
    import sqlalchemy as sa

    engine = layout.engine()
    try:
        victim, token_before = layout.wait_leader(engine=engine)
        survivor = "b" if victim == "a" else "a"
        stop_event = threading.Event()
        badges = _Badges(layout.seeded.tokens[first_badge:])
        threads = [Gate(i + 1, layout.proxy_port, layout, badges, stop_event) for i in range(gates)]
        began = time.monotonic()
        for t in threads:
            t.start()

        def answered_by_both():
            nodes = {a.node for t in threads for a in list(t.log.acks)}
            return {"a", "b"} <= nodes and time.monotonic() - began >= before

        wait_until(answered_by_both, 30, "the gates' scans did not reach both nodes", every=0.02)
        stopped_at = time.monotonic()
        layout.nodes[victim].stop(stop)
        stop_done = time.monotonic()
        moved_at, token_after = None, None
        while time.monotonic() - stopped_at < max(after, 3 * layout.lease_seconds + 10):
            if moved_at is None:
                holder, token = layout.leader(engine)
                if holder == survivor:
                    moved_at, token_after = time.monotonic(), token
            if moved_at is not None and time.monotonic() - stopped_at >= after:
                break
            time.sleep(0.05)
        stop_event.set()
        ended = time.monotonic()
        for t in threads:
            t.join(timeout=60)
        errors = [repr(t.error) for t in threads if t.error is not None or t.is_alive()]
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT device, nonce, result, checkin_id FROM attendance_scans "
                                        "WHERE ceremony_id = :c AND device LIKE 'gate-%'"),
                                {"c": layout.seeded.ceremony_id}).all()
            checkins = conn.execute(sa.text("SELECT count(*) FROM attendance_checkins WHERE ceremony_id = :c"),
                                    {"c": layout.seeded.ceremony_id}).scalar()
    finally:
        engine.dispose()

    acks = [a for t in threads for a in t.log.acks]
    sent = [s for t in threads for s in t.log.sent]
    recorded = Counter((r.device, r.nonce) for r in rows)
    acked = {(a.device, a.nonce) for a in acks}
    lost = sorted(k for k in acked if k not in recorded)
    twice = sorted(k for k, n in recorded.items() if n > 1)
    unanswered = sorted(set(sent) - acked)
    failures = Counter()
    for t in threads:
        failures.update(t.log.failures)

    def rate(lo: float, hi: float) -> float:
        n = sum(1 for a in acks if lo <= a.answered < hi and not a.via_batch)
        return n / (hi - lo) if hi > lo else float("nan")

    gaps, normal = [], []
    for t in threads:
        times = sorted(a.answered for a in t.log.acks if not a.via_batch)
        for earlier, later in zip(times, times[1:]):
            (gaps if earlier <= stopped_at < later else normal).append(later - earlier)
    normal.sort()
    return {
        "victim": victim, "survivor": survivor, "stop": stop, "gates": gates,
        "scans": len(sent), "acknowledged": len(acked), "answers": dict(Counter(a.result for a in acks)),
        "rate_two_nodes": rate(began, stopped_at), "rate_one_node": rate(stop_done + 0.5, ended),
        "served_before": dict(Counter(a.node for a in acks if a.answered < stopped_at and not a.via_batch)),
        "served_after": dict(Counter(a.node for a in acks if a.sent > stop_done)),
        "failover_gap_ms": 1000 * max(gaps, default=0.0),
        "usual_gap_ms": 1000 * (normal[len(normal) // 2] if normal else float("nan")),
        "failed_attempts": dict(failures), "retried_scans": sum(1 for a in acks if a.via_batch),
        "replayed": sum(1 for a in acks if a.replayed),
        "lost": lost, "recorded_twice": twice, "unanswered": unanswered,
        "rows": len(rows), "checkins": checkins,
        "leader_moved_s": None if moved_at is None else moved_at - stopped_at,
        "leader_token": (token_before, token_after), "thread_errors": errors,
        "stop_took_ms": 1000 * (stop_done - stopped_at),
    }


# -- the command -------------------------------------------------------------------------------------

def report(layout: TwoNodes, reach: dict, figures: dict) -> None:
    f = figures
    print(f"setup: ready in {layout.timings['ready']:.1f} s (migrate {layout.timings['migrate']:.1f} s, "
          f"nodes up {layout.timings['nodes up']:.1f} s, proxy {layout.timings['proxy up']:.1f} s)")
    print(f"board: a check-in on node A reached the board streamed by node B in {reach['ms']:.0f} ms"
          if reach["reached"] else "board: the check-in on node A NEVER reached node B's board")
    print(f"load: {f['gates']} gates through HAProxy; node {f['victim']} (the scheduler leader) stopped "
          f"with {'SIGKILL' if f['stop'] == 'kill' else 'SIGTERM'} mid-load")
    print(f"  scans/s through the proxy: {f['rate_two_nodes']:.0f} on two nodes (served {f['served_before']}), "
          f"{f['rate_one_node']:.0f} on one (served after the stop {f['served_after']})")
    print(f"  failover gap: {f['failover_gap_ms']:.0f} ms (the longest a gate waited for an answer across the "
          f"stop; {f['usual_gap_ms']:.0f} ms between answers otherwise)")
    print(f"  scans {f['scans']}, acknowledged {f['acknowledged']}, answers {f['answers']}; failed attempts "
          f"{f['failed_attempts'] or 0}, queued and uploaded again {f['retried_scans']}, "
          f"answered from the record (replayed) {f['replayed']}")
    print(f"  scans lost: {len(f['lost'])}; recorded twice: {len(f['recorded_twice'])}; never answered: "
          f"{len(f['unanswered'])}; scan rows {f['rows']}, check-ins {f['checkins']}")
    moved = f["leader_moved_s"]
    print(f"  scheduler leader moved to node {f['survivor']} in "
          + (f"{moved:.1f} s (lease {layout.lease_seconds:g} s, renewed every {layout.poll_seconds:g} s; "
             f"token {f['leader_token'][0]} -> {f['leader_token'][1]})" if moved is not None else "NEVER"))


def main() -> None:
    from bench._harness import own_redis, record

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="scans before the stop (and after it)")
    parser.add_argument("--gates", type=int, default=8)
    parser.add_argument("--stop", choices=("kill", "term"), default="kill")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per node")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--lease", type=float, default=4.0, help="CEREMONY_SCHEDULER_LEASE_SECONDS")
    parser.add_argument("--poll", type=float, default=0.5, help="CEREMONY_SCHEDULER_POLL_SECONDS")
    parser.add_argument("--delegates", type=int, default=0, help="default: enough for the load")
    args = parser.parse_args()
    if not os.path.exists(HAPROXY):
        raise SystemExit("two nodes: haproxy is not installed (apt-get install -y haproxy)")
    pg = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    delegates = args.delegates or int(400 * 2 * args.seconds + 2000)
    with own_redis() as redis_url:
        if not redis_url:
            raise SystemExit("two nodes: no Redis (BENCH_REDIS_URL or redis-server) to share between the nodes")
        with TwoNodes(pg, redis_url, delegates=delegates, workers=args.workers, threads=args.threads,
                      lease_seconds=args.lease, poll_seconds=args.poll,
                      ports=os.environ.get("BENCH_PORTS", "")) as layout:
            victim, _ = layout.wait_leader()
            other = "b" if victim == "a" else "a"
            reach = board_reach(layout, victim, other)
            figures = failover(layout, gates=args.gates, before=args.seconds, after=args.seconds, stop=args.stop)
            report(layout, reach, figures)
    record("two_nodes", "check-in on node A to node B's board", reach["ms"], "ms")
    record("two_nodes", "scans/s through the proxy (two nodes)", round(figures["rate_two_nodes"]), "/s")
    record("two_nodes", f"failover gap ({args.stop})", round(figures["failover_gap_ms"]), "ms")
    record("two_nodes", "acknowledged scans lost", len(figures["lost"]), target="0", ok=not figures["lost"])
    record("two_nodes", "scheduler leader moved", figures["leader_moved_s"], "s",
           target=f"≤ {args.lease + args.poll + 2:g}",
           ok=figures["leader_moved_s"] is not None and figures["leader_moved_s"] <= args.lease + args.poll + 2)


if __name__ == "__main__":
    main()
