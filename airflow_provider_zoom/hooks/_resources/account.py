"""Zoom account actions."""

from __future__ import annotations

from airflow_provider_zoom.hooks._resources.base import ZoomApiBase


class AccountMixin(ZoomApiBase):
    """account actions."""
