"""A local, stateful emulator of Zoom's REST API v2 for tests and local development.

``ZoomEmulator`` serves the emulator on 127.0.0.1 in a background thread::

    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator(seed=1) as zoom:
        os.environ.update(zoom.connection_env())
        ...

The emulator itself (``airflow_provider_zoom.testing.emulator``) is a distribution of its own,
``airflow-provider-zoom-emulator``: ``pip install "airflow-provider-zoom[emulator]"``. Without it
the names below raise a ``ModuleNotFoundError`` that says so.

Importing this package is cheap: FastAPI and uvicorn are imported only when an emulator starts.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from airflow_provider_zoom.testing.emulator.config import EmulatorConfig
    from airflow_provider_zoom.testing.emulator.server import ZoomEmulator

__all__ = ["EMULATOR_MISSING", "EmulatorConfig", "ZoomEmulator", "expected_file_bytes", "expected_sha256"]

EMULATOR_PACKAGE = "airflow_provider_zoom.testing.emulator"
EMULATOR_MISSING = (
    "The Zoom API emulator is not installed; it comes with the emulator extra: "
    'pip install "airflow-provider-zoom[emulator]"'
)

# Public name -> the emulator module defining it.
_LAZY = {
    "EmulatorConfig": "config",
    "ZoomEmulator": "server",
    "expected_file_bytes": "files",
    "expected_sha256": "files",
}


def emulator_module(name: str) -> ModuleType:
    """Import ``airflow_provider_zoom.testing.emulator.<name>``, saying how to install it when absent.

    :param name: the module inside the emulator package, e.g. ``server``.
    :raises ModuleNotFoundError: naming the ``emulator`` extra when the emulator is not installed.
    """
    try:
        return importlib.import_module(f"{EMULATOR_PACKAGE}.{name}")
    except ModuleNotFoundError as err:
        if err.name != EMULATOR_PACKAGE:
            raise
        raise ModuleNotFoundError(EMULATOR_MISSING, name=EMULATOR_PACKAGE) from None


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(emulator_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
