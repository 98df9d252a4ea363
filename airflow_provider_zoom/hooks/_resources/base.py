"""What every resource mixin relies on: the hook's request, pagination and date-window primitives."""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.errors import reply_json
from airflow_provider_zoom._http.pagination import MAX_PAGE_SIZE, PageTotals, iter_items
from airflow_provider_zoom._http.paths import wire_params
from airflow_provider_zoom._values.dates import month_windows
from airflow_provider_zoom.validation import check_control_characters, check_max_results, rendered_to_none

if TYPE_CHECKING:
    import requests


class ZoomApiBase(abc.ABC):
    """
    Requests, pagination and month windows on top of one authorized send, for ZoomHook and its mixins.

    Mixins build paths with :func:`airflow_provider_zoom._http.paths.api_path` and call these;
    they never touch HTTP themselves. The hook supplies :meth:`_authorized`.
    """

    # Set by :meth:`page_totals` for the duration of its block; read by every list walked inside it.
    _page_totals: PageTotals | None = None

    @abc.abstractmethod
    def _authorized(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """
        Send one request to Zoom with a bearer token, retries and error mapping.

        :param method: HTTP method.
        :param path: path relative to the API base URL, or an absolute URL.
        :param kwargs: what ``requests.Session.request`` takes (``params``, ``json``, ``headers``, ...).
        :return: the response, when its status is below 400.
        :raises ZoomApiError: (or a subclass) when Zoom answers with an error.
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
        """
        Call Zoom with auth, retries and error mapping.

        :param method: HTTP method.
        :param path: path relative to the API base URL, e.g. ``/users/me`` (build it with
            :func:`airflow_provider_zoom._http.paths.api_path` so ids are encoded).
        :param params: query parameters; None values are dropped, booleans sent as ``true``/``false``.
        :param json: JSON body.
        :param data: form body.
        :param files: multipart files, as ``requests`` takes them.
        :param headers: extra headers.
        :param stream: return the open ``requests.Response`` instead of parsed JSON.
        :return: parsed JSON (``{}`` for an empty body), or the response when ``stream``.
        :raises ZoomApiError: (or a subclass) when Zoom answers with an error.
        :raises ZoomConfigError: naming the field when text holds control characters.
        """
        _check_text_values(params=params, json=json, data=data)
        response = self._authorized(
            method,
            path,
            params=wire_params(params),
            json=json,
            data=data,
            files=files,
            headers=headers,
            stream=stream,
        )
        if stream:
            return response
        return reply_json(response.status_code, response.content)

    def request_raw(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """
        Like :meth:`request` but return the (read) response, for text or binary replies.

        :param method: HTTP method.
        :param path: path relative to the API base URL.
        :param kwargs: what ``requests.Session.request`` takes; ``params`` are sent as given.
        """
        kwargs.setdefault("stream", False)
        _check_text_values(params=kwargs.get("params"), json=kwargs.get("json"), data=kwargs.get("data"))
        return self._authorized(method, path, **kwargs)

    # ------------------------------------------------------------------ lists
    def paginate(
        self,
        path: str,
        *,
        items_key: str | tuple[str, ...],
        params: dict[str, Any] | None = None,
        page_size: int | None = MAX_PAGE_SIZE,
        max_results: int | None = None,
    ) -> Iterator[Any]:
        """
        Yield the items of a paginated list across all its pages, one page in memory at a time.

        :param path: the list's API path.
        :param items_key: the key holding the items in each page (``users``, ``meetings``, ...).
        :param params: query parameters for every page.
        :param page_size: page size (capped at Zoom's 300); None leaves Zoom's default.
        :param max_results: stop after this many items.
        """
        return iter_items(
            lambda query: self.request("GET", path, params=query),
            items_key=items_key,
            params=params,
            page_size=_page_size_for(path, page_size),
            max_results=check_max_results(rendered_to_none(max_results)),
            totals=self._page_totals,
        )

    @contextmanager
    def page_totals(self) -> Iterator[PageTotals]:
        """
        Record what the pages read inside the block say about their lists::

            with hook.page_totals() as totals:
                users = hook.list_users()
            totals.total_records  # Zoom's count across pages (None when Zoom sends none)
        """
        previous = self._page_totals
        self._page_totals = totals = PageTotals()
        try:
            yield totals
        finally:
            self._page_totals = previous

    def paginate_date_range(
        self,
        path: str,
        *,
        items_key: str | tuple[str, ...],
        from_: dt.date | dt.datetime | str,
        to: dt.date | dt.datetime | str,
        params: dict[str, Any] | None = None,
        page_size: int | None = MAX_PAGE_SIZE,
        max_results: int | None = None,
        window_params: Callable[[dt.date, dt.date], dict[str, Any]] | None = None,
    ) -> Iterator[Any]:
        """
        Like :meth:`paginate` for endpoints limited to one month per call: walks month windows in order.

        :param path: the list's API path.
        :param items_key: the key holding the items in each page.
        :param from_: first day (inclusive).
        :param to: last day (inclusive).
        :param params: query parameters for every page of every window.
        :param page_size: page size (capped at Zoom's 300); None leaves Zoom's default.
        :param max_results: stop after this many items across all windows.
        :param window_params: the query parameters naming one window's first and last day; default
            ``{"from": "yyyy-mm-dd", "to": "yyyy-mm-dd"}``.
        """
        remaining = check_max_results(rendered_to_none(max_results))
        for start, end in month_windows(from_, to):
            if remaining is not None and remaining <= 0:
                return
            bounds = window_params(start, end) if window_params else _day_window(start, end)
            window = {**(params or {}), **bounds}
            for item in self.paginate(
                path, items_key=items_key, params=window, page_size=page_size, max_results=remaining
            ):
                yield item
                if remaining is not None:
                    remaining -= 1


def _page_size_for(path: str, wanted: int | None) -> int | None:
    """
    The page size to ask for: none where Zoom's reference lists no ``page_size`` (one-page replies
    such as poll reports), and never above the reference's maximum.
    """
    from airflow_provider_zoom._contract import facts

    found = facts.match("GET", path)
    if wanted is None or found is None or not found[0].described:
        return wanted
    node = ((found[0].query or {}).get("properties") or {}).get("page_size")
    if node is None:
        return None
    return min(int(wanted), int(node.get("maximum", wanted)))


def _day_window(start: dt.date, end: dt.date) -> dict[str, str]:
    return {"from": start.isoformat(), "to": end.isoformat()}


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """Drop unset arguments so Zoom applies its own defaults."""
    return {k: v for k, v in values.items() if v is not None}


def _check_text_values(**parts: Any) -> None:
    """Refuse control characters in the text of a request's query, JSON body or form, before sending."""
    for part in parts.values():
        if isinstance(part, (dict, list)):
            check_control_characters(part, "")
