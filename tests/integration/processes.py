"""Real processes and faults for the outage tests: a Redis server of the test's own, a TCP
proxy the test can cut, Celery workers and a gunicorn web server on the test database.

Written by hand: the faults are a few lines of sockets and signals each, and no test
library starts and stops these processes the way the tests need (SIGSTOP a broker,
SIGKILL a worker's whole process group, refuse a database's port and open it again)."""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, *, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def require_real_services():
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("CELERY_BROKER_URL is not set: no broker to run a worker against")
    if connection.vendor != "postgresql":
        pytest.skip("other processes cannot share an in-memory SQLite test database")


def database_url(port: int | None = None) -> str:
    """The test database's URL, optionally through another port (a proxy)."""
    db = connection.settings_dict
    return (f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{port or db['PORT'] or 5432}/{db['NAME']}")


def stop(process: subprocess.Popen, *, timeout: float = 20) -> None:
    """Stop a process started in its own session, its children with it."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL the process and every child (a container killed, the OOM killer)."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=20)
    # Prefork children notice their parent's death on their own; wait until they are gone.
    wait_until(lambda: not _group_alive(process.pid), timeout=20)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def start(command: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                stderr=subprocess.STDOUT, start_new_session=True)


def worker_env(settings, queue: str, **extra) -> dict:
    return {**os.environ, "DATABASE_URL": database_url(), "CELERY_TASK_DEFAULT_QUEUE": queue,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SIGNING_KEYS_DIR": str(settings.SIGNING_KEYS_DIR), **extra}


def start_worker(env: dict, queue: str, *, log: Path, concurrency: int = 1,
                 name: str = "worker") -> subprocess.Popen:
    pool = ["--pool=solo"] if concurrency == 1 else ["--pool=prefork",
                                                    f"--concurrency={concurrency}"]
    return start([sys.executable, "-m", "celery", "-A", "conocer", "worker", *pool,
                  "--queues", queue, "--hostname", f"{name}-{queue}@%h", "--loglevel",
                  "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                 env=env, log=log)


class RedisServer:
    """A redis-server of the test's own, without persistence: stopping it loses what it
    held, as a broker restarted without a disk would."""

    def __init__(self, directory: Path):
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = start(["redis-server", "--port", str(self.port), "--bind",
                              "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                              str(self.directory)], env=dict(os.environ),
                             log=self.directory / "redis.log")
        if not wait_until(self.answers, timeout=10):
            raise RuntimeError("redis-server did not start")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def freeze(self) -> None:
        """The process stops answering but its port stays open (a hung or partitioned
        broker): only timeouts help."""
        self.process.send_signal(signal.SIGSTOP)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGCONT)
        self.process.kill()
        self.process.wait(timeout=10)


class TcpProxy:
    """Forwards a local port to a server; `cut()` drops every connection and refuses new
    ones (the server unreachable), `restore()` listens again on the same port."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._listener = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> "TcpProxy":
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(64)
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            with self._lock:
                self._sockets.difference_update((source, sink))

    def cut(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            cut = list(self._sockets)
        for s in cut:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def restore(self) -> None:
        self.start()

    close = cut


class WebServer:
    """gunicorn serving the registry with the given environment, one worker (so that its
    persistent database connection lives across requests)."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.process = start([sys.executable, "-m", "gunicorn", "conocer.wsgi:application",
                              "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
                              "--timeout", "60"], env=env, log=log)

    def get(self, path: str, **headers) -> tuple[int, dict, str, float]:
        """Status, headers, body and seconds taken, without following redirects."""
        began = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            body = response.read().decode()
            return (response.status, {k.lower(): v for k, v in response.getheaders()},
                    body, time.monotonic() - began)
        finally:
            conn.close()

    def wait_ready(self, timeout: float = 60) -> None:
        def ready():
            try:
                return self.get("/healthz")[0] == 200
            except OSError:
                return False
        if not wait_until(ready, timeout=timeout, interval=0.3):
            raise RuntimeError("gunicorn did not answer /healthz")

    def stop(self) -> None:
        stop(self.process)
