"""Dates as Zoom wants them, and splitting long ranges into Zoom's one-month windows."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator

from airflow_provider_zoom.exceptions import ZoomConfigError


def to_date(value: dt.date | dt.datetime | str, field: str = "date") -> dt.date:
    """
    Coerce a date, datetime (pendulum included) or ISO text to a :class:`datetime.date`.

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


def month_windows(
    from_: dt.date | dt.datetime | str, to: dt.date | dt.datetime | str
) -> Iterator[tuple[dt.date, dt.date]]:
    """
    Split the inclusive range ``from_``..``to`` into calendar-month windows, in order.

    Zoom's recordings and report endpoints accept at most one month per call; calendar months
    never exceed that and make each call's range easy to read in logs.
    """
    start, end = check_range(from_, to)
    assert start is not None and end is not None
    while start <= end:
        last_day = calendar.monthrange(start.year, start.month)[1]
        window_end = min(end, start.replace(day=last_day))
        yield start, window_end
        start = window_end + dt.timedelta(days=1)
