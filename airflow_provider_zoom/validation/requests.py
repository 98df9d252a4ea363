"""
Checks for a request to any Zoom endpoint, named by its path: ``ZoomApiOperator`` and ``ZoomApiSensor``
(and its trigger's inputs) share them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation.checks import check_choice, check_mapping, require

#: The HTTP methods Zoom's REST API uses.
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
#: The methods that only read, for sensors.
READ_METHODS = ("GET", "HEAD")


def check_endpoint(endpoint: Any, field: str = "endpoint") -> str:
    """
    A path relative to the API base URL (a leading ``/`` is added); absolute URLs are refused so the
    token never leaves Zoom.

    :raises ZoomConfigError: naming ``field`` when the path is missing or is an absolute URL.
    """
    text = str(require(field, endpoint)).strip()
    lowered = text.lower()
    if "://" in lowered or lowered.startswith("//"):
        raise ZoomConfigError(
            field, f"must be a path like '/users/me', not an absolute URL: {text.split('?', 1)[0]!r}"
        )
    return text if text.startswith("/") else "/" + text


def check_method(field: str, method: Any, allowed: Iterable[str] = HTTP_METHODS) -> str:
    """An HTTP method, upper-cased (``get`` reads as ``GET``), one of ``allowed``."""
    return str(check_choice(field, str(method or "").upper(), allowed))


def check_query_params(field: str, params: Any) -> dict[str, Any] | None:
    """Query parameters: a dict of name to value, or None for none."""
    return check_mapping(field, params)
