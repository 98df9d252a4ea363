"""Names whose home moved between Airflow 3 minors, imported once from the right place.

Every module of the provider imports these names from here, so the supported range is decided in
this one file. Airflow 3.0 ships ``BaseHook`` and the exceptions in Airflow core only; 3.1 adds
``airflow.sdk.BaseHook``; 3.2 moves ``conf`` and the task exceptions into the Task SDK.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import TYPE_CHECKING, Any


def get_base_airflow_version_tuple() -> tuple[int, int, int]:
    """The installed Airflow's ``(major, minor, micro)``, pre-release tags ignored."""
    from airflow import __version__
    from packaging.version import Version

    version = Version(__version__)
    return version.major, version.minor, version.micro


AIRFLOW_V_3_1_PLUS: bool = get_base_airflow_version_tuple() >= (3, 1, 0)
AIRFLOW_V_3_2_PLUS: bool = get_base_airflow_version_tuple() >= (3, 2, 0)
AIRFLOW_V_3_3_PLUS: bool = get_base_airflow_version_tuple() >= (3, 3, 0)

# The type checker reads the newest Airflow's names (``TYPE_CHECKING or``); older homes are for
# the running interpreter only.
if TYPE_CHECKING or AIRFLOW_V_3_1_PLUS:
    from airflow.sdk import BaseHook
else:
    from airflow.hooks.base import BaseHook

if TYPE_CHECKING or AIRFLOW_V_3_2_PLUS:
    from airflow.sdk import conf
    from airflow.sdk.exceptions import (
        AirflowException,
        AirflowFailException,
        AirflowSensorTimeout,
        AirflowSkipException,
        TaskDeferred,
    )
else:
    # Before 3.2 the Task SDK raises and catches Airflow core's classes.
    from airflow.configuration import conf
    from airflow.exceptions import (
        AirflowException,
        AirflowFailException,
        AirflowSensorTimeout,
        AirflowSkipException,
        TaskDeferred,
    )


def mask_secret(value: str) -> None:
    """Airflow's ``mask_secret``, also safe inside a running event loop (the triggerer's) on every minor.

    Airflow 3.0's first hands the value to its supervisor through ``async_to_sync``, which raises in a
    running loop; 3.1 masks it in this process first and lets that hand-over fail. In a loop on 3.0 the
    value is masked in this process, as 3.1 does there.
    """
    from airflow.sdk.log import mask_secret as airflow_mask_secret

    if AIRFLOW_V_3_1_PLUS:
        airflow_mask_secret(value)
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        airflow_mask_secret(value)
        return
    # A module of Airflow 3.0 only (imported by name, so type checkers reading 3.3 do not look for it).
    masker = importlib.import_module("airflow.sdk.execution_time.secrets_masker")
    masker._secrets_masker().add_mask(value)


def trigger_argument(value: Any) -> Any:
    """A trigger's argument as the DAG gave it, on every minor.

    Airflow 3.2 hands an asset watcher's trigger a dict argument still in its serializer's envelope,
    with the envelope's keys spelled as the enum's ``str()``: ``{"Encoding.TYPE": "dict",
    "Encoding.VAR": {...}}``. Airflow's own deserializer opens it once the keys are spelled right.
    """
    if not isinstance(value, dict) or set(value) != {"Encoding.TYPE", "Encoding.VAR"}:
        return value
    from airflow.serialization.enums import Encoding
    from airflow.serialization.serialized_objects import BaseSerialization

    spelled = {str(member): member.value for member in Encoding}

    def respell(item: Any) -> Any:
        if isinstance(item, dict):
            return {spelled.get(k, k): respell(v) for k, v in item.items()}
        if isinstance(item, list):
            return [respell(v) for v in item]
        return item

    return BaseSerialization.deserialize(respell(value))


def __getattr__(name: str) -> object:
    # Resolved on first use: DAG files and tests need these, not every hook import.
    if name == "CronDataIntervalTimetable":
        if TYPE_CHECKING or AIRFLOW_V_3_2_PLUS:
            from airflow.sdk import CronDataIntervalTimetable
        else:
            from airflow.timetables.interval import CronDataIntervalTimetable
        return CronDataIntervalTimetable
    if name == "DagBag":
        if TYPE_CHECKING or AIRFLOW_V_3_2_PLUS:
            from airflow.dag_processing.dagbag import DagBag
        else:
            from airflow.models.dagbag import DagBag
        return DagBag
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AIRFLOW_V_3_1_PLUS",
    "AIRFLOW_V_3_2_PLUS",
    "AIRFLOW_V_3_3_PLUS",
    "AirflowException",
    "AirflowFailException",
    "AirflowSensorTimeout",
    "AirflowSkipException",
    "BaseHook",
    "TaskDeferred",
    "conf",
    "mask_secret",
]
