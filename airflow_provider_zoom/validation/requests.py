"""
Checks for a request to any Zoom endpoint, named by its path: ``ZoomApiOperator`` and ``ZoomApiSensor``
(and its trigger's inputs) share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation.checks import check_choice, check_mapping, require

#: The HTTP methods Zoom's REST API uses.
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
#: The methods that only read, for sensors.
READ_METHODS = ("GET", "HEAD")


# A scheme ("https:", "javascript:", "localhost:8080") makes the text a URL, not a path.
_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def check_endpoint(endpoint: Any, field: str = "endpoint") -> str:
    """
    A path relative to the connection's API base URL (a leading ``/`` is added), so the bearer token
    never leaves Zoom's API.

    Refused, before any request: absolute URLs (any ``scheme:``), scheme-relative ``//host``, empty
    segments (``//``), backslashes, ``.`` and ``..`` segments, control characters, and each of these
    hidden behind one level of percent-encoding (``%2F%2F``, ``%5C``, ``%2E%2E``). Ids holding a
    ``/`` travel encoded twice (see :func:`~airflow_provider_zoom._http.paths.encode_path_id`), so
    Zoom's UUIDs still pass. A query string after ``?`` is kept.

    :param endpoint: the path as given (after templating).
    :param field: the argument's name, for the error.
    :raises ZoomConfigError: naming ``field`` and the problem.
    """
    text = str(require(field, endpoint)).strip()
    path, _, query = text.partition("?")
    shown = repr(path if len(path) <= 80 else path[:80] + "...")
    for form in (text, unquote(text)):
        if _CONTROL_RE.search(form):
            raise ZoomConfigError(field, f"must not hold control characters, got {shown}")
        if "\\" in form:
            raise ZoomConfigError(field, f"must not hold backslashes, got {shown}")
    for form in (path, unquote(path)):
        if _SCHEME_RE.match(form) or form.startswith("//"):
            raise ZoomConfigError(
                field, f"must be a path under the connection's API base like '/users/me', not a URL: {shown}"
            )
        segments = form.lstrip("/").split("/")
        if "" in segments[:-1] or any(segment in (".", "..") for segment in segments):
            raise ZoomConfigError(field, f"must not hold empty, '.' or '..' segments, got {shown}")
    path = path if path.startswith("/") else "/" + path
    return f"{path}?{query}" if query else path


def check_method(field: str, method: Any, allowed: Iterable[str] = HTTP_METHODS) -> str:
    """An HTTP method, upper-cased (``get`` reads as ``GET``), one of ``allowed``."""
    return str(check_choice(field, str(method or "").upper(), allowed))


def check_query_params(field: str, params: Any) -> dict[str, Any] | None:
    """Query parameters: a dict of name to value, or None for none."""
    return check_mapping(field, params)
