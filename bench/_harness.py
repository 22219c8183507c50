"""What the server benchmarks share: a free loopback port, Redis if it answers, a logged-in cookie."""
from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import urllib.parse


def free_port() -> int:
    """A free loopback port: the first free one of ``BENCH_PORTS`` ("5640-5659") when set, else any."""
    span = os.environ.get("BENCH_PORTS", "")
    candidates = range(int(span.split("-")[0]), int(span.split("-")[1]) + 1) if span else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise SystemExit(f"bench: no free port in BENCH_PORTS={span}")


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
def own_postgres(label: str, template: str = ""):
    """A PostgreSQL database of the benchmark's own, yielded as a SQLAlchemy URL (None when no server
    answers), dropped afterwards.

    ``BENCH_PG_URL`` names the server to use (default ``postgresql://postgres@127.0.0.1:5432/postgres``);
    the benchmark creates ``bench_<label>_<pid>`` on it and drops it at the end, so it never writes into
    an existing database such as the test suite's ``test``. ``template``: the database to copy
    (``template0``: a clean one, without whatever was added to the server's ``template1``).
    """
    import sqlalchemy as sa

    server = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    server = server.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"bench_{label}_{os.getpid()}"
    try:
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
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


def login_cookie(port: int, email: str, password: str, timeout: float = 15) -> str:
    """Log in through the real form (CSRF included) and return the session cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
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
    finally:
        conn.close()
    if response.status != 302:
        raise SystemExit(f"bench: login failed ({response.status})")
    return response.getheader("Set-Cookie", cookie).split(";")[0]


def start_gunicorn(root, env: dict, *, workers: int, threads: int, port: int, log=None):
    """gunicorn (gthread) serving ``wsgi:app`` on 127.0.0.1:``port``, in its own process group;
    returns once the port accepts connections (or after 30 s). ``log``: a file for gunicorn's own
    log (worker deaths and signals are logged at warning level and above)."""
    import os
    import subprocess
    import time

    server = subprocess.Popen(
        [str(root / ".venv/bin/gunicorn"), "--workers", str(workers), "--worker-class", "gthread", "--threads",
         str(threads), "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--graceful-timeout", "5",
         "--log-level", "warning", *(["--error-logfile", str(log)] if log else []), "wsgi:app"],
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


def record(bench: str, figure: str, result: float | None, unit: str = "", *, target: str = "",
           ok: bool | None = None, note: str = "") -> None:
    """One key figure for ``make bench``'s summary table (``bench/run_all.py``): appended as a JSON line
    to the file ``BENCH_RESULTS`` names; nothing happens when it names none (a bench run by hand)."""
    import json

    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"bench": bench, "figure": figure, "result": result, "unit": unit, "target": target,
                              "ok": ok, "note": note}, ensure_ascii=False) + "\n")


def quick() -> bool:
    """``QUICK=1``: shorter runs (``make bench QUICK=1``)."""
    return os.environ.get("QUICK", "") not in ("", "0")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its live children (a gunicorn
    master and its workers), read from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state (field 3): ppid is field 4, utime 14, stime 15.
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


class KeepAlive:
    """One keep-alive HTTP/1.1 connection that sends a request's prepared bytes and reads the answer
    (Content-Length or chunked). The load driver shares the server's two cores: http.client costs it
    several times the CPU per request, which would count against whichever server it drives."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending, self.closed = b"", False

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            self.sock.close()
            raise http.client.RemoteDisconnected("the server closed the connection")
        self.pending += chunk

    def _until(self, marker: bytes) -> bytes:
        while (end := self.pending.find(marker)) < 0:
            self._fill()
        found, self.pending = self.pending[:end], self.pending[end + len(marker):]
        return found

    def _exactly(self, size: int) -> bytes:
        while len(self.pending) < size:
            self._fill()
        found, self.pending = self.pending[:size], self.pending[size:]
        return found

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        self.sock.sendall(request)
        status_line, *lines = self._until(b"\r\n\r\n").split(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        headers = {}
        for line in lines:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        if b"content-length" in headers:
            body = self._exactly(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding") == b"chunked":
            parts = []
            while size := int(self._until(b"\r\n").split(b";")[0], 16):
                parts.append(self._exactly(size))
                self._exactly(2)
            self._until(b"\r\n")  # no trailers are sent
            body = b"".join(parts)
        else:
            raise http.client.HTTPException("an answer without Content-Length nor chunks")
        if headers.get(b"connection") == b"close":
            self.sock.close()
            self.closed = True
        return status, body


class Driver:
    """One load driver for any check-in API: ``post(body)`` on a keep-alive connection per thread;
    ``classify(status, payload)`` names the answer ("welcome", "already", …) or returns None for an
    error. Used alike against ours and a peer (``bench/peer_pretix.py``)."""

    def __init__(self, port: int, path: str, headers: dict, classify) -> None:
        import threading

        self.port, self.path, self.classify = port, path, classify
        self.headers = {"Content-Type": "application/json", **headers}
        head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", *(f"{k}: {v}" for k, v in self.headers.items())]
        self.head = ("\r\n".join(head) + "\r\n").encode("latin-1")
        self.local = threading.local()

    def post(self, body: dict) -> tuple[int, bytes]:
        import json

        data = json.dumps(body).encode()
        request = self.head + b"Content-Length: %d\r\n\r\n" % len(data) + data
        for attempt in (1, 2):
            if getattr(self.local, "conn", None) is None or self.local.conn.closed:
                self.local.conn = KeepAlive(self.port)
            try:
                return self.local.conn.exchange(request)
            except (OSError, http.client.HTTPException):
                self.local.__dict__.pop("conn", None)  # a keep-alive connection the server closed
                if attempt == 2:
                    raise
        raise AssertionError

    def saturate(self, bodies: list[dict], *, clients: int, seconds: float) -> dict:
        """Closed loop: ``clients`` threads send as fast as answers come, for ``seconds`` (or until
        ``bodies`` run out). Returns the rate, answers, errors and latency percentiles."""
        import threading
        import time
        from collections import Counter

        it = iter(bodies)
        lock = threading.Lock()
        answers, errors, latencies = Counter(), Counter(), []
        stop = time.perf_counter() + seconds

        def client() -> None:
            while time.perf_counter() < stop:
                with lock:
                    body = next(it, None)
                if body is None:
                    return
                self._send_counted(body, lock, answers, errors, latencies)

        threads = [threading.Thread(target=client) for _ in range(clients)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - began
        return {"rate": len(latencies) / took, "sent": len(latencies), "seconds": took, "answers": dict(answers),
                "errors": dict(errors), **percentiles(latencies)}

    def _send_counted(self, body: dict, lock, answers, errors, latencies: list) -> None:
        """One request, timed; its answer kind (or its error) counted under ``lock``."""
        import time

        started = time.perf_counter()
        try:
            status, payload = self.post(body)
            kind = self.classify(status, payload)
        except (OSError, http.client.HTTPException) as error:
            kind, status = None, type(error).__name__
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if kind is None:
                errors[status] += 1
            else:
                answers[kind] += 1

    def paced(self, bodies: list[dict], *, rate: float, seconds: float) -> dict:
        """Open loop: one request every 1/``rate`` s whatever the answers take (a slow server shows as
        latency, not as a lower rate)."""
        import threading
        import time
        from collections import Counter
        from concurrent.futures import ThreadPoolExecutor

        lock = threading.Lock()
        answers, errors, latencies = Counter(), Counter(), []

        def send(body: dict) -> None:
            self._send_counted(body, lock, answers, errors, latencies)

        total = min(len(bodies), int(rate * seconds))
        with ThreadPoolExecutor(max_workers=32) as pool:
            t0 = time.perf_counter() + 0.2
            for n in range(total):
                pause = t0 + n / rate - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                pool.submit(send, bodies[n])
        return {"rate": total / max(time.perf_counter() - t0, 1e-9), "sent": total, "answers": dict(answers),
                "errors": dict(errors), **percentiles(latencies)}


def percentiles(latencies: list[float]) -> dict:
    import statistics

    if not latencies:
        return {"median_ms": float("nan"), "p99_ms": float("nan"), "max_ms": float("nan")}
    latencies = sorted(latencies)
    return {"median_ms": 1000 * statistics.median(latencies),
            "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))], "max_ms": 1000 * latencies[-1]}
