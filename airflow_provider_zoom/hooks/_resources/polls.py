"""Zoom polls actions."""

from __future__ import annotations

from airflow_provider_zoom.hooks._resources.base import ZoomApiBase


class PollsMixin(ZoomApiBase):
    """polls actions."""
