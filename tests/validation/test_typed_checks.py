"""Checks whose types were widened to what they accept: None dates, bounds stated as floats."""

from __future__ import annotations

import datetime as dt

import pytest

from airflow_provider_zoom._contract.facts import stated
from airflow_provider_zoom._values.dates import to_date
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation import check_int


def test_to_date_refuses_none_naming_the_field():
    with pytest.raises(ZoomConfigError, match="^from_: must be a date"):
        to_date(None, "from_")
    assert to_date("2024-02-29", "from_") == dt.date(2024, 2, 29)


def test_check_int_takes_bounds_stated_as_floats():
    assert check_int("ttl", "604800", minimum=0.0, maximum=604800.0) == 604800
    with pytest.raises(ZoomConfigError, match="^ttl: must be at most 604800.0"):
        check_int("ttl", 604801, maximum=604800.0)


def test_a_bound_the_facts_do_not_state_fails_naming_it():
    assert stated(10, "body.password's maxLength") == 10
    with pytest.raises(KeyError, match="body.password's maxLength"):
        stated(None, "body.password's maxLength")
