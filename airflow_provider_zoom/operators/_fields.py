"""Where the operator modules have long imported :func:`is_static` from; it lives in :mod:`.base`."""

from __future__ import annotations

from airflow_provider_zoom.operators.base import is_static

__all__ = ["is_static"]
