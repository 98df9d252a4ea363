"""Check the built wheels and sdists the way a user meets them: a fresh venv, only declared dependencies.

    python scripts/check_release.py dist/

``dist/`` holds the provider's wheel and sdist and those of its emulator
(``airflow-provider-zoom-emulator``, built from ``emulator/``). Checks the archives' contents (license,
version, no emulator and no test harness in the provider's wheel: only its modules, its type marker,
its request facts and, under ``testing/``, the hint to install the emulator; nothing but the emulator
package and its seed data in the emulator's wheel, each pinning the other's version), then installs the
provider's wheel alone into a new venv (``.release-venv``; pinned by ``constraints.txt``, nothing
else) and asks Airflow there whether it sees the provider, its ``zoom`` connection type and the
webhook plugin, and that the emulator is absent; then installs the emulator's wheel there and checks
that the emulator starts and answers the provider's hook. Exits non-zero with the reason on the
first failed check.
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
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".release-venv"
DIST_NAME = "airflow-provider-zoom"
EMULATOR_DIST_NAME = "airflow-provider-zoom-emulator"
EMULATOR_PACKAGE = "airflow_provider_zoom/testing/emulator/"
SEED_DATA = EMULATOR_PACKAGE + "seed.json"
# What the provider's wheel may hold besides its metadata: Python modules, the type marker and the
# request facts. Under ``testing/`` only the package's hint to install the emulator, whose wheel
# carries the emulator, its command and the event sender; harnesses stay in the repository.
PROVIDER_PACKAGE = "airflow_provider_zoom/"
PROVIDER_DATA = {"airflow_provider_zoom/py.typed", "airflow_provider_zoom/_contract/zoom_api.json"}
PROVIDER_TESTING = {"airflow_provider_zoom/testing/__init__.py"}


def _fail(message: str) -> NoReturn:
    sys.exit(f"release check failed: {message}")


def _source_version() -> str:
    text = (ROOT / "airflow_provider_zoom" / "__init__.py").read_text()
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        _fail("no __version__ in airflow_provider_zoom/__init__.py")
    return match.group(1)


def _one(dist: Path, pattern: str) -> Path:
    found = sorted(dist.glob(pattern))
    if len(found) != 1:
        _fail(f"expected one {pattern} in {dist}, found {[p.name for p in dist.iterdir()]}")
    return found[0]


def _wheel_parts(wheel: Path, info: str, version: str) -> tuple[list[str], str, str]:
    """The wheel's file names, its METADATA and its entry points, after the checks both wheels share."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(f"{info}/METADATA").decode()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
    if f"{info}/licenses/LICENSE" not in names:
        _fail(f"{wheel.name} has no LICENSE")
    for needed in ("License-Expression: Apache-2.0", f"Version: {version}"):
        if needed not in metadata:
            _fail(f"{wheel.name} METADATA lacks {needed!r}")
    return names, metadata, entry_points


def harness_files(names: list[str], info: str) -> list[str]:
    """The provider wheel's files outside what it may hold (empty: it ships runtime code only).

    :param names: the wheel's file names.
    :param info: the wheel's ``.dist-info`` folder, whose metadata files are allowed.
    """
    out = []
    for name in names:
        if name.startswith(f"{info}/"):
            continue
        if not name.startswith(PROVIDER_PACKAGE):
            out.append(name)
        elif name.startswith(PROVIDER_PACKAGE + "testing/"):
            if name not in PROVIDER_TESTING:
                out.append(name)
        elif not name.endswith(".py") and name not in PROVIDER_DATA:
            out.append(name)
    return out


