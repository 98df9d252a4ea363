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
