"""Conventions of every operator, sensor and transfer: inputs templated and documented, modules registered.

The modules are found by walking the packages, so a new module is checked without being listed here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from airflow.sdk import BaseOperator

import airflow_provider_zoom.operators
import airflow_provider_zoom.sensors
import airflow_provider_zoom.transfers
from airflow_provider_zoom.get_provider_info import get_provider_info
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomHostUrlOperator, ZoomListOperator
from airflow_provider_zoom.sensors.base import ZoomBaseSensor

PACKAGES = (airflow_provider_zoom.operators, airflow_provider_zoom.sensors, airflow_provider_zoom.transfers)
# ``base`` modules hold the shared bases (see test_shared_bases_document_their_inputs); modules
# whose name starts with "_" are internal and hold no task a DAG uses.
NOT_TASK_MODULES = {"base"}
# Each shared base documents its own inputs once; a subclass documents only what it adds.
SHARED_BASES = (ZoomBaseOperator, ZoomHostUrlOperator, ZoomListOperator, ZoomBaseSensor, BaseOperator)

_TUNING = "tuning of how the task runs (timeouts, retries, limits), set per task, not data of the run"
_PARSE_TIME = "checked when the DAG file is parsed, so a bad value fails before any run"
_SHAPE = "shapes what the task returns; fixed per task so downstream tasks can rely on it"
# Inputs deliberately not templated, each with its reason.
NOT_TEMPLATED: dict[str, dict[str, str]] = {
    "ZoomApiOperator": dict.fromkeys(("timeout", "max_retries", "max_binary_bytes"), _TUNING),
    "ZoomApiSensor": {"response_check": "a callable; templates render text", "request_method": _PARSE_TIME},
    "ZoomRecordingReadySensor": {"min_files": _PARSE_TIME},
    "ZoomWebinarRegistrantsSensor": {"min_registrants": _PARSE_TIME},
    "ZoomArchiveFilesToObjectStorageOperator": {
        **dict.fromkeys(
            (
                "download_speed_limit",
                "download_speed_time",
                "download_token_ttl",
                "max_active_downloads",
                "max_xcom_rows",
                "progress_interval",
                "upload_block_size",
                "verify_existing",
            ),
            _TUNING,
        ),
        **dict.fromkeys(("user_id", "account_id"), "not an archive source: refused when the task is made"),
    },
    "ZoomPhoneRecordingsToObjectStorageOperator": {
        **dict.fromkeys(
            (
                "download_speed_limit",
                "download_speed_time",
                "download_token_ttl",
                "max_active_downloads",
                "max_xcom_rows",
                "progress_interval",
                "upload_block_size",
                "verify_existing",
            ),
            _TUNING,
        ),
        "kind": "picks the listing, its path template and what deletion may do: fixed when the task is made",
        **dict.fromkeys(("meeting_id", "account_id"), "not a phone source: refused when the task is made"),
    },
    "ZoomRecordingsToObjectStorageOperator": dict.fromkeys(
        (
            "download_speed_limit",
            "download_speed_time",
            "download_token_ttl",
            "max_active_downloads",
            "max_xcom_rows",
            "progress_interval",
            "upload_block_size",
            "verify_existing",
        ),
        _TUNING,
    ),
    "ZoomReportToObjectStorageOperator": {"compression": _PARSE_TIME, "max_results": _TUNING},
    "ZoomUpdateMeetingOperator": {"return_meeting": _SHAPE},
    "ZoomUpdateWebinarOperator": {"return_webinar": _SHAPE},
    "ZoomHostUrlOperator": {
        "include_start_url": "a host credential leaves the task only when the DAG file asks, not a run"
    },
    # Airflow decides whether to defer before the task runs; no provider templates it.
    "ZoomBaseSensor": {"deferrable": "read before execute to choose poking or deferring"},
}


def task_modules() -> list[str]:
    names = []
    for package in PACKAGES:
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("_") and info.name not in NOT_TASK_MODULES:
                names.append(f"{package.__name__}.{info.name}")
    return sorted(names)


MODULES = task_modules()


def task_classes():
    for name in MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseOperator) and cls.__module__ == name and not cls.__name__.startswith("_"):
                yield cls


def _params(init) -> set[str]:
    return {
        param.name
        for param in inspect.signature(init).parameters.values()
        if param.kind in (param.KEYWORD_ONLY, param.POSITIONAL_OR_KEYWORD) and param.name != "self"
    }


def inputs_of(cls) -> set[str]:
    """The inputs a class adds to its shared bases (whose own docstrings describe theirs)."""
    names: set[str] = set()
    shared: set[str] = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        if klass in SHARED_BASES:
            shared |= _params(init)
        elif not shared:
            names |= _params(init)
    return names - shared


CLASSES = sorted(task_classes(), key=lambda c: c.__name__)


def test_the_walk_finds_every_kind_of_task():
    packages = {cls.__module__.rsplit(".", 1)[0] for cls in CLASSES}
    assert packages == {p.__name__ for p in PACKAGES}
    assert "airflow_provider_zoom.operators.download_links" in MODULES
    assert "airflow_provider_zoom.transfers.recordings" in MODULES
    assert len(CLASSES) >= 60, len(CLASSES)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_input_is_templated_and_documented(cls):
    inputs = inputs_of(cls)
    untemplated = inputs - set(cls.template_fields) - set(NOT_TEMPLATED.get(cls.__name__, {}))
    assert not untemplated, f"{cls.__name__} does not template {sorted(untemplated)}"
    assert "zoom_conn_id" in cls.template_fields
    doc = inspect.getdoc(cls) or ""
    missing = [name for name in inputs if f":param {name}:" not in doc]
    assert not missing, f"{cls.__name__} does not document {missing}"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_task_names_the_scopes_it_needs(cls):
    assert "scope" in (inspect.getdoc(cls) or "").lower()


@pytest.mark.parametrize("name", sorted(NOT_TEMPLATED))
def test_each_exception_names_an_input_that_is_not_templated(name):
    bases = [ZoomBaseSensor, ZoomHostUrlOperator]
    cls = next((c for c in [*CLASSES, *bases] if c.__name__ == name), None)
    assert cls is not None, f"{name} is no longer a task; drop its exception"
    own = inputs_of(cls) if cls not in bases else set(inspect.signature(cls.__init__).parameters)
    for field, reason in NOT_TEMPLATED[name].items():
        assert field in own and field not in cls.template_fields, (name, field)
        assert reason


def test_modules_are_registered_in_the_provider_info():
    info = get_provider_info()
    listed = {m for kind in ("operators", "sensors") for entry in info[kind] for m in entry["python-modules"]}
    listed |= {entry["python-module"] for entry in info["transfers"]}
    assert set(MODULES) == listed


@pytest.mark.parametrize("base", [ZoomListOperator, ZoomHostUrlOperator, ZoomBaseSensor])
def test_shared_bases_document_their_inputs(base):
    init = base.__dict__["__init__"]
    names = {p.name for p in inspect.signature(init).parameters.values() if p.kind is p.KEYWORD_ONLY}
    doc = inspect.getdoc(base) or ""
    assert names and names - set(NOT_TEMPLATED.get(base.__name__, {})) <= set(base.template_fields)
    assert [n for n in names if f":param {n}:" not in doc] == []
