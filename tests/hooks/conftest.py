"""A ZoomHook on ``zoom_default`` (see ``zoom_conn``) that does not sleep between retries."""

from __future__ import annotations

import pytest

from airflow_provider_zoom.hooks.zoom import ZoomHook


@pytest.fixture
def hook(zoom_conn) -> ZoomHook:
    h = ZoomHook()
    h._sleep = lambda seconds: None
    return h
