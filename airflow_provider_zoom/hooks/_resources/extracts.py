"""Named extracts: the report and list endpoints a warehouse loads, walked page by page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase

#: ``window`` values: how an extract takes its date range.
WINDOW_NONE = "none"  # no dates: the whole list (or one meeting's/webinar's report)
WINDOW_RANGE = "range"  # ``from``/``to`` query parameters, at most one month per call
WINDOW_MONTH = "month"  # ``year``/``month`` query parameters, one calendar month per call


@dataclass(frozen=True)
class ExtractSpec:
    """
    One named extract.

    :param path: API path template; ``{placeholders}`` are filled with the caller's ids.
    :param items_key: the list's key in each reply page.
    :param window: :data:`WINDOW_NONE`, :data:`WINDOW_RANGE` or :data:`WINDOW_MONTH`.
    :param defaults: ids with a default value (``user_id="me"``).
    :param params: fixed query parameters.
    :param description: one line for docs and error messages.
    """

    path: str
    items_key: str
    window: str = WINDOW_NONE
    defaults: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        """The ``{placeholders}`` of the path, in order."""
        import string

        return tuple(name for _, name, _, _ in string.Formatter().parse(self.path) if name)


#: Every named extract: name -> spec. Report endpoints need a Pro or higher plan and report scopes.
EXTRACTS: dict[str, ExtractSpec] = {
    "webinar_participants": ExtractSpec(
        "/report/webinars/{webinar_id}/participants",
        "participants",
        description="who attended a past webinar, one row per join (report:read:list_webinar_participants)",
    ),
    "webinar_registrants": ExtractSpec(
        "/webinars/{webinar_id}/registrants",
        "registrants",
        description="a webinar's registrants (webinar:read:list_registrants); params status=approved|denied",
    ),
    "webinar_absentees": ExtractSpec(
        "/past_webinars/{webinar_id}/absentees",
        "registrants",
        description="registrants who did not attend a past webinar (webinar:read:list_absentees)",
    ),
    "webinar_polls": ExtractSpec(
        "/report/webinars/{webinar_id}/polls",
        "questions",
        description="poll answers of a past webinar, one row per voter (report:read:list_webinar_polls)",
    ),
    "webinar_qa": ExtractSpec(
        "/report/webinars/{webinar_id}/qa",
        "questions",
        description="Q&A of a past webinar, one row per asker (report:read:webinar_qna)",
    ),
    "meeting_participants": ExtractSpec(
        "/report/meetings/{meeting_id}/participants",
        "participants",
        description="who joined a past meeting, one row per join (report:read:list_meeting_participants)",
    ),
    "meeting_polls": ExtractSpec(
        "/report/meetings/{meeting_id}/polls",
        "questions",
        description="poll answers of a past meeting (report:read:list_meeting_polls)",
    ),
    "meeting_qa": ExtractSpec(
        "/report/meetings/{meeting_id}/qa",
        "questions",
        description="Q&A of a past meeting (report:read:meeting_qna)",
    ),
    "meetings_report": ExtractSpec(
        "/report/users/{user_id}/meetings",
        "meetings",
        window=WINDOW_RANGE,
        defaults={"user_id": "me"},
        params={"type": "past"},
        description="a user's past meetings over a date range (report:read:user)",
    ),
    "users": ExtractSpec(
        "/users",
        "users",
        description="the account's users; params status=active|inactive|pending (user:read:list_users)",
    ),
    "daily_usage": ExtractSpec(
        "/report/daily",
        "dates",
        window=WINDOW_MONTH,
        description="new users, meetings, participants and minutes per day (report:read:admin)",
    ),
    "account_recordings": ExtractSpec(
        "/accounts/{account_id}/recordings",
        "meetings",
        window=WINDOW_RANGE,
        defaults={"account_id": "me"},
        description="every cloud recording in the account (cloud_recording:read:list_account_recordings)",
    ),
    "user_recordings": ExtractSpec(
        "/users/{user_id}/recordings",
        "meetings",
        window=WINDOW_RANGE,
        defaults={"user_id": "me"},
        description="one user's cloud recordings (cloud_recording:read:list_user_recordings)",
    ),
}


def get_extract(name: str) -> ExtractSpec:
    """The spec of a named extract; :class:`ZoomConfigError` naming ``extract`` when unknown."""
    spec = EXTRACTS.get(str(name).strip())
    if spec is None:
        from airflow_provider_zoom.exceptions import ZoomConfigError

        raise ZoomConfigError("extract", f"unknown extract {name!r}; known: {', '.join(sorted(EXTRACTS))}")
    return spec


def resolve_range(
    from_: dt.date | dt.datetime | str | None, to: dt.date | dt.datetime | str | None, *, required: bool
) -> tuple[dt.date, dt.date] | None:
    """
    Check and coerce a date range (both ends inclusive); None when neither end is given.

    A missing ``to`` means today (UTC); a ``to`` without ``from_`` is refused.
    """
    from airflow_provider_zoom._http.dates import to_date
    from airflow_provider_zoom.exceptions import ZoomConfigError

    if from_ in (None, "") and to in (None, ""):
        if required:
            raise ZoomConfigError("from_", "this extract is date-ranged: give from_ (and to)")
        return None
    if from_ in (None, ""):
        raise ZoomConfigError("from_", f"missing while to={to!r} is given")
    start = to_date(from_, "from_")
    end = to_date(to, "to") if to not in (None, "") else dt.datetime.now(dt.timezone.utc).date()
    if start > end:
        raise ZoomConfigError("from_", f"{start.isoformat()} is after to={end.isoformat()}")
    return start, end


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

        Date-ranged extracts are split into calendar-month windows, one call (and its pages) per window.

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
        from airflow_provider_zoom._http.dates import month_windows

        bounds = resolve_range(from_, to, required=False)
        if bounds is None:
            today = dt.datetime.now(dt.timezone.utc).date()
            bounds = (today.replace(day=1), today)
        start, end = bounds
        count = 0
        for window_start, _ in month_windows(start, end):
            query = {**params, "year": window_start.year, "month": window_start.month}
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
