"""ZoomHook report actions."""

from __future__ import annotations

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from tests.operators.conftest import make_hook, mocked_zoom


@pytest.fixture
def zoom_api(monkeypatch):
    yield from mocked_zoom(monkeypatch)


@pytest.fixture
def hook(zoom_api):
    return make_hook()


@pytest.mark.parametrize(
    ("method", "path", "reply"),
    [
        ("get_webinar_report", "/report/webinars/555", {"id": 555}),
        ("get_webinar_polls_report", "/report/webinars/555/polls", {"questions": []}),
        ("get_webinar_qa_report", "/report/webinars/555/qa", {"questions": [{"name": "q"}]}),
    ],
)
def test_webinar_reports(hook, zoom_api, method, path, reply):
    zoom_api.register("GET", path, json=reply)
    assert getattr(hook, method)(555) == reply
    assert zoom_api.path(zoom_api.call()) == path


def test_meeting_reports(hook, zoom_api):
    zoom_api.register("GET", "/report/meetings/123", json={"id": 123})
    zoom_api.register(
        "GET", "/report/meetings/123/participants", json={"participants": [{"id": "p1"}, {"id": "p2"}]}
    )
    zoom_api.register("GET", "/report/webinars/555/participants", json={"participants": [{"id": "w1"}]})
    assert hook.get_meeting_report(123) == {"id": 123}
    assert hook.list_meeting_participants_report(123, max_results=1) == [{"id": "p1"}]
    assert hook.list_webinar_participants_report(555) == [{"id": "w1"}]


def test_user_meetings_report_walks_months(hook, zoom_api):
    zoom_api.register("GET", "/report/users/u1/meetings", json={"meetings": [{"uuid": "x"}]})
    result = hook.list_user_meetings_report("u1", "2026-01-15", "2026-04-02", type="pastJoined")
    assert len(result) == 3
    windows = [(zoom_api.query(r)["from"], zoom_api.query(r)["to"]) for r in zoom_api.calls]
    assert windows == [
        ("2026-01-15", "2026-02-14"),
        ("2026-02-15", "2026-03-14"),
        ("2026-03-15", "2026-04-02"),
    ]
    assert {zoom_api.query(r)["type"] for r in zoom_api.calls} == {"pastJoined"}


def test_daily_usage(hook, zoom_api):
    zoom_api.register("GET", "/report/daily", json={"year": 2026, "month": 2, "dates": []})
    assert hook.get_daily_usage_report(2026, 2)["month"] == 2
    assert zoom_api.query(zoom_api.call()) == {"year": "2026", "month": "2"}


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda h: h.get_daily_usage_report(2026, 13), "month"),
        (lambda h: h.list_user_meetings_report("u1", "2026-02-01", "2026-01-01"), "from_"),
        (lambda h: h.list_user_meetings_report("u1", "2026-01-01", "2026-01-02", type="future"), "type"),
        (lambda h: h.list_user_meetings_report("u1", "yesterday", "2026-01-02"), "from_"),
        (lambda h: h.get_meeting_report(""), "meeting_id"),
    ],
)
def test_report_checks(hook, zoom_api, call, field):
    with pytest.raises(ZoomConfigError) as err:
        call(hook)
    assert err.value.field == field
    assert zoom_api.calls == []
