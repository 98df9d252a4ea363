"""The two distributions' metadata: what each imports is declared, the pins agree, the emulator stays out.

Read from the installed metadata (``make venv`` installs both from this checkout), so it is what the
build makes of ``pyproject.toml`` and ``emulator/pyproject.toml``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import airflow_provider_zoom

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "airflow_provider_zoom"
EMULATOR = PACKAGE / "testing" / "emulator"

# Import name -> distribution, where they differ.
DISTRIBUTION_OF = {"airflow": "apache-airflow", "psycopg2": "psycopg2-binary"}
# Imported only where present, never declared: the connection form's widgets come with Airflow's FAB
# provider, and the form works without them (hooks/_connection_form.py).
UNDECLARED_OPTIONAL = {"wtforms", "flask_appbuilder", "flask_babel"}


def _requirements(dist: str) -> dict[str | None, list[Requirement]]:
    """The distribution's requirements by extra (``None``: the unconditional ones)."""
    by_extra: dict[str | None, list[Requirement]] = {}
    for text in importlib.metadata.requires(dist) or []:
        requirement = Requirement(text)
        extra = None
        if requirement.marker is not None and "extra" in str(requirement.marker):
            extra = next(e for e in _extras(dist) if requirement.marker.evaluate({"extra": e}))
        by_extra.setdefault(extra, []).append(requirement)
    return by_extra


def _extras(dist: str) -> list[str]:
    return importlib.metadata.metadata(dist).get_all("Provides-Extra") or []


def _imports(files: list[Path]) -> dict[str, dict[str, bool]]:
    """Third-party top-level modules -> {file: whether some import of it there is unconditional}.

    Unconditional: at module level and outside ``try`` and ``if`` (``TYPE_CHECKING``), so importing the
    module needs it.
    """
    found: dict[str, dict[str, bool]] = {}

    def visit(node: ast.AST, file: str, unconditional: bool) -> None:
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top not in sys.stdlib_module_names and top != "airflow_provider_zoom":
                seen = found.setdefault(top, {})
                seen[file] = seen.get(file, False) or unconditional
        nested = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Try, ast.If, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, file, unconditional and not nested)

    for path in files:
        visit(ast.parse(path.read_text()), str(path.relative_to(ROOT)), True)
    return found


def _provider_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if EMULATOR not in p.parents]


def _names(requirements: list[Requirement]) -> set[str]:
    return {canonicalize_name(r.name) for r in requirements}


def test_every_import_of_the_provider_is_a_declared_dependency():
    requirements = _requirements("airflow-provider-zoom")
    required = _names(requirements[None])
    in_extras = set().union(*(_names(r) for extra, r in requirements.items() if extra))
    for module, files in sorted(_imports(_provider_files()).items()):
        if module in UNDECLARED_OPTIONAL:
            continue
        dist = canonicalize_name(DISTRIBUTION_OF.get(module, module))
        unconditional = [f for f, always in files.items() if always]
        if unconditional:
            assert dist in required, f"{module} ({unconditional[0]}) is imported but not in dependencies"
        else:
            assert dist in required | in_extras, (
                f"{module} ({next(iter(files))}) is in no dependency or extra"
            )


def test_every_import_of_the_emulator_is_a_dependency_of_its_distribution():
    required = _names(_requirements("airflow-provider-zoom-emulator")[None])
    modules = _imports(list(EMULATOR.rglob("*.py")))
    assert modules, "the emulator imports no third-party module?"
    for module, files in sorted(modules.items()):
        dist = canonicalize_name(DISTRIBUTION_OF.get(module, module))
        assert dist in required, f"{module} ({next(iter(files))}) is not a dependency of the emulator"


def test_the_provider_does_not_need_what_only_the_emulator_imports():
    provider = _names(_requirements("airflow-provider-zoom")[None])
    assert "uvicorn" not in provider
    assert "uvicorn" in _names(_requirements("airflow-provider-zoom-emulator")[None])


def test_the_emulator_extra_pins_the_source_version():
    """Read from pyproject.toml itself, so a version bump without the extra's fails before any install."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pin = f"airflow-provider-zoom-emulator=={airflow_provider_zoom.__version__}"
    assert project["optional-dependencies"]["emulator"] == [pin], (
        f"pyproject.toml: optional-dependencies.emulator must be [{pin!r}], as __version__ says"
    )


def test_each_distribution_pins_the_others_version():
    version = airflow_provider_zoom.__version__
    assert importlib.metadata.version("airflow-provider-zoom-emulator") == version
    (extra,) = _requirements("airflow-provider-zoom")["emulator"]
    assert (extra.name, str(extra.specifier)) == ("airflow-provider-zoom-emulator", f"=={version}")
    provider = [
        r for r in _requirements("airflow-provider-zoom-emulator")[None] if r.name == "airflow-provider-zoom"
    ]
    assert [str(r.specifier) for r in provider] == [f"=={version}"]


def _matrix():
    """``scripts/test_matrix.py``: which constraints file pins which Airflow minor, on which Pythons."""
    spec = importlib.util.spec_from_file_location("matrix_script", ROOT / "scripts" / "test_matrix.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MATRIX = _matrix()
# Constraints file -> the Pythons it is used with.
CONSTRAINTS = {path: MATRIX.pythons_of(minor) for minor, (path, _) in MATRIX.MINORS.items()}


def _pins(path: Path) -> list[Requirement]:
    """The file's pins (``name==version``, a marker allowed), each line checked to be one."""
    pins = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        pin = Requirement(text)
        specifiers = list(pin.specifier)
        is_pin = len(specifiers) == 1 and specifiers[0].operator == "=="
        assert is_pin, f"{path.name}:{number}: not a pin: {line}"
        pins.append(pin)
    return pins


