"""ZoomApiOperator: call any Zoom REST endpoint the other operators do not cover."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.operators.base import ZoomBaseOperator, is_static
from airflow_provider_zoom.validation import (
    HTTP_METHODS,
    at_most_one,
    check_choice,
    check_endpoint,
    check_int,
    check_max_results,
    check_method,
    check_query_params,
)

if TYPE_CHECKING:
    from airflow.sdk import Context

RESPONSE_TYPES = ("json", "text", "binary")
# Binary replies larger than this are not put in XCom (which lives in the metadata database).
DEFAULT_MAX_BINARY_BYTES = 1 << 20

__all__ = ["HTTP_METHODS", "RESPONSE_TYPES", "ZoomApiOperator", "check_endpoint"]


class ZoomApiOperator(ZoomBaseOperator):
    """
    Call a Zoom REST endpoint with the connection's auth, retries and error mapping.

    Scopes: those Zoom lists for the endpoint called (``ZoomDescribeTokenScopesOperator`` checks them).

    The endpoint is a path relative to the connection's API base URL (``/users/me``); ids inside it
    must already be URL-encoded (UUIDs that start with ``/`` or contain ``//`` twice, as Zoom requires).
    Prefer the dedicated operators where one exists: they check inputs before calling Zoom.

    Return value by ``response_type``:

    * ``json`` (default): the parsed JSON (``{}`` for an empty reply); with ``items_key``, the items of
      every page as one list.
    * ``text``: the body as text.
    * ``binary``: ``{"content_type", "size", "sha256", "base64"}``; ``base64`` is left out (with a
      warning) when the body exceeds ``max_binary_bytes``, because XCom is no place for files: use
      the transfer operators or ``ZoomHook.download`` for recordings.

    :param endpoint: the path, e.g. ``/users/me/meetings`` (templated). Absolute URLs are refused.
    :param method: ``GET`` (default), ``POST``, ``PUT``, ``PATCH`` or ``DELETE``.
    :param query_params: query string parameters (templated; ``params`` is taken by Airflow for
        DAG params).
    :param json: JSON body (templated, nested values too).
    :param data: form body (templated).
    :param files: multipart files: ``{"field": "path or URL"}`` or ``{"field": (filename, "path",
        content_type)}``; paths are opened with :class:`~airflow.sdk.ObjectStoragePath` (templated).
    :param headers: extra headers (templated); ``Authorization`` is always set by the hook.
    :param response_type: ``json``, ``text`` or ``binary``.
    :param items_key: paginate a GET list and return the items under this key (``users``,
        ``meetings``, ...).
    :param max_results: with ``items_key``, stop after this many items.
    :param max_retries: retry budget for rate limits, 5xx and dropped connections (default from the
        connection).
    :param timeout: request timeout in seconds (default from the connection).
    :param max_binary_bytes: largest binary body returned in XCom as base64.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "endpoint",
        "method",
        "query_params",
        "json",
        "data",
        "files",
        "headers",
        "response_type",
        "items_key",
        "max_results",
    )
    template_fields_renderers = {"json": "json", "query_params": "json", "headers": "json"}

    def __init__(
        self,
        *,
        endpoint: str,
        method: str = "GET",
        query_params: dict[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        files: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        response_type: str = "json",
        items_key: str | None = None,
        max_results: int | None = None,
        max_retries: int | None = None,
        timeout: float | None = None,
        max_binary_bytes: int = DEFAULT_MAX_BINARY_BYTES,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        check_int("max_retries", max_retries, minimum=0)
        if timeout is not None:
            try:
                positive = float(timeout) > 0
            except (TypeError, ValueError):
                positive = False
            if not positive:
                raise ZoomConfigError("timeout", f"must be a positive number of seconds, got {timeout!r}")
        if is_static(endpoint):
            check_endpoint(endpoint)
        if is_static([method, response_type]):
            self._check_shape(method, response_type, json, data, files, items_key)
        self.endpoint = endpoint
        self.method = method
        self.query_params = query_params
        self.json = json
        self.data = data
        self.files = files
        self.headers = headers
        self.response_type = response_type
        self.items_key = items_key
        self.max_results = max_results
        self.max_retries = max_retries
        self.timeout = timeout
        self.max_binary_bytes = max_binary_bytes

    @cached_property
    def hook(self) -> ZoomHook:
        return ZoomHook(zoom_conn_id=self.zoom_conn_id, max_retries=self.max_retries, timeout=self.timeout)

    @staticmethod
    def _check_shape(
        method: Any, response_type: Any, json: Any, data: Any, files: Any, items_key: Any
    ) -> str:
        verb = check_method("method", method)
        check_choice("response_type", response_type, RESPONSE_TYPES)
        at_most_one(json=json, data=data)
        at_most_one(json=json, files=files)
        if items_key and (verb != "GET" or response_type != "json"):
            raise ZoomConfigError("items_key", "pagination needs method GET and response_type json")
        return verb

    def execute(self, context: Context) -> Any:
        endpoint = check_endpoint(self.endpoint)
        verb = self._check_shape(
            self.method, self.response_type, self.json, self.data, self.files, self.items_key
        )
        max_results = check_max_results(self.max_results)
        query = check_query_params("query_params", self.query_params) or {}
        self.log.info("Calling Zoom: %s %s", verb, endpoint.split("?", 1)[0])
        if self.items_key:
            items = list(
                self.hook.paginate(endpoint, items_key=self.items_key, params=query, max_results=max_results)
            )
            self.log.info("Read %d item(s) under %r.", len(items), self.items_key)
            return items
        files = self._open_files()
        kwargs = {
            "params": {k: v for k, v in query.items() if v is not None} or None,
            "json": self.json,
            "data": self.data,
            "files": files,
            "headers": dict(self.headers or {}) or None,
        }
        if self.response_type == "json":
            return self.hook.request(verb, endpoint, **kwargs)
        response = self.hook.request_raw(verb, endpoint, **kwargs)
        if self.response_type == "text":
            return response.text
        return self._binary(response.content, response.headers.get("Content-Type"))

    def _open_files(self) -> dict[str, Any] | None:
        if not self.files:
            return None
        if not isinstance(self.files, Mapping):
            raise ZoomConfigError("files", "must be a dict of field name to path (or (filename, path, type))")
        from airflow.sdk import ObjectStoragePath

        opened: dict[str, Any] = {}
        for field, spec in self.files.items():
            if isinstance(spec, (bytes, bytearray)):
                opened[field] = (field, bytes(spec))
                continue
            filename, location, *rest = spec if isinstance(spec, (tuple, list)) else (None, spec)
            path = ObjectStoragePath(str(location))
            if not path.exists():
                raise ZoomConfigError(f"files.{field}", f"no such file: {location}")
            # Bytes, not the open file: requests reads only objects it sees a ``read`` on, and
            # Airflow's tracking file wrapper hides it on Python 3.12+. Zoom's uploads are small.
            with path.open("rb") as handle:
                opened[field] = (filename or path.name, handle.read(), *rest)
        return opened

    def _binary(self, content: bytes, content_type: str | None) -> dict[str, Any]:
        result: dict[str, Any] = {
            "content_type": content_type,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
        if len(content) <= self.max_binary_bytes:
            result["base64"] = base64.b64encode(content).decode("ascii")
        else:
            self.log.warning(
                "Binary reply of %d bytes exceeds max_binary_bytes=%d; returning its size and sha256 only.",
                len(content),
                self.max_binary_bytes,
            )
        return result
