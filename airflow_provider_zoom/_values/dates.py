"""Dates as Zoom wants them, and splitting long ranges into Zoom's one-month windows."""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Iterator, Mapping
from typing import Any

from airflow_provider_zoom.exceptions import ZoomConfigError


def utc_today() -> dt.date:
    """
    Today's date in UTC: the day Zoom means by "today" in its date defaults.

    ``datetime.date.today()`` is the machine's local date, which differs from UTC for part of every
    day outside UTC (and shifts with daylight saving time).
    """
    return dt.datetime.now(dt.timezone.utc).date()


class Clock:
    """
    The time as long-running code reads it: UTC wall time for dates, a monotonic count for delays.

    Code that keeps running (the event triggers) holds a clock rather than reading the system's, so a
    test can move time by hand; this one is the system's.
    """

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def today(self) -> dt.date:
        """Today in UTC (see :func:`utc_today`)."""
        return self.now().date()

    def monotonic(self) -> float:
        """Seconds from an arbitrary start that never run backwards (unlike the wall clock)."""
        return time.monotonic()


SYSTEM_CLOCK = Clock()


def to_date(value: dt.date | dt.datetime | str | None, field: str = "date") -> dt.date:
    """
    Coerce a date, datetime (pendulum included) or ISO text to a :class:`datetime.date`.

    :param value: the value to read; anything else (None included) is refused.
    :param field: the input's name, for the error.

    :raises ZoomConfigError: naming ``field`` when the value is not a date.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            return to_date(dt.datetime.fromisoformat(text.replace("Z", "+00:00")), field)
        except ValueError:
            pass
    raise ZoomConfigError(field, f"must be a date (yyyy-mm-dd) or datetime, got {value!r}")


def to_zoom_datetime(value: dt.datetime | dt.date | str, field: str = "start_time") -> str:
    """
    Format a datetime the way Zoom's meeting APIs expect: ``yyyy-MM-ddTHH:mm:ssZ`` in UTC.

    Naive datetimes and ISO text without an offset are taken as UTC.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ZoomConfigError(field, f"must be an ISO 8601 datetime, got {text!r}") from None
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, dt.datetime):
        raise ZoomConfigError(field, f"must be a datetime or ISO 8601 text, got {value!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def one_month_after(start: dt.date) -> dt.date:
    """
    The last day of the one-month window that begins on ``start``.

    That is the day before the same day of the next month (Jan 15 -> Feb 14, Dec 20 -> Jan 19); when
    the next month has no such day, its last day (Jan 31 -> Feb 28 or 29). A window is therefore
    never longer than 31 days and ``end - start`` never exceeds 30 days.
    """
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return dt.date(year, month, last_day)
    return dt.date(year, month, start.day) - dt.timedelta(days=1)


def check_range(
    from_: dt.date | dt.datetime | str | None, to: dt.date | dt.datetime | str | None
) -> tuple[dt.date | None, dt.date | None]:
    """
    Both ends of an inclusive day range as dates (a missing end stays None).

    :raises ZoomConfigError: naming ``from_`` when it is after ``to``, or the end that is no date.
    """
    start = None if from_ in (None, "") else to_date(from_, "from_")
    end = None if to in (None, "") else to_date(to, "to")
    if start is not None and end is not None and start > end:
        raise ZoomConfigError("from_", f"{start.isoformat()} is after to={end.isoformat()}")
    return start, end


def run_days(context: Mapping[str, Any] | None, from_: Any = None, to: Any = None) -> tuple[dt.date, dt.date]:
    """
    The inclusive day range to act on: ``from_``/``to`` when given, else the run's data interval.

    The data interval's end is exclusive, so its last day is the day of ``end - 1 µs``: a daily run
    for 2026-01-01T00:00..2026-01-02T00:00 covers 2026-01-01 only.

    :param context: the task context (or any mapping holding ``data_interval_start``/``_end``).
    :raises ZoomConfigError: naming the missing end when there is no data interval to default to,
        or ``from_`` when it is after ``to``.
    """
    start = to_date(from_, "from_") if from_ not in (None, "") else None
    end = to_date(to, "to") if to not in (None, "") else None
    if start is None or end is None:
        interval_start = context.get("data_interval_start") if context else None
        interval_end = context.get("data_interval_end") if context else None
        if interval_start is None or interval_end is None:
            missing = "from_" if start is None else "to"
            raise ZoomConfigError(
                missing, "not given, and the DAG run has no data interval to default to; set from_ and to"
            )
        if start is None:
            start = to_date(interval_start, "data_interval_start")
        if end is None:
            last_moment = interval_end - dt.timedelta(microseconds=1)
            end = max(to_date(last_moment, "data_interval_end"), start)
    if start > end:
        raise ZoomConfigError("from_", f"{start.isoformat()} is after to={end.isoformat()}")
    return start, end


def month_windows(
    from_: dt.date | dt.datetime | str, to: dt.date | dt.datetime | str
) -> Iterator[tuple[dt.date, dt.date]]:
    """
    Split the inclusive range ``from_``..``to`` into one-month windows, in order.

    Zoom's recordings, report, phone and summary endpoints accept at most one month per call.
    Windows roll from ``from_`` (see :func:`one_month_after`) rather than following calendar
    months: every window stays inside Zoom's rule, and a range of up to two months costs at most
    two calls whatever day it starts on (a calendar split of a 40-day range costs two or three
    calls depending on the day of the month).
    """
    start, end = check_range(from_, to)
    assert start is not None and end is not None
    while start <= end:
        window_end = min(end, one_month_after(start))
        yield start, window_end
        start = window_end + dt.timedelta(days=1)


def calendar_months(
    from_: dt.date | dt.datetime | str, to: dt.date | dt.datetime | str
) -> Iterator[tuple[int, int]]:
    """
    The ``(year, month)`` pairs that the inclusive range ``from_``..``to`` touches, in order.

    For the few reports addressed by ``year`` and ``month`` rather than by a date range.
    """
    start, end = check_range(from_, to)
    assert start is not None and end is not None
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