def _applies(requirement: Requirement, python: str) -> bool:
    if requirement.marker is None:
        return True
    return requirement.marker.evaluate({"python_version": python, "python_full_version": f"{python}.0"})


def _pinned_twice(path: Path, pythons: list[str]) -> dict[str, list[str]]:
    """Names (PEP 503 normalised) pinned more than once for one of these Pythons -> their pins."""
    twice: dict[str, list[str]] = {}
    for python in pythons:
        seen: dict[str, list[str]] = {}
        for pin in _pins(path):
            if _applies(pin, python):
                seen.setdefault(canonicalize_name(pin.name), []).append(str(pin))
        twice.update({name: found for name, found in seen.items() if len(found) > 1})
    return twice


def _load_toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: mypy's dependency
        import tomli as tomllib
    return tomllib.loads(path.read_text())


def _declared() -> list[tuple[str, Requirement]]:
    """Every requirement the two pyproject.toml files declare, each with where it is declared."""
    project = _load_toml(ROOT / "pyproject.toml")["project"]
    emulator = _load_toml(ROOT / "emulator" / "pyproject.toml")["tool"]["hatch"]["metadata"]["hooks"]
    declared = [("dependencies", text) for text in project["dependencies"]]
    declared += [
        (f"optional-dependencies.{extra}", text)
        for extra, texts in project["optional-dependencies"].items()
        for text in texts
    ]
    declared += [("emulator/pyproject.toml", text) for text in emulator["custom"]["dependencies"]]
    return [(where, Requirement(text)) for where, text in declared]


def _outside_bounds(path: Path, pythons: list[str]) -> list[str]:
    """The pins that a declared requirement excludes, said in words."""
    wrong = []
    pins = _pins(path)
    for where, requirement in _declared():
        for pin in pins:
            if canonicalize_name(pin.name) != canonicalize_name(requirement.name):
                continue
            if not any(_applies(pin, p) and _applies(requirement, p) for p in pythons):
                continue
            (version,) = (s.version for s in pin.specifier)
            if not requirement.specifier.contains(version, prereleases=True):
                wrong.append(f"{path.name} pins {pin}, {where} declares {requirement}")
    return wrong


def test_the_matrix_names_every_constraints_file():
    on_disk = {"constraints.txt", *(f"constraints/{p.name}" for p in (ROOT / "constraints").glob("*.txt"))}
    assert set(CONSTRAINTS) == on_disk
    assert all(CONSTRAINTS.values()), "a minor runs on none of the supported Pythons"


@pytest.mark.parametrize("constraints", sorted(CONSTRAINTS))
def test_no_name_is_pinned_twice(constraints):
    assert _pinned_twice(ROOT / constraints, CONSTRAINTS[constraints]) == {}


@pytest.mark.parametrize("constraints", sorted(CONSTRAINTS))
def test_the_pinned_versions_satisfy_the_declared_bounds(constraints):
    assert _outside_bounds(ROOT / constraints, CONSTRAINTS[constraints]) == []


def test_the_checks_catch_a_repeated_name_and_a_pin_out_of_bounds(tmp_path):
    """A name spelled two ways is one name; pins for different Pythons are not a repeat."""
    path = tmp_path / "constraints.txt"
    path.write_text(
        "# resolved by hand\n"
        "types-requests==2.32.4.20250809\n"
        "networkx==3.5; python_version >= '3.11'\n"
        "networkx==3.4.2; python_version < '3.11'\n"
        "requests==2.28.2\n"
        "Types_Requests==2.33.0.20261030  # appended later\n"
    )
    assert _pinned_twice(path, ["3.10", "3.11"]) == {
        "types-requests": ["types-requests==2.32.4.20250809", "Types_Requests==2.33.0.20261030"]
    }
    assert _outside_bounds(path, ["3.11"]) == [
        "constraints.txt pins requests==2.28.2, dependencies declares requests>=2.31",
        "constraints.txt pins requests==2.28.2, emulator/pyproject.toml declares requests>=2.31",
    ]
    path.write_text("apache-airflow>=3.0.6\n")
    with pytest.raises(AssertionError, match="not a pin"):
        _pins(path)


def _resolved_on(constraints: str) -> list[str]:
    """The Pythons a file's resolution is checked on: this one where the file's Airflow runs on it,
    else the newest that does; and the oldest, whose pins differ where a release left it behind."""
    pythons = CONSTRAINTS[constraints]
    current = "{}.{}".format(*sys.version_info[:2])
    return sorted({current if current in pythons else pythons[-1], pythons[0]}, key=MATRIX._version)


