"""Report and recording operators, and the data-interval default for date ranges."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.operators.recordings import (
    ZoomDeleteMeetingRecordingsOperator,
    ZoomDeleteRecordingFileOperator,
    ZoomGetMeetingRecordingsOperator,
    ZoomListAccountRecordingsOperator,
    ZoomListRecordingsOperator,
)
from airflow_provider_zoom.operators.reports import (
    ZoomGetDailyUsageReportOperator,
    ZoomGetMeetingReportOperator,
    ZoomGetWebinarPollsReportOperator,
    ZoomGetWebinarQaReportOperator,
    ZoomGetWebinarReportOperator,
    ZoomListMeetingParticipantsReportOperator,
    ZoomListUserMeetingsReportOperator,
    ZoomListWebinarParticipantsReportOperator,
)

DAILY_RUN = {
    "data_interval_start": pendulum.datetime(2026, 3, 1, tz="UTC"),
    "data_interval_end": pendulum.datetime(2026, 3, 2, tz="UTC"),
}


def test_date_range_defaults_to_data_interval(zoom_api):
    zoom_api.register("GET", "/users/me/recordings", json={"meetings": [{"uuid": "a"}]})
    assert ZoomListRecordingsOperator(task_id="r").execute(DAILY_RUN) == [{"uuid": "a"}]
    # The interval end is exclusive: a daily run covers one day.
    assert zoom_api.query(zoom_api.call()) == {"from": "2026-03-01", "to": "2026-03-01", "page_size": "300"}


def test_monthly_interval_and_explicit_dates(zoom_api):
    zoom_api.register("GET", "/accounts/me/recordings", json={"meetings": []})
    monthly = {
        "data_interval_start": pendulum.datetime(2026, 1, 1, tz="UTC"),
        "data_interval_end": pendulum.datetime(2026, 2, 1, tz="UTC"),
    }
    ZoomListAccountRecordingsOperator(task_id="a").execute(monthly)
    assert zoom_api.query(zoom_api.call())["to"] == "2026-01-31"
    ZoomListAccountRecordingsOperator(task_id="b", from_="2026-02-10", to=dt.date(2026, 2, 12)).execute(
        monthly
    )
    assert (zoom_api.query(zoom_api.call())["from"], zoom_api.query(zoom_api.call())["to"]) == (
        "2026-02-10",
        "2026-02-12",
    )


def test_date_range_without_interval_or_bad_dates(zoom_api):
    with pytest.raises(ZoomConfigError) as err:
        ZoomListRecordingsOperator(task_id="r").execute({})
    assert err.value.field == "from_"
    with pytest.raises(ZoomConfigError) as err:
        ZoomListRecordingsOperator(task_id="r2", from_="2026-02-10", to="2026-02-01").execute({})
    assert err.value.field == "from_"
    with pytest.raises(ZoomConfigError) as err:
        ZoomListUserMeetingsReportOperator(
            task_id="u", user_id="u1", from_="tomorrow", to="2026-01-01"
        ).execute({})
    assert err.value.field == "from_"
    assert zoom_api.calls == []


def test_recording_get_and_delete(zoom_api):
    zoom_api.register("GET", "/meetings/777/recordings", json={"id": 777, "recording_files": []})
    zoom_api.register("DELETE", "/meetings/777/recordings", status_code=204)
    zoom_api.register("DELETE", "/meetings/777/recordings/f1", status_code=204)
    assert ZoomGetMeetingRecordingsOperator(task_id="g", meeting_id=777, ttl=60).execute({})["id"] == 777
    assert zoom_api.query(zoom_api.call()) == {"ttl": "60"}
    assert ZoomDeleteMeetingRecordingsOperator(task_id="d", meeting_id=777).execute({}) == {
        "meeting_id": 777,
        "action": "trash",
    }
    assert zoom_api.query(zoom_api.call()) == {"action": "trash"}
    ZoomDeleteRecordingFileOperator(task_id="f", meeting_id=777, recording_id="f1", action="delete").execute(
        {}
    )
    assert zoom_api.query(zoom_api.call()) == {"action": "delete"}
    with pytest.raises(ZoomConfigError):
        ZoomDeleteMeetingRecordingsOperator(task_id="x", meeting_id=777, action="shred")
    calls = len(zoom_api.calls)
    with pytest.raises(ZoomConfigError) as err:
        ZoomDeleteRecordingFileOperator(task_id="y", meeting_id=777, recording_id="").execute({})
    assert err.value.field == "recording_id"
    assert len(zoom_api.calls) == calls


def test_report_operators(zoom_api):
    zoom_api.register("GET", "/report/webinars/555", json={"id": 555})
    zoom_api.register("GET", "/report/webinars/555/polls", json={"questions": []})
    zoom_api.register("GET", "/report/webinars/555/qa", json={"questions": []})
    zoom_api.register("GET", "/report/webinars/555/participants", json={"participants": [{"id": "w"}]})
    zoom_api.register("GET", "/report/meetings/777", json={"id": 777})
    zoom_api.register("GET", "/report/meetings/777/participants", json={"participants": [{"id": "m"}]})
    zoom_api.register("GET", "/report/users/u1/meetings", json={"meetings": [{"uuid": "x"}]})
    zoom_api.register("GET", "/report/daily", json={"dates": []})
    assert ZoomGetWebinarReportOperator(task_id="a", webinar_id=555).execute({}) == {"id": 555}
    assert ZoomGetWebinarPollsReportOperator(task_id="b", webinar_id=555).execute({}) == {"questions": []}
    assert ZoomGetWebinarQaReportOperator(task_id="c", webinar_id=555).execute({}) == {"questions": []}
    assert ZoomListWebinarParticipantsReportOperator(task_id="d", webinar_id=555).execute({}) == [{"id": "w"}]
    assert ZoomGetMeetingReportOperator(task_id="e", meeting_id=777).execute({}) == {"id": 777}
    assert ZoomListMeetingParticipantsReportOperator(task_id="f", meeting_id=777).execute({}) == [{"id": "m"}]
    assert ZoomListUserMeetingsReportOperator(task_id="g", user_id="u1", type="past").execute(DAILY_RUN) == [
        {"uuid": "x"}
    ]
    assert zoom_api.query(zoom_api.call())["type"] == "past"
    ZoomGetDailyUsageReportOperator(task_id="h").execute(DAILY_RUN)
    assert zoom_api.query(zoom_api.call()) == {"year": "2026", "month": "3"}
    with pytest.raises(ZoomConfigError) as err:
        ZoomGetDailyUsageReportOperator(task_id="i", year=2026, month=0).execute({})
    assert err.value.field == "month"
