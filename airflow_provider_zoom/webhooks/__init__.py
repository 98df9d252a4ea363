"""
Zoom webhooks: signature checks, URL validation, and the Airflow plugin that turns events into asset events.

Importing this package is cheap; the FastAPI application is built only when
:mod:`airflow_provider_zoom.webhooks.plugin` is imported (by the Airflow API server).
"""

from __future__ import annotations

from airflow_provider_zoom.webhooks.assets import create_asset, zoom_asset_uri
from airflow_provider_zoom.webhooks.events import meeting_uuids, zoom_events
from airflow_provider_zoom.webhooks.signature import (
    compute_signature,
    url_validation_response,
    verify_signature,
)

__all__ = [
    "compute_signature",
    "create_asset",
    "meeting_uuids",
    "url_validation_response",
    "verify_signature",
    "zoom_asset_uri",
    "zoom_events",
]
