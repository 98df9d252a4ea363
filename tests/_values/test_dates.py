"""One-month date windows and the UTC "today" that Zoom's date defaults mean."""

from __future__ import annotations

import datetime as dt

import pytest

from airflow_provider_zoom._values.dates import calendar_months, month_windows, one_month_after, utc_today
from airflow_provider_zoom.exceptions import ZoomConfigError

pytestmark = pytest.mark.clock

D = dt.date


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2025, 1, 15), D(2025, 2, 14)),
        (D(2025, 1, 1), D(2025, 1, 31)),
        (D(2025, 1, 31), D(2025, 2, 28)),  # no Feb 31: February's last day
        (D(2024, 1, 31), D(2024, 2, 29)),  # leap year
        (D(2024, 1, 29), D(2024, 2, 28)),  # Feb 29 exists in 2024: the day before it
        (D(2025, 1, 29), D(2025, 2, 28)),
        (D(2025, 2, 28), D(2025, 3, 27)),
        (D(2025, 3, 31), D(2025, 4, 30)),
        (D(2025, 12, 20), D(2026, 1, 19)),  # across the year end
        (D(2025, 12, 1), D(2025, 12, 31)),
        (D(2025, 12, 31), D(2026, 1, 30)),
    ],
)
def test_one_month_window_ends(start: dt.date, end: dt.date) -> None:
    assert one_month_after(start) == end


def test_every_window_is_at_most_one_month_and_ranges_are_covered_exactly() -> None:
    # Every start day of a leap year and the year after, every span up to 100 days.
    first = D(2023, 12, 1)
    for offset in range(0, 800, 3):
        start = first + dt.timedelta(days=offset)
        for span in (0, 1, 27, 28, 29, 30, 31, 40, 56, 57, 62, 99):
            end = start + dt.timedelta(days=span)
            windows = list(month_windows(start, end))
            assert windows[0][0] == start and windows[-1][1] == end
            for (_, b), (c, _) in zip(windows, windows[1:], strict=False):
                assert c == b + dt.timedelta(days=1)  # contiguous, no overlap, no gap
            for a, b in windows:
                assert a <= b and (b - a).days <= 30, (a, b)
            days = span + 1
            if days <= 28:
                assert len(windows) == 1
            elif days <= 56:
                assert len(windows) <= 2
            if 31 < days <= 56:
                assert len(windows) == 2


def test_a_forty_day_range_is_always_two_calls() -> None:
    counts = {
        len(list(month_windows(s, s + dt.timedelta(days=39))))
        for s in (D(2025, 1, 1) + dt.timedelta(days=i) for i in range(366))
    }
    assert counts == {2}


def test_windows_accept_datetimes_and_text() -> None:
    windows = list(month_windows("2025-12-20", dt.datetime(2026, 2, 1, 23, 0, tzinfo=dt.timezone.utc)))
    assert windows == [(D(2025, 12, 20), D(2026, 1, 19)), (D(2026, 1, 20), D(2026, 2, 1))]


def test_reversed_range_names_the_field() -> None:
    with pytest.raises(ZoomConfigError, match="from_"):
        list(month_windows("2025-03-02", "2025-03-01"))
    with pytest.raises(ZoomConfigError, match="from_"):
        list(calendar_months("2025-03-02", "2025-03-01"))


def test_calendar_months_cross_the_year_end() -> None:
    assert list(calendar_months("2025-11-30", "2026-01-01")) == [(2025, 11), (2025, 12), (2026, 1)]
    assert list(calendar_months("2025-02-01", "2025-02-28")) == [(2025, 2)]


def test_utc_today_is_the_utc_date_not_the_local_one() -> None:
    from zoneinfo import ZoneInfo

    import time_machine

    # 08:30 on Jan 1 in Tokyo is still Dec 31 in UTC: Zoom's "today" is the UTC one.
    tokyo = dt.datetime(2026, 1, 1, 8, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    with time_machine.travel(tokyo, tick=False):
        assert dt.date.today() == D(2026, 1, 1)
        assert utc_today() == D(2025, 12, 31)


def test_recordings_default_to_the_utc_day(zoom_conn, requests_mock) -> None:
    from zoneinfo import ZoneInfo

    import time_machine

    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from tests.conftest import API, TOKEN_URL

    requests_mock.post(TOKEN_URL, json={"access_token": "t", "expires_in": 3600})
    requests_mock.get(f"{API}/users/me/recordings", json={"meetings": [], "next_page_token": ""})
    with time_machine.travel(dt.datetime(2026, 1, 1, 8, 30, tzinfo=ZoneInfo("Asia/Tokyo")), tick=False):
        ZoomHook().list_recordings("me")
    (call,) = [r for r in requests_mock.request_history if r.url.startswith(API)]
    assert (call.qs["from"], call.qs["to"]) == (["2025-12-31"], ["2025-12-31"])


def test_a_pinned_clock_is_the_clock_everything_reads() -> None:
    """Under ``ZOOM_TESTS_NOW`` the whole process, emulator included, runs on the pinned day."""
    import os
    import time

    pinned = os.environ.get("ZOOM_TESTS_NOW", "").strip()
    if not pinned:
        pytest.skip("the clock is not pinned in this run (set ZOOM_TESTS_NOW)")
    when = dt.datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    assert utc_today() == when.astimezone(dt.timezone.utc).date()
    assert abs(time.time() - when.timestamp()) < 3600  # ticking from the pinned instant
