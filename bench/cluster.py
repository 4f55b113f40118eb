"""Several web and worker processes against one PostgreSQL and one Redis, on this machine.

    with Cluster(database="fc_cluster", web_ports=[8141, 8142], workers=2) as cluster:
        cluster.url(0, "/healthz"), cluster.kill_worker(0), cluster.sql("SELECT ...")

Used by tests/scale/test_multiprocess.py (the proof that state is shared and work is done once) and
by bench/scale.py (requests/s with one and two web processes). Each cluster gets a database of its
own (created, migrated, dropped) and a Redis key prefix of its own (its keys deleted at the end).
Processes are stopped by their own pids, never by name.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("FACTCHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def server_url(database_url: str | None) -> str:
    """The PostgreSQL server (without a database name) of a DATABASE_URL, else BENCH_PG."""
    if database_url and database_url.startswith("postgres"):
        return database_url.rsplit("/", 1)[0]
    return PG


def free_ports(n: int) -> list[int]:
    """Ports nothing listens on now (several test runs may share a machine)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Cluster:
    def __init__(
        self,
        *,
        database: str,
        web_ports: list[int],
        workers: int = 2,
        gunicorn_workers: int = 1,
        pg: str = PG,
        redis_url: str = REDIS,
        env: dict | None = None,
        log_dir: Path | None = None,
    ):
        self.database = database
        self.pg = pg
        self.database_url = f"{pg}/{database}"
        self.web_ports = web_ports
        self.n_workers = workers
        self.gunicorn_workers = gunicorn_workers
        self.redis_url = redis_url
        self.prefix = f"fc-cluster-{uuid.uuid4().hex[:12]}"
        self.log_dir = log_dir or Path(f"/tmp/{database}-logs")
        self.webs: list[subprocess.Popen] = []
        self.workers: list[subprocess.Popen] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FACTCHECK_"))},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": redis_url,
            "FACTCHECK_CACHE_PREFIX": self.prefix,
            "DJANGO_SECRET_KEY": "cluster-only-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_STATIC_MANIFEST": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore",
            **(env or {}),
        }

    # --- Lifecycle ---------------------------------------------------------------------------------

    def __enter__(self) -> Cluster:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with psycopg.connect(f"{self.pg}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.database}"')
        try:
            self.manage("migrate", "--noinput", "-v0")
            for port in self.web_ports:
                self.start_web(port)
            for _ in range(self.n_workers):
                self.start_worker()
            for i in range(len(self.web_ports)):
                self.wait_for(i, "/healthz")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        # gunicorn stops at once on SIGINT (SIGTERM waits for its graceful timeout); a worker
        # finishes its task on SIGTERM.
        for proc in self.webs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.workers:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in [*self.webs, *self.workers]:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        client = redis.Redis.from_url(self.redis_url)
        keys = list(client.scan_iter(f"{self.prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        with psycopg.connect(f"{self.pg}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def manage(self, *args: str, capture: bool = False) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            text=True,
            capture_output=capture,
        )
        return result.stdout if capture else ""

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        with open(self.log_dir / f"{name}.log", "ab") as log:
            return subprocess.Popen(
                argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def start_web(self, port: int) -> subprocess.Popen:
        argv = [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(self.gunicorn_workers),
            "--log-level",
            "warning",
        ]
        proc = self._spawn(f"web-{port}", argv)
        self.webs.append(proc)
        return proc

    def restart_webs(self) -> None:
        """Stop the web processes and start them again (with `self.env` as it is now)."""
        for proc in self.webs:
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=30)
        self.webs = []
        # A worker of the old master may still hold the port for a moment: wait until it is free,
        # or the new master could not bind it and the old worker would answer, dying.
        for port in self.web_ports:
            self.wait_until(f"port {port} to be free", lambda port=port: not _listening(port), 30)
        for port in self.web_ports:
            self.start_web(port)
        for i in range(len(self.web_ports)):
            self.wait_for(i, "/healthz")

    def start_worker(self) -> subprocess.Popen:
        n = len(self.workers)
        argv = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-reload",
            "--no-startup-delay",
            "--worker-id",
            f"worker-{n}-{uuid.uuid4().hex[:8]}",
        ]
        proc = self._spawn(f"worker-{n}", argv)
        self.workers.append(proc)
        return proc

    def worker_id(self, proc: subprocess.Popen) -> str:
        return proc.args[proc.args.index("--worker-id") + 1]

    def kill_worker(self, proc: subprocess.Popen) -> None:
        """SIGKILL: no cleanup, no goodbye, its task left RUNNING."""
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    # --- Talking to it -----------------------------------------------------------------------------

    def url(self, instance: int, path: str) -> str:
        return f"http://127.0.0.1:{self.web_ports[instance]}{path}"

    def wait_for(self, instance: int, path: str, timeout: float = 60) -> None:
        self.wait_for_url(self.url(instance, path), timeout)

    def wait_for_url(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def sql(self, query: str, params: tuple | list = ()) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def wait_until(self, what: str, check, timeout: float = 120, every: float = 0.2):
        """Poll `check()` until it returns something true; fail saying `what` otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            time.sleep(every)