def _sdist_members(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        return {m.name.split("/", 1)[-1] for m in archive.getmembers()}


def _emulator_source_files() -> set[str]:
    """The emulator package's files in the checkout, as wheel paths (bytecode caches aside)."""
    package = ROOT / EMULATOR_PACKAGE
    return {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def _check_archives(dist: Path, version: str) -> tuple[Path, Path]:
    """Check the four archives; returns the provider's wheel and the emulator's wheel."""
    wheel = _one(dist, f"airflow_provider_zoom-{version}-*.whl")
    _one(dist, f"airflow_provider_zoom-{version}.tar.gz")
    emulator_wheel = _one(dist, f"airflow_provider_zoom_emulator-{version}-*.whl")
    _one(dist, f"airflow_provider_zoom_emulator-{version}.tar.gz")
    if len(list(dist.iterdir())) != 4:
        _fail(f"expected only the two wheels and two sdists in {dist}: {[p.name for p in dist.iterdir()]}")

    names, metadata, entry_points = _wheel_parts(wheel, f"airflow_provider_zoom-{version}.dist-info", version)
    if any(n.startswith(("tests/", "example_dags/", "docs/")) for n in names):
        _fail("the wheel ships test code, example DAGs or docs as top-level packages")
    shipped = [n for n in names if n.startswith(EMULATOR_PACKAGE)]
    if shipped:
        _fail(f"the provider's wheel ships the emulator ({len(shipped)} files, e.g. {shipped[0]})")
    harness = harness_files(names, f"airflow_provider_zoom-{version}.dist-info")
    if harness:
        _fail(f"the provider's wheel ships files that are not runtime code: {harness}")
    needed_metadata = (
        "Requires-Dist: apache-airflow>=",
        f"Requires-Dist: {EMULATOR_DIST_NAME}=={version}; extra == 'emulator'",
    )
    for needed in needed_metadata:
        if needed not in metadata:
            _fail(f"wheel METADATA lacks {needed!r}")
    for needed in ("apache_airflow_provider", "airflow.plugins"):
        if needed not in entry_points:
            _fail(f"wheel entry points lack {needed!r}")
    if "zoom-emulator" in entry_points:
        _fail("the provider's wheel declares the zoom-emulator command; the emulator's wheel does")

    names, metadata, entry_points = _wheel_parts(
        emulator_wheel, f"airflow_provider_zoom_emulator-{version}.dist-info", version
    )
    package_files = {n for n in names if not n.startswith("airflow_provider_zoom_emulator-")}
    expected = _emulator_source_files()
    if package_files != expected:
        _fail(
            "the emulator's wheel differs from the emulator package in the checkout: "
            f"extra {sorted(package_files - expected)}, missing {sorted(expected - package_files)}"
        )
    if SEED_DATA not in package_files:
        _fail(f"the emulator's wheel lacks its seed data {SEED_DATA}")
    if f"Requires-Dist: {DIST_NAME}=={version}\n" not in metadata:
        _fail(f"the emulator's METADATA does not require {DIST_NAME}=={version}")
    if "zoom-emulator = airflow_provider_zoom.testing.emulator.cli:main" not in entry_points:
        _fail("the emulator's wheel lacks the zoom-emulator command")

    members = _sdist_members(_one(dist, f"airflow_provider_zoom-{version}.tar.gz"))
    needed_members = ("LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml", "constraints.txt")
    for needed in (*needed_members, "emulator/pyproject.toml", "emulator/hatch_build.py", SEED_DATA):
        if needed not in members:
            _fail(f"the sdist lacks {needed}")
    members = _sdist_members(_one(dist, f"airflow_provider_zoom_emulator-{version}.tar.gz"))
    for needed in ("LICENSE", "README.md", "pyproject.toml", "hatch_build.py", "PKG-INFO", SEED_DATA):
        if needed not in members:
            _fail(f"the emulator's sdist lacks {needed}")
    return wheel, emulator_wheel


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode:
        _fail(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return done.stdout


def _pip_install(wheel: Path) -> None:
    pip = [str(VENV / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    # Only the wheel and what it declares; the pins make the result repeatable.
    _run([*pip, "-c", str(ROOT / "constraints.txt"), str(wheel)], dict(os.environ))
    _run([str(VENV / "bin/python"), "-m", "pip", "check"], dict(os.environ))


def _install(wheel: Path) -> None:
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--clear", str(VENV)], check=True)
    pip = [str(VENV / "bin/python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run([*pip, "--upgrade", "pip>=24"], dict(os.environ))
    _pip_install(wheel)


def _python(code: str, env: dict[str, str], cwd: str) -> dict:
    """Run ``code`` in the release venv, isolated from the checkout; returns the JSON it printed last."""
    done = subprocess.run(
        # -I and a cwd outside the checkout: the installed wheels are imported, never ROOT's sources.
        [str(VENV / "bin/python"), "-I", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )
    if done.returncode:
        _fail(f"python -c exited {done.returncode}:\n{code}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _release_env(home: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "VIRTUAL_ENV"))},
        "AIRFLOW_HOME": home,
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "PATH": f"{VENV / 'bin'}{os.pathsep}{os.environ['PATH']}",
    }


def _check_airflow_sees_it(version: str) -> None:
    """The provider's wheel alone: Airflow registers it, and there is no emulator."""
    with tempfile.TemporaryDirectory() as home:
        env = _release_env(home)
        airflow = str(VENV / "bin/airflow")
        provider = json.loads(_run([airflow, "providers", "get", DIST_NAME, "-o", "json"], env))
        provider = provider[0] if isinstance(provider, list) else provider
        if provider.get("Version", provider.get("version")) != version:
            _fail(f"airflow providers get says {provider}, expected version {version}")
        plugins = json.loads(_run([airflow, "plugins", "-o", "json"], env))
        if not any(p.get("name") == "zoom_webhooks" for p in plugins):
            _fail(f"airflow plugins does not list zoom_webhooks: {[p.get('name') for p in plugins]}")
        code = (
            "import importlib.util, json\n"
            "import airflow_provider_zoom, airflow_provider_zoom.testing as testing\n"
            "from airflow.providers_manager import ProvidersManager\n"
            "hook = ProvidersManager().hooks.get('zoom')\n"
            "try:\n"
            "    testing.ZoomEmulator\n"
            "    missing = None\n"
            "except ModuleNotFoundError as err:\n"
            "    missing = str(err)\n"
            "spec = importlib.util.find_spec('airflow_provider_zoom.testing.emulator')\n"
            "print(json.dumps({'hook': hook and hook.hook_class_name, 'emulator': spec is not None,\n"
            "    'file': airflow_provider_zoom.__file__, 'missing': missing}))\n"
        )
        seen = _python(code, env, home)
        if not seen["file"].startswith(str(VENV)):
            _fail(f"the check imported the provider from {seen['file']}, not from {VENV}")
        if seen["hook"] != "airflow_provider_zoom.hooks.zoom.ZoomHook":
            _fail(f"the zoom connection type is not registered from the wheel: {seen}")
        if seen["emulator"] or "airflow-provider-zoom[emulator]" not in (seen["missing"] or ""):
            _fail(f"without the emulator's wheel there must be no emulator, and a hint how to add it: {seen}")
        if (VENV / "bin/zoom-emulator").exists():
            _fail("the provider's wheel alone installed the zoom-emulator command")


def _check_emulator_serves() -> None:
    """With the emulator's wheel too: it starts, serves its seed data and answers the provider's hook."""
    with tempfile.TemporaryDirectory() as home:
        env = _release_env(home)
        code = (
            "import json, os\n"
            "from importlib.resources import files\n"
            "import airflow_provider_zoom.testing.emulator as emulator\n"
            "from airflow_provider_zoom.testing import ZoomEmulator\n"
            "from airflow_provider_zoom.hooks.zoom import ZoomHook\n"
            "with ZoomEmulator(seed=1) as zoom:\n"
            "    os.environ.update(zoom.connection_env())\n"
            "    hook = ZoomHook()\n"
            "    users = hook.list_users()\n"
            "    settings = hook.get_account_settings()\n"
            "    conn = json.loads(zoom.connection_env()['AIRFLOW_CONN_ZOOM_DEFAULT'])\n"
            "print(json.dumps({'users': len(users), 'recording': 'recording' in settings,\n"
            "    'conn_type': conn['conn_type'], 'file': emulator.__file__,\n"
            "    'seed_data': files(emulator).joinpath('seed.json').is_file()}))\n"
        )
        seen = _python(code, env, home)
        if not seen["file"].startswith(str(VENV)):
            _fail(f"the check imported the emulator from {seen['file']}, not from {VENV}")
        if not (seen["users"] and seen["recording"] and seen["seed_data"] and seen["conn_type"] == "zoom"):
            _fail(f"the emulator from its wheel does not serve its seed data to the hook: {seen}")
        _run([str(VENV / "bin/zoom-emulator"), "--help"], env)


def main() -> None:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist")
    version = _source_version()
    wheel, emulator_wheel = _check_archives(dist, version)
    _install(wheel)
    _check_airflow_sees_it(version)
    _pip_install(emulator_wheel)
    _check_emulator_serves()
    print(
        f"release check passed: {wheel.name} installs alone and registers with Airflow, without the"
        f" emulator; with {emulator_wheel.name} the emulator serves"
    )


if __name__ == "__main__":
    main()
