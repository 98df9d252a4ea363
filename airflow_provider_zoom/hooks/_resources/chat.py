"""Zoom chat actions."""

from __future__ import annotations

from airflow_provider_zoom.hooks._resources.base import ZoomApiBase


class ChatMixin(ZoomApiBase):
    """chat actions."""
