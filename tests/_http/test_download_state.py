"""The download's state alone: which answers fit a resume, how many bytes may come, when it is too slow."""

from __future__ import annotations

import pytest

from airflow_provider_zoom._http.download import (
    ContentRange,
    DownloadState,
    LowSpeedGuard,
    RangeMismatch,
    TooManyBytes,
    TooSlow,
    parse_content_range,
)


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("bytes 0-99/1000", ContentRange(0, 99, 1000)),
        ("BYTES 5-9/*", ContentRange(5, 9, None)),
        ("bytes */1000", ContentRange(None, None, 1000)),
        ("bytes 0-99", None),
        ("items 0-99/1000", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_content_range(value, parsed):
    assert parse_content_range(value) == parsed


def resumed_at(offset: int, total: int | None = 1000, expected: int | None = None) -> DownloadState:
    state = DownloadState(expected_size=expected)
    assert state.accept(200, {"Content-Length": str(total)} if total is not None else {})
    state.room(offset)
    assert state.range_header() == {"Range": f"bytes={offset}-"}
    return state


def test_a_fitting_206_continues_at_the_offset():
    state = resumed_at(400)
    assert state.accept(206, {"Content-Range": "bytes 400-999/1000", "Content-Length": "600"})
    assert (state.total, state.limit) == (1000, 1000)


def test_a_shorter_range_asks_for_the_rest():
    state = resumed_at(400)
    assert state.accept(206, {"Content-Range": "bytes 400-699/1000"})
    state.room(300)
    assert not state.answer_incomplete() and state.file_incomplete()


@pytest.mark.parametrize(
    ("status", "headers", "reason"),
    [
        (206, {"Content-Range": "bytes 0-999/1000"}, "asked for bytes from 400"),
        (206, {"Content-Range": "bytes 401-999/1000"}, "asked for bytes from 400"),
        (206, {"Content-Range": "bytes 400-999/2000"}, "earlier answers said 1000"),
        (206, {"Content-Range": "bytes 400-1000/1000"}, "impossible"),
        (206, {"Content-Range": "bytes 400-300/1000"}, "impossible"),
        (206, {"Content-Range": "bytes 400-999/1000", "Content-Length": "10"}, "Content-Length 10"),
        (206, {}, "unreadable"),
        (206, {"Content-Range": "bytes */1000"}, "unreadable"),
        (416, {"Content-Range": "bytes */1000"}, "416"),
    ],
)
def test_answers_that_do_not_fit_a_resume(status, headers, reason):
    with pytest.raises(RangeMismatch, match=reason):
        resumed_at(400).accept(status, headers)


def test_the_total_must_be_zooms_file_size():
    state = DownloadState(expected_size=1000)
    with pytest.raises(RangeMismatch, match="file_size is 1000"):
        state.accept(200, {"Content-Length": "999"})


def test_a_full_answer_to_a_resume_starts_over():
    state = resumed_at(400)
    assert not state.accept(200, {"Content-Length": "1000"})
    assert state.offset == 0 and state.range_header() == {}


def test_restart_from_zero_once_and_never_from_the_first_answer():
    state = resumed_at(400)
    assert state.restart("first") and state.offset == 0 and state.total is None
    state.room(100)
    assert not state.restart("second")
    assert state.reasons == ["first", "second"]
    assert not DownloadState().restart("at byte zero")


@pytest.mark.parametrize(
    ("header", "expected", "room_left", "bound"),
    [
        ("bytes 400-699/1000", None, 300, "answered range"),
        ("bytes 400-999/*", 900, 500, "file_size"),
    ],
)
def test_no_byte_past_the_range_or_the_file_size(header, expected, room_left, bound):
    state = resumed_at(400, total=None, expected=expected)
    state.accept(206, {"Content-Range": header})
    state.room(room_left - 1)
    with pytest.raises(TooManyBytes, match=bound):
        state.room(2)
    state.room(1)  # the last byte that fits


def test_the_low_speed_guard_trips_only_below_the_limit_over_a_whole_window():
    now = [0.0]
    guard = LowSpeedGuard(limit=100, window=10, clock=lambda: now[0])
    guard.start()
    for _ in range(9):  # 100 bytes/s for 9 s: the window is not over yet
        now[0] += 1
        guard.observe(100)
    now[0] += 1
    guard.observe(200)  # 1100 bytes in 10 s, 110 bytes/s: fast enough, a new window starts
    now[0] += 10
    with pytest.raises(TooSlow, match="below the limit of 100 "):
        guard.observe(500)  # 500 bytes in 10 s: 50 bytes/s
    off = LowSpeedGuard(limit=0, window=10, clock=lambda: now[0])
    off.start()
    now[0] += 1000
    off.observe(1)
