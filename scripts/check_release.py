"""Check the built wheel and sdist the way a user meets them: a fresh venv, only declared dependencies.

    python scripts/check_release.py dist/

Checks the archives' contents (license, version, no test code in the wheel), then installs the wheel
alone into a new venv (``.release-venv``; pinned by ``constraints.txt``, nothing else) and asks
Airflow there whether it sees the provider, its ``zoom`` connection type and the webhook plugin.
Exits non-zero with the reason on the first failed check.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".release-venv"
DIST_NAME = "airflow-provider-zoom"


def _fail(message: str) -> None:
    sys.exit(f"release check failed: {message}")


def _source_version() -> str:
    text = (ROOT / "airflow_provider_zoom" / "__init__.py").read_text()
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        _fail("no __version__ in airflow_provider_zoom/__init__.py")
    return match.group(1)


def _check_archives(dist: Path, version: str) -> Path:
    wheels = sorted(dist.glob("*.whl"))
    sdists = sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        _fail(f"expected one wheel and one sdist in {dist}, found {[p.name for p in dist.iterdir()]}")
    wheel, sdist = wheels[0], sdists[0]
    if f"-{version}-" not in wheel.name or not sdist.name.endswith(f"-{version}.tar.gz"):
        _fail(f"archive names {wheel.name}, {sdist.name} do not carry version {version}")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = f"airflow_provider_zoom-{version}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    if f"{info}/licenses/LICENSE" not in names:
        _fail("the wheel has no LICENSE")
    if any(n.startswith(("tests/", "example_dags/", "docs/")) for n in names):
        _fail("the wheel ships test code, example DAGs or docs as top-level packages")
    needed_metadata = (
        "License-Expression: Apache-2.0",
        f"Version: {version}",
        "Requires-Dist: apache-airflow>=",
    )
    for needed in needed_metadata:
        if needed not in metadata:
            _fail(f"wheel METADATA lacks {needed!r}")
    for needed in ("apache_airflow_provider", "airflow.plugins", "zoom-emulator"):
        if needed not in entry_points:
            _fail(f"wheel entry points lack {needed!r}")
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[-1] for m in archive.getmembers()}
    for needed in ("LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml", "constraints.txt"):
        if needed not in members:
            _fail(f"the sdist lacks {needed}")
    return wheel


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode:
        _fail(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done.stdout


def _install(wheel: Path) -> None:
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--clear", str(VENV)], check=True)
    pip = [str(VENV / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run([*pip, "--upgrade", "pip>=24"], dict(os.environ))
    # Only the wheel and what it declares; the pins make the result repeatable.
    _run([*pip, "-c", str(ROOT / "constraints.txt"), str(wheel)], dict(os.environ))
    _run([str(VENV / "bin/python"), "-m", "pip", "check"], dict(os.environ))


def _check_airflow_sees_it(version: str) -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "VIRTUAL_ENV"))},
            "AIRFLOW_HOME": home,
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ['PATH']}",
        }
        airflow = str(VENV / "bin/airflow")
        provider = json.loads(_run([airflow, "providers", "get", DIST_NAME, "-o", "json"], env))
        provider = provider[0] if isinstance(provider, list) else provider
        if provider.get("Version", provider.get("version")) != version:
            _fail(f"airflow providers get says {provider}, expected version {version}")
        plugins = json.loads(_run([airflow, "plugins", "-o", "json"], env))
        if not any(p.get("name") == "zoom_webhooks" for p in plugins):
            _fail(f"airflow plugins does not list zoom_webhooks: {[p.get('name') for p in plugins]}")
        code = (
            "import json\n"
            "from airflow.providers_manager import ProvidersManager\n"
            "hook = ProvidersManager().hooks.get('zoom')\n"
            "from airflow_provider_zoom.testing import ZoomEmulator\n"
            "with ZoomEmulator(seed=1) as zoom:\n"
            "    conn = json.loads(zoom.connection_env()['AIRFLOW_CONN_ZOOM_DEFAULT'])\n"
            "print(json.dumps({'hook': hook and hook.hook_class_name, 'conn_type': conn['conn_type']}))\n"
        )
        seen = json.loads(_run([str(VENV / "bin/python"), "-c", code], env).strip().splitlines()[-1])
        if seen != {"hook": "airflow_provider_zoom.hooks.zoom.ZoomHook", "conn_type": "zoom"}:
            _fail(f"the zoom connection type or the emulator is not usable from the wheel: {seen}")
        _run([str(VENV / "bin/zoom-emulator"), "--help"], env)


def main() -> None:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist")
    version = _source_version()
    wheel = _check_archives(dist, version)
    _install(wheel)
    _check_airflow_sees_it(version)
    print(f"release check passed: {wheel.name} installs alone and registers with Airflow")


if __name__ == "__main__":
    main()
