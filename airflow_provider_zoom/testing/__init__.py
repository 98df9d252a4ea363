"""A local, stateful emulator of Zoom's REST API v2 for tests and local development.

``ZoomEmulator`` serves the emulator on 127.0.0.1 in a background thread::

    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator(seed=1) as zoom:
        os.environ.update(zoom.connection_env())
        ...

Importing this package is cheap: FastAPI and uvicorn are imported only when an emulator starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.testing.emulator.config import EmulatorConfig

if TYPE_CHECKING:
    from airflow_provider_zoom.testing.emulator.server import ZoomEmulator

__all__ = ["EmulatorConfig", "ZoomEmulator", "expected_file_bytes", "expected_sha256"]


def __getattr__(name: str) -> Any:
    if name == "ZoomEmulator":
        from airflow_provider_zoom.testing.emulator.server import ZoomEmulator

        return ZoomEmulator
    if name in ("expected_file_bytes", "expected_sha256"):
        from airflow_provider_zoom.testing.emulator import files

        return getattr(files, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
