"""ZoomHook's archiving methods: seven-day windows to the second, pages, checks before any request."""

from __future__ import annotations

import datetime as dt

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.archiving import archive_range
from tests.conftest import API, api_calls

UTC = dt.timezone.utc


def test_long_ranges_are_walked_in_seven_day_windows_without_overlap(hook, mock):
    mock.get(
        f"{API}/archive_files",
        [
            {"json": {"meetings": [{"uuid": "a"}], "next_page_token": "p2"}},
            {"json": {"meetings": [{"uuid": "b"}], "next_page_token": ""}},
            {"json": {"meetings": [{"uuid": "c"}], "next_page_token": ""}},
            {"json": {"meetings": [], "next_page_token": ""}},
        ],
    )
    found = hook.list_archive_files(
        dt.datetime(2026, 1, 1, 6, 30, tzinfo=UTC),
        dt.datetime(2026, 1, 16, 6, 29, 59, tzinfo=UTC),
        query_date_type="archive_complete_time",
    )
    assert [m["uuid"] for m in found] == ["a", "b", "c"]
    calls = api_calls(mock)
    windows = [(c.qs["from"][0], c.qs["to"][0]) for c in calls if "next_page_token" not in c.qs]
    assert windows == [
        ("2026-01-01t06:30:00z", "2026-01-08t06:29:59z"),
        ("2026-01-08t06:30:00z", "2026-01-15t06:29:59z"),
        ("2026-01-15t06:30:00z", "2026-01-16t06:29:59z"),
    ]
    assert calls[1].qs["next_page_token"] == ["p2"]
    assert all(c.qs["query_date_type"] == ["archive_complete_time"] for c in calls)


def test_max_results_stops_before_the_next_window(hook, mock):
    mock.get(f"{API}/archive_files", json={"meetings": [{"uuid": "a"}, {"uuid": "b"}], "next_page_token": ""})
    found = hook.list_archive_files(dt.date(2026, 1, 1), dt.date(2026, 2, 1), max_results=2)
    assert [m["uuid"] for m in found] == ["a", "b"]
    assert len(api_calls(mock)) == 1


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda h: h.list_archive_files(query_date_type="start_time"), "query_date_type"),
        (lambda h: h.list_archive_files("2026-01-05", "2026-01-01"), "to"),
        (lambda h: h.list_archive_files("yesterday"), "from_"),
        (lambda h: h.get_archive_file_statistics("2026-01-01", "2026-01-08T00:00:01Z"), "to"),
        (lambda h: h.set_archive_file_auto_delete("f1", None), "auto_delete"),
        (lambda h: h.set_archive_file_auto_delete("f1", "maybe"), "auto_delete"),
        (lambda h: h.set_archive_file_auto_delete("f 1", True), "file_id"),
        (lambda h: h.get_meeting_archive_files(""), "meeting_uuid"),
        (lambda h: h.delete_meeting_archive_files("not a uuid"), "meeting_uuid"),
    ],
)
def test_bad_input_names_its_field_and_sends_nothing(hook, mock, call, field):
    with pytest.raises(ZoomConfigError, match=field):
        call(hook)
    assert api_calls(mock) == []


def test_default_range_is_the_last_day_of_an_injected_clock():
    now = dt.datetime(2028, 2, 29, 23, 15, 7, 500, tzinfo=UTC)
    assert archive_range(None, None, now=now) == (
        dt.datetime(2028, 2, 28, 23, 15, 7, tzinfo=UTC),
        dt.datetime(2028, 2, 29, 23, 15, 7, tzinfo=UTC),
    )


def test_auto_delete_and_deletion_reach_the_encoded_paths(hook, mock):
    mock.patch(f"{API}/archive_files/f-1", status_code=204)
    mock.delete(
        f"{API}/past_meetings/%252Fab%252Bcdefghijklmnopqrstu%253D%253D/archive_files", status_code=204
    )
    hook.set_archive_file_auto_delete("f-1", "false")
    hook.delete_meeting_archive_files("/ab+cdefghijklmnopqrstu==")
    patch, delete = api_calls(mock)
    assert patch.json() == {"auto_delete": False}
    assert delete.method == "DELETE"