RESOLUTIONS = [
    (constraints, python) for constraints in sorted(CONSTRAINTS) for python in _resolved_on(constraints)
]


def _interpreter(constraints: str, python: str) -> str:
    interpreter = MATRIX._interpreter(python)
    if interpreter is None:
        pytest.fail(f"{constraints} is for Pythons {CONSTRAINTS[constraints]}: python{python} is not here")
    return interpreter


@pytest.fixture(scope="module")
def dry_runs(request, tmp_path_factory):
    """``pip install --dry-run`` of ``.[dev,emulator]`` against each selected constraints file and
    Python, at once.

    pip asks the package index for metadata only (no package is downloaded or installed) and
    ``--ignore-installed`` makes it resolve everything, as in a new venv.
    """
    folder = tmp_path_factory.mktemp("dry-runs")
    selected = {
        (item.callspec.params["constraints"], item.callspec.params["python"])
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_pip_resolves_the_project_against_the_pins"
    }
    started = {}
    for constraints, python in sorted(selected):
        interpreter = _interpreter(constraints, python)
        name = f"{Path(constraints).stem}-py{python}"
        report = folder / f"{name}.json"
        command = [interpreter, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"]
        command += ["--disable-pip-version-check", "--report", str(report), "-c", constraints]
        if interpreter == sys.executable:
            command.append("--no-build-isolation")  # the venv has hatchling: nothing to fetch for it
        # Not editable: the metadata is the same, and hatchling needs no ``editables`` for it.
        command += [".[dev,emulator]", "./emulator"]
        log = folder / f"{name}.log"
        with log.open("w") as out:
            process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        started[constraints, python] = (process, report, log)
    yield started
    for process, _, _ in started.values():
        if process.poll() is None:
            process.kill()
        process.wait()


@pytest.mark.parametrize(("constraints", "python"), RESOLUTIONS)
def test_pip_resolves_the_project_against_the_pins(constraints, python, dry_runs):
    process, report, log = dry_runs[constraints, python]
    assert process.wait(timeout=600) == 0, log.read_text()[-6000:]
    resolved = {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in json.loads(report.read_text())["install"]
    }
    [airflow] = [p for p in _pins(ROOT / constraints) if p.name == "apache-airflow" and _applies(p, python)]
    assert airflow.specifier.contains(resolved["apache-airflow"])
    assert {"airflow-provider-zoom", "airflow-provider-zoom-emulator", "pytest"} <= set(resolved)


def test_the_emulator_license_is_the_projects():
    assert (ROOT / "emulator" / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()


def test_the_provider_works_without_the_emulator():
    """Without the emulator package every module outside ``testing`` imports; ``testing`` names the extra."""
    code = (
        "import importlib, importlib.abc, pkgutil, sys\n"
        "class Gone(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'airflow_provider_zoom.testing.emulator' or name.startswith("
        "'airflow_provider_zoom.testing.emulator.'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Gone())\n"
        "import airflow_provider_zoom\n"
        "for info in pkgutil.walk_packages(airflow_provider_zoom.__path__, 'airflow_provider_zoom.'):\n"
        "    if not info.name.startswith('airflow_provider_zoom.testing'):\n"
        "        importlib.import_module(info.name)\n"
        "import airflow_provider_zoom.testing as testing\n"
        "try:\n"
        "    testing.ZoomEmulator\n"
        "except ModuleNotFoundError as err:\n"
        "    print('MISSING=' + str(err))\n"
        "print('TESTING=' + ','.join(sorted(m.name for m in pkgutil.iter_modules(testing.__path__))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert lines["MISSING"] == (
        "The Zoom API emulator is not installed; it comes with the emulator extra: "
        'pip install "airflow-provider-zoom[emulator]"'
    )
    # The command and the event sender come with the emulator; the provider's ``testing`` is the hint alone.
    assert lines["TESTING"] == "emulator"


def _release_check():
    spec = importlib.util.spec_from_file_location("check_release", ROOT / "scripts" / "check_release.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_release_check_finds_a_harness_in_the_providers_wheel():
    check = _release_check()
    info = "airflow_provider_zoom-1.0.dist-info"
    runtime = [
        "airflow_provider_zoom/__init__.py",
        "airflow_provider_zoom/py.typed",
        "airflow_provider_zoom/_contract/zoom_api.json",
        "airflow_provider_zoom/testing/__init__.py",
        f"{info}/METADATA",
    ]
    assert check.harness_files(runtime, info) == []
    harnesses = [
        "airflow_provider_zoom/testing/deployment.py",
        "airflow_provider_zoom/testing/emulator/cli.py",
        "airflow_provider_zoom/_contract/zoom_api_replies.json",
        "tests/harness/scale.py",
    ]
    assert check.harness_files(runtime + harnesses, info) == harnesses


def test_the_provider_sources_hold_no_harness():
    """What the provider's wheel is built from: the checkout's package less the emulator's folder."""
    check = _release_check()
    package = ROOT / "airflow_provider_zoom"
    names = [
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and "emulator" not in path.parts
    ]
    assert check.harness_files(names, "none") == []
