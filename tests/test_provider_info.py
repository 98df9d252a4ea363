"""The provider info Airflow reads: schema-valid, every listed module importable, the connection form."""

from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import airflow
import jsonschema
import pytest

from airflow_provider_zoom import get_provider_info
from airflow_provider_zoom.version_compat import AIRFLOW_V_3_1_PLUS

SCHEMA = Path(airflow.__file__).parent / "provider_info.schema.json"
EXPECTED_FIELDS = {
    "account_id": "Account ID",
    "auth_type": "Auth type",
    "webhook_secret_token": "Webhook secret token",
    "api_base_url": "API base URL",
    "oauth_base_url": "OAuth base URL",
    "timeout": "Timeout",
    "max_retries": "Max retries",
}


def test_provider_info_validates_against_airflows_schema():
    info = get_provider_info()
    jsonschema.validate(info, json.loads(SCHEMA.read_text()))
    assert info["package-name"] == "airflow-provider-zoom"


def _listed_modules(info: dict) -> list[str]:
    modules: list[str] = []
    for key in ("hooks", "operators", "sensors", "triggers"):
        for entry in info.get(key, []):
            modules += entry["python-modules"]
    modules += [t["python-module"] for t in info.get("transfers", [])]
    return modules


def _listed_classes(info: dict) -> list[str]:
    classes = (
        list(info.get("notifications", []))
        + list(info.get("extra-links", []))
        + list(info.get("plugins", []))
    )
    classes = [c["plugin-class"] if isinstance(c, dict) else c for c in classes]
    classes += [c["hook-class-name"] for c in info["connection-types"]]
    return classes


def test_every_listed_module_and_class_imports():
    info = get_provider_info()
    for module in _listed_modules(info):
        importlib.import_module(module)
    for path in _listed_classes(info):
        module, _, name = path.rpartition(".")
        assert hasattr(importlib.import_module(module), name), path


def test_every_module_that_exists_is_listed():
    """A new operator/sensor/trigger/transfer module must be added to the provider info too."""
    package = Path(importlib.import_module("airflow_provider_zoom").__file__).parent
    listed = set(_listed_modules(get_provider_info()))
    for folder in ("operators", "sensors", "triggers", "transfers"):
        for path in (package / folder).glob("*.py"):
            if path.name.startswith("_") or path.name == "base.py":
                continue
            assert f"airflow_provider_zoom.{folder}.{path.stem}" in listed, (
                f"{folder}/{path.name} is not listed"
            )


def test_connection_form_fields_declared():
    (conn,) = get_provider_info()["connection-types"]
    assert conn["connection-type"] == "zoom"
    assert conn["hook-name"] == "Zoom"
    for name, label in EXPECTED_FIELDS.items():
        assert conn["conn-fields"][name]["label"] == label
        assert "type" in conn["conn-fields"][name]["schema"]
    assert conn["conn-fields"]["webhook_secret_token"]["schema"]["format"] == "password"
    behaviour = conn["ui-field-behaviour"]
    assert behaviour["relabeling"] == {"login": "Client ID", "password": "Client Secret"}
    assert set(behaviour["hidden-fields"]) == {"host", "port", "schema"}


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_the_api_server_serves_the_zoom_connection_form():
    """The form the UI draws: from ``conn-fields`` on Airflow 3.2+, from the hook's widgets before."""
    out = _run(
        "import json\n"
        "from airflow.api_fastapi.core_api.services.ui.connections import HookMetaService\n"
        "print(json.dumps([m.model_dump(mode='json') for m in HookMetaService.hook_meta_data()]))\n"
    )
    (zoom,) = [m for m in json.loads(out.strip().splitlines()[-1]) if m["connection_type"] == "zoom"]
    assert zoom["hook_name"] == "Zoom"
    if not AIRFLOW_V_3_1_PLUS and importlib.util.find_spec("wtforms") is None:
        pytest.skip("Airflow 3.0 reads a hook's form only where wtforms (FAB provider) is installed")
    standard = zoom["standard_fields"]
    assert standard["login"]["title"] == "Client ID"
    assert standard["password"]["title"] == "Client Secret"
    assert standard["host"]["hidden"] is True
    fields = zoom["extra_fields"]
    for name, label in EXPECTED_FIELDS.items():
        assert fields[name]["schema"]["title"] == label
    secret = {name for name, field in fields.items() if field["schema"].get("format") == "password"}
    assert secret == {"webhook_secret_token", "refresh_token", "access_token"}
    assert "null" in fields["auth_type"]["schema"]["type"]
    assert "refresh_token" in fields["auth_type"]["schema"]["enum"]
    assert "integer" in fields["max_retries"]["schema"]["type"]


@pytest.mark.e2e
def test_airflow_providers_list_shows_the_package(tmp_path):
    env_home = {"AIRFLOW_HOME": str(tmp_path)}
    import os

    result = subprocess.run(
        [sys.executable, "-m", "airflow", "providers", "list", "--output", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env_home},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "airflow-provider-zoom" in result.stdout
