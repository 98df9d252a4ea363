"""Meeting and webinar archiving (compliance): archived files by window or meeting, statistics, deletion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import PAST_MEETING_ARCHIVE_FILES_PATH as MEETING_ARCHIVE_FILES_PATH
from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom._values.dates import to_zoom_datetime
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import check_bool, check_choice, check_max_results, rendered_to_none

DateTimeLike = dt.datetime | dt.date | str

ARCHIVE_QUERY_DATE_TYPES = facts.enum("GET", "/archive_files", "query.query_date_type")
_ARCHIVE_LIST_KEY = facts.stated(facts.endpoint("GET", "/archive_files").items_key, "archive list's key")
# Zoom's reference: ``from`` and ``to`` of one call "cannot exceed seven days".
ARCHIVE_WINDOW = dt.timedelta(days=7)
# Zoom reads ``from``/``to`` to the second, both inclusive: a window ends a second before the next starts.
_SECOND = dt.timedelta(seconds=1)


def _instant(value: DateTimeLike, field: str) -> dt.datetime:
    """A date-time in UTC, to the second (a date means its first second)."""
    return dt.datetime.strptime(to_zoom_datetime(value, field), "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=dt.timezone.utc
    )


def archive_range(
    from_: DateTimeLike | None, to: DateTimeLike | None, now: dt.datetime | None = None
) -> tuple[dt.datetime, dt.datetime]:
    """
    The instants a listing covers: ``to`` defaults to now, ``from_`` to a day before ``to``.

    :raises ZoomConfigError: naming ``to`` when it comes before ``from_``.
    """
    end = _instant(to, "to") if to else (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    start = _instant(from_, "from_") if from_ else end - dt.timedelta(days=1)
    if end < start:
        raise ZoomConfigError("to", f"must not come before from_ ({start:%Y-%m-%dT%H:%M:%SZ})")
    return start, end


def archive_windows(start: dt.datetime, end: dt.datetime) -> Iterator[tuple[str, str]]:
    """Zoom's ``from``/``to`` pairs covering ``start``..``end`` (inclusive) in windows of at most 7 days."""
    while True:
        last = min(start + ARCHIVE_WINDOW - _SECOND, end)
        yield to_zoom_datetime(start), to_zoom_datetime(last)
        if last >= end:
            return
        start = last + _SECOND


class ArchivingMixin(ZoomApiBase):
    """
    Meeting and webinar archiving, for accounts with Zoom's archiving feature. Zoom keeps archived
    files for a short time only; list them by window or by meeting instance and copy them out.

    Scopes: ``archiving:read:list_archived_files:admin`` (list),
    ``archiving:read:archived_file_statistics:admin`` (statistics), ``archiving:read:archived_files:admin``
    (one meeting), ``archiving:update:archived_file_auto_delete_status:admin`` (auto-delete) and
    ``archiving:delete:archived_files:admin`` (deletion).
    """

    def list_archive_files(
        self,
        from_: DateTimeLike | None = None,
        to: DateTimeLike | None = None,
        *,
        query_date_type: str | None = None,
        group_ids: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        The account's archived meetings and webinars, each with its ``archive_files``, over any range.

        Zoom accepts seven days per call; longer ranges are walked window by window, in order.
        Scope: ``archiving:read:list_archived_files:admin`` (rate-limit category Medium).

        :param from_: first instant (a date means its first second; default: a day before ``to``).
        :param to: last instant, inclusive (default: now).
        :param query_date_type: ``meeting_start_time`` (Zoom's default) or ``archive_complete_time``:
            which time the range applies to.
        :param group_ids: only these groups' meetings, comma-separated group ids.
        :param max_results: stop after this many meetings.
        """
        params = drop_none(
            {
                "query_date_type": check_choice("query_date_type", query_date_type, ARCHIVE_QUERY_DATE_TYPES),
                "group_ids": group_ids or None,
            }
        )
        remaining = check_max_results(rendered_to_none(max_results))
        meetings: list[dict[str, Any]] = []
        for start, end in archive_windows(*archive_range(from_, to)):
            if remaining is not None and len(meetings) >= remaining:
                break
            left = None if remaining is None else remaining - len(meetings)
            meetings.extend(
                self.paginate(
                    "/archive_files",
                    items_key=_ARCHIVE_LIST_KEY,
                    params={**params, "from": start, "to": end},
                    max_results=left,
                )
            )
        return meetings

    def get_archive_file_statistics(
        self, from_: DateTimeLike | None = None, to: DateTimeLike | None = None
    ) -> dict[str, Any]:
        """
        Counts of the account's archived files by extension and by status, for at most seven days.

        Scope: ``archiving:read:archived_file_statistics:admin`` (rate-limit category Medium).

        :param from_: first instant (default: a day before ``to``).
        :param to: last instant, inclusive (default: now); at most seven days after ``from_``.
        """
        start, end = archive_range(from_, to)
        if end - start > ARCHIVE_WINDOW:
            raise ZoomConfigError("to", "must be at most seven days after from_ (Zoom's statistics window)")
        return self.request(
            "GET",
            "/archive_files/statistics",
            params={"from": to_zoom_datetime(start), "to": to_zoom_datetime(end)},
        )

    def get_meeting_archive_files(self, meeting_uuid: str) -> dict[str, Any]:
        """
        One ended meeting or webinar instance's archived files (``archive_files``, with
        ``archive_complete_time`` once Zoom has finished archiving).

        Scope: ``archiving:read:archived_files:admin`` (rate-limit category Light).

        :param meeting_uuid: the instance UUID (encoded twice when Zoom requires it).
        """
        return self.request("GET", api_path(MEETING_ARCHIVE_FILES_PATH, meeting_uuid=meeting_uuid))

    def set_archive_file_auto_delete(self, file_id: str, auto_delete: bool) -> dict[str, Any]:
        """
        Whether Zoom deletes one archived file automatically when its retention ends.

        Scope: ``archiving:update:archived_file_auto_delete_status:admin`` (rate-limit category Light);
        Zoom Support must open the feature for the account.

        :param file_id: the archived file's ``id``.
        :param auto_delete: True lets Zoom delete it; False keeps it.
        """
        flag = check_bool("auto_delete", auto_delete)
        if flag is None:
            raise ZoomConfigError("auto_delete", "is required (true or false)")
        return self.request(
            "PATCH", api_path("/archive_files/{file_id}", file_id=file_id), json={"auto_delete": flag}
        )

    def delete_meeting_archive_files(self, meeting_uuid: str) -> dict[str, Any]:
        """
        Delete all of one meeting or webinar instance's archived files, for good.

        Scope: ``archiving:delete:archived_files:admin`` (rate-limit category Light).

        :param meeting_uuid: the instance UUID (encoded twice when Zoom requires it).
        """
        return self.request("DELETE", api_path(MEETING_ARCHIVE_FILES_PATH, meeting_uuid=meeting_uuid))
