"""
Run real DAGs under ``airflow dags test`` in a throw-away AIRFLOW_HOME with SQLite.

Used by ``make demo``, the example-DAG tests and by users' own CI: each call gets a fresh home
whose database is copied from one migrated template, so only the first call pays for migrations.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

_TEMPLATE_LOCK = threading.Lock()
_TEMPLATE_DB: Path | None = None


def airflow_env(home: Path, dags_folder: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for an Airflow CLI process using ``home`` with SQLite and ``dags_folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW__")}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(dags_folder),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "AIRFLOW__CORE__ALLOWED_DESERIALIZATION_CLASSES_REGEXP": r"airflow_provider_zoom\..*",
            # Providers are discovered from entry points; lazy discovery keeps CLI start-up fast.
            "AIRFLOW__CORE__LAZY_DISCOVER_PROVIDERS": "True",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def _airflow_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "airflow", *args]


def _template_db() -> Path:
    """Migrate one SQLite database per process and hand out copies."""
    global _TEMPLATE_DB
    with _TEMPLATE_LOCK:
        if _TEMPLATE_DB is None or not _TEMPLATE_DB.exists():
            home = Path(tempfile.mkdtemp(prefix="zoom-airflow-template-"))
            dags = home / "dags"
            dags.mkdir()
            result = subprocess.run(
                _airflow_cmd("db", "migrate"),
                env=airflow_env(home, dags),
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode != 0:
                raise RuntimeError(f"airflow db migrate failed:\n{result.stdout}\n{result.stderr}")
            _TEMPLATE_DB = home / "airflow.db"
        return _TEMPLATE_DB


def prepare_home(home: Path, dag_files: Iterable[Path]) -> Path:
    """Create ``home`` with a migrated database and a dags folder holding copies of ``dag_files``."""
    home.mkdir(parents=True, exist_ok=True)
    dags = home / "dags"
    dags.mkdir(exist_ok=True)
    for dag_file in dag_files:
        shutil.copy2(dag_file, dags / Path(dag_file).name)
    shutil.copy2(_template_db(), home / "airflow.db")
    return dags


def run_dag_test(
    dag_file: str | Path,
    dag_id: str,
    *,
    env: Mapping[str, str] | None = None,
    conf: Mapping[str, Any] | None = None,
    logical_date: str | None = None,
    home: str | Path | None = None,
    extra_files: Iterable[str | Path] = (),
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """
    Run ``airflow dags test dag_id`` on a copy of ``dag_file`` in a fresh AIRFLOW_HOME.

    :param dag_file: the DAG file to copy into the dags folder.
    :param dag_id: the DAG to run.
    :param env: extra environment, e.g. ``AIRFLOW_CONN_ZOOM_DEFAULT`` pointing at the emulator.
    :param conf: the DAG run's conf.
    :param logical_date: the run's logical date (ISO), default now.
    :param home: where to create AIRFLOW_HOME (default: a new temporary folder).
    :param extra_files: more files to copy into the dags folder (modules the DAG imports).
    :param timeout: seconds before the run is killed.
    :return: the finished process; ``returncode`` 0 means the DAG run succeeded.
    """
    home_path = Path(home) if home else Path(tempfile.mkdtemp(prefix="zoom-airflow-"))
    dags = prepare_home(home_path, [Path(dag_file), *map(Path, extra_files)])
    args = ["dags", "test", dag_id]
    if logical_date:
        args.append(logical_date)
    if conf:
        args += ["--conf", json.dumps(dict(conf))]
    return subprocess.run(
        _airflow_cmd(*args),
        env=airflow_env(home_path, dags, env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def dag_run_succeeded(result: subprocess.CompletedProcess[str]) -> bool:
    """True when ``airflow dags test`` exited cleanly and reported the run as successful."""
    output = result.stdout + result.stderr
    return result.returncode == 0 and "state=failed" not in output and "DagRunState.FAILED" not in output
