"""Apache Airflow provider for Zoom."""

from __future__ import annotations

# The one place the version is written: the build (hatch) of both distributions and get_provider_info()
# read it here; only the emulator extra's pin in pyproject.toml repeats it (tests/test_packaging.py).
__version__ = "0.1.0"

# Imported eagerly so the name refers to the function, not the submodule of the same name
# (the ``apache_airflow_provider`` entry point is ``airflow_provider_zoom:get_provider_info``).
from airflow_provider_zoom.get_provider_info import get_provider_info

__all__ = ["__version__", "get_provider_info"]
