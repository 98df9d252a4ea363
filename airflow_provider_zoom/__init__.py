"""Apache Airflow provider for Zoom."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "get_provider_info"]


def get_provider_info() -> dict:
    """Entry point for Airflow's providers manager."""
    from airflow_provider_zoom.get_provider_info import get_provider_info as _info

    return _info()
