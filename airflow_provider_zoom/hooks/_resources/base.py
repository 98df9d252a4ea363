"""What every resource mixin may rely on: the hook's request, pagination and date-window primitives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any


class ZoomApiBase:
    """
    The primitives ZoomHook provides to its resource mixins.

    Mixins build paths with :func:`airflow_provider_zoom._http.paths.api_path` and call these;
    they never touch HTTP themselves.
    """

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
        stream: bool = False,
    ) -> Any:
        raise NotImplementedError

    def paginate(
        self,
        path: str,
        *,
        items_key: str | tuple[str, ...],
        params: dict[str, Any] | None = None,
        page_size: int | None = 300,
        max_results: int | None = None,
    ) -> Iterator[Any]:
        raise NotImplementedError

    def paginate_date_range(
        self,
        path: str,
        *,
        items_key: str | tuple[str, ...],
        from_: dt.date | dt.datetime | str,
        to: dt.date | dt.datetime | str,
        params: dict[str, Any] | None = None,
        page_size: int | None = 300,
        max_results: int | None = None,
        window_params: Callable[[dt.date, dt.date], dict[str, Any]] | None = None,
    ) -> Iterator[Any]:
        raise NotImplementedError


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """Drop unset arguments so Zoom applies its own defaults."""
    return {k: v for k, v in values.items() if v is not None}


def body_fields(arguments: dict[str, Any], *path_args: str) -> dict[str, Any]:
    """
    The body fields a method was called with, from its ``locals()`` taken as its first statement.

    ``self`` and ``path_args`` (ids in the path, query parameters) are left out; the ``unknown``
    catch-all (``**unknown``) is merged in, so the body check refuses a stray keyword by its name.
    Each field is thus written once, in the method's signature.
    """
    fields = {k: v for k, v in arguments.items() if k not in ("self", "unknown", *path_args)}
    return {**fields, **arguments.get("unknown", {})}
