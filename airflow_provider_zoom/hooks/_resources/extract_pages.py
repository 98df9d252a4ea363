"""Walking the named extracts (:mod:`airflow_provider_zoom.hooks.extracts`) page by page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase
from airflow_provider_zoom.hooks.extracts import (
    WINDOW_NONE,
    WINDOW_RANGE,
    get_extract,
    resolve_range,
)


class ExtractsMixin(ZoomApiBase):
    """Walk named extracts (:data:`EXTRACTS`) or any list endpoint, one page in memory at a time."""

    def iter_extract(
        self,
        name: str,
        *,
        from_: dt.date | dt.datetime | str | None = None,
        to: dt.date | dt.datetime | str | None = None,
        params: Mapping[str, Any] | None = None,
        page_size: int | None = 300,
        max_results: int | None = None,
        **ids: str | int,
    ) -> Iterator[dict[str, Any]]:
        """
        Yield the rows of a named extract.

        Date-ranged extracts are split into one-month windows (``month_windows``), one call (and its
        pages) per window.

        :param name: an extract name from :data:`EXTRACTS`, e.g. ``webinar_participants``.
        :param from_: first day (inclusive), for date-ranged extracts; required by ``range`` extracts.
        :param to: last day (inclusive), default today.
        :param params: extra query parameters (``status``, ``type``, ...).
        :param page_size: page size (Zoom caps it at 300).
        :param max_results: stop after this many rows.
        :param ids: the path's ids, e.g. ``webinar_id=...``, ``meeting_id=...``, ``user_id=...``.
        :raises ZoomConfigError: for an unknown name, a missing or unexpected id, or a bad range,
            before any call to Zoom.
        """
        from airflow_provider_zoom.exceptions import ZoomConfigError

        spec = get_extract(name)
        values = {**spec.defaults, **{k: v for k, v in ids.items() if v is not None}}
        unexpected = sorted(set(values) - set(spec.ids))
        if unexpected:
            raise ZoomConfigError(unexpected[0], f"extract {name!r} takes no {unexpected[0]}")
        for key in spec.ids:
            if values.get(key) in (None, ""):
                raise ZoomConfigError(key, f"required by extract {name!r} ({spec.path})")
        path = api_path(spec.path, **values) if spec.ids else spec.path
        query = {**spec.params, **(params or {})}
        if spec.window == WINDOW_NONE:
            if resolve_range(from_, to, required=False) is not None:
                raise ZoomConfigError("from_", f"extract {name!r} is not date-ranged")
            yield from self.paginate(
                path, items_key=spec.items_key, params=query, page_size=page_size, max_results=max_results
            )
        elif spec.window == WINDOW_RANGE:
            start, end = resolve_range(from_, to, required=True)  # type: ignore[misc]
            yield from self.paginate_date_range(
                path,
                items_key=spec.items_key,
                from_=start,
                to=end,
                params=query,
                page_size=page_size,
                max_results=max_results,
            )
        else:
            yield from self._iter_monthly(path, spec.items_key, from_, to, query, max_results)

    def _iter_monthly(
        self,
        path: str,
        items_key: str,
        from_: Any,
        to: Any,
        params: Mapping[str, Any],
        max_results: int | None,
    ) -> Iterator[dict[str, Any]]:
        """``year``/``month`` reports (daily usage): one call per month, rows outside the range dropped."""
        from airflow_provider_zoom._values.dates import calendar_months, utc_today

        bounds = resolve_range(from_, to, required=False)
        if bounds is None:
            today = utc_today()
            bounds = (today.replace(day=1), today)
        start, end = bounds
        count = 0
        for year, month in calendar_months(start, end):
            query = {**params, "year": year, "month": month}
            page = self.request("GET", path, params=query) or {}
            for item in page.get(items_key) or []:
                day = str(item.get("date", ""))[:10] if isinstance(item, dict) else ""
                if day and not (start.isoformat() <= day <= end.isoformat()):
                    continue
                yield item
                count += 1
                if max_results is not None and count >= max_results:
                    return

    def iter_endpoint(
        self,
        path: str,
        items_key: str,
        params: Mapping[str, Any] | None = None,
        from_: dt.date | dt.datetime | str | None = None,
        to: dt.date | dt.datetime | str | None = None,
        *,
        page_size: int | None = 300,
        max_results: int | None = None,
        **ids: str | int,
    ) -> Iterator[dict[str, Any]]:
        """
        Yield the items of any list endpoint; with ``from_``, walk it in one-month ``from``/``to`` windows.

        :param path: API path, e.g. ``/report/webinars/{webinar_id}/participants``; ``{placeholders}``
            are filled (encoded) from ``ids``.
        :param items_key: the list's key in each page.
        :param params: query parameters for every call.
        :param from_: first day (inclusive); when given, the endpoint is taken as date-ranged.
        :param to: last day (inclusive), default today.
        :param page_size: page size (Zoom caps it at 300).
        :param max_results: stop after this many items.
        """
        from airflow_provider_zoom.exceptions import ZoomConfigError

        if not path or not str(path).strip():
            raise ZoomConfigError("endpoint", "must be an API path such as /report/daily")
        if not items_key:
            raise ZoomConfigError("items_key", "must name the list's key in each page, e.g. participants")
        path = api_path(path, **ids) if ids else path
        bounds = resolve_range(from_, to, required=False)
        if bounds is None:
            yield from self.paginate(
                path,
                items_key=items_key,
                params=dict(params or {}),
                page_size=page_size,
                max_results=max_results,
            )
            return
        yield from self.paginate_date_range(
            path,
            items_key=items_key,
            from_=bounds[0],
            to=bounds[1],
            params=dict(params or {}),
            page_size=page_size,
            max_results=max_results,
        )
