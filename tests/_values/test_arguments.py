"""Rendered argument values: blank text, type-name lists and the run's day range."""

from __future__ import annotations

import datetime as dt

import pytest

from airflow_provider_zoom._values.arguments import blank_to_none, normalize_types, rendered_to_none
from airflow_provider_zoom._values.dates import run_days
from airflow_provider_zoom.exceptions import ZoomConfigError


@pytest.mark.parametrize("value", ["", "  "])
def test_blank_text_reads_as_not_given(value):
    assert blank_to_none(value) is None
    assert rendered_to_none(value) is None


@pytest.mark.parametrize("value", [0, False, "false", "me", [], "0", "None", "none", "null"])
def test_other_values_are_kept(value):
    # A topic or message of "none" is text a user wrote: only a rendered template's None is dropped.
    assert blank_to_none(value) is value


@pytest.mark.parametrize("value", ["None", "null", " None "])
def test_what_a_template_renders_for_none_reads_as_not_given(value):
    assert rendered_to_none(value) is None


@pytest.mark.parametrize("value", [0, False, "false", "me", [], "0", "nothing", "none", "NULL"])
def test_rendered_values_that_are_not_none_are_kept(value):
    assert rendered_to_none(value) is value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("None", None),
        ([], None),
        ("mp4", {"MP4"}),
        ("MP4, m4a", {"MP4", "M4A"}),
        (["mp4", "TRANSCRIPT"], {"MP4", "TRANSCRIPT"}),
        (("MP4,CC", "chat"), {"MP4", "CC", "CHAT"}),
        ({"SUMMARY"}, {"SUMMARY"}),
    ],
)
def test_file_types_from_lists_and_rendered_text(value, expected):
    assert normalize_types(value) == (frozenset(expected) if expected is not None else None)


def test_recording_types_keep_their_case():
    assert normalize_types(["shared_screen_with_speaker_view"], "recording_types", upper=False) == {
        "shared_screen_with_speaker_view"
    }


@pytest.mark.parametrize(
    ("value", "field", "upper"),
    [
        (["MP4", "mp 4!"], "file_types", True),
        ([None], "file_types", True),
        (["MP4", ""], "file_types", True),
        (42, "file_types", True),
        ({"MP4": 1}, "file_types", True),
        (["a/b"], "recording_types", False),
    ],
)
def test_bad_type_lists_name_the_field(value, field, upper):
    with pytest.raises(ZoomConfigError) as err:
        normalize_types(value, field, upper=upper)
    assert err.value.field == field


def _interval(start: str, end: str) -> dict:
    return {
        "data_interval_start": dt.datetime.fromisoformat(start),
        "data_interval_end": dt.datetime.fromisoformat(end),
    }


def test_run_days_default_to_the_data_interval_whose_end_is_exclusive():
    context = _interval("2026-01-01T00:00:00+00:00", "2026-01-02T00:00:00+00:00")
    assert run_days(context) == (dt.date(2026, 1, 1), dt.date(2026, 1, 1))
    assert run_days(context, "2025-12-30") == (dt.date(2025, 12, 30), dt.date(2026, 1, 1))
    assert run_days({}, "2024-03-01", "2024-03-05") == (dt.date(2024, 3, 1), dt.date(2024, 3, 5))


@pytest.mark.parametrize(
    ("context", "from_", "to", "field"),
    [
        ({}, None, None, "from_"),
        (None, "2024-01-01", None, "to"),
        ({}, "2024-02-01", "2024-01-01", "from_"),
        ({}, "yesterday", "2024-01-01", "from_"),
    ],
)
def test_run_days_name_the_missing_or_bad_end(context, from_, to, field):
    with pytest.raises(ZoomConfigError) as err:
        run_days(context, from_, to)
    assert err.value.field == field
