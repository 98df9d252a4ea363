"""Path building for Zoom's API, with Zoom's double-encoding rule for awkward UUIDs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit


def encode_path_id(value: str | int) -> str:
    """
    Encode one path segment (a meeting id, UUID, user id or email).

    Zoom requires a UUID that begins with ``/`` or contains ``//`` to be URL-encoded twice. Any
    value holding a ``/`` is encoded twice: Zoom decodes twice either way, while a single ``%2F`` is
    turned into a path separator by many servers and proxies on the way. Everything else is
    encoded once so ``=`` and ``+`` cannot break the path.
    """
    text = str(value).strip()
    if not text:
        raise ValueError("path id: must not be empty")
    once = quote(text, safe="")
    if "/" in text:
        return quote(once, safe="")
    return once


def api_path(template: str, **ids: str | int) -> str:
    """
    Fill ``template`` (e.g. ``/meetings/{meeting_id}/recordings``) with encoded ids.

    :raises ValueError: naming the id that is missing or empty.
    """
    encoded = {}
    for name, value in ids.items():
        if value is None or str(value).strip() == "":
            raise ValueError(f"{name}: must not be empty")
        encoded[name] = encode_path_id(value)
    return template.format(**encoded)


def wire_params(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """
    Query parameters as Zoom reads them: None values dropped, booleans as ``true``/``false``.

    ``requests`` would send Python's ``True``; Zoom documents lowercase (and httpx agrees).
    """
    out = {k: _wire_value(v) for k, v in (params or {}).items() if v is not None}
    return out or None


def _wire_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return [_wire_value(v) for v in value]
    return value


def api_url(api_base_url: str, path: str) -> str:
    """Absolute URL for an API path (``/meetings/123``) under ``api_base_url``; absolute URLs pass through."""
    if path.startswith(("http://", "https://")):
        return path
    return api_base_url + (path if path.startswith("/") else "/" + path)


def redact_url(url: str) -> str:
    """Drop the query string and credentials of a URL so it can be logged (download tokens live there)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    suffix = "?…" if parts.query else ""
    return f"{parts.scheme}://{host}{parts.path}{suffix}"
