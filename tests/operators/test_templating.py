"""Every input is templated, nested dict/list values included."""

from __future__ import annotations

import pendulum
from airflow.sdk import DAG

from airflow_provider_zoom.operators.api import ZoomApiOperator
from airflow_provider_zoom.operators.meetings import ZoomCreateMeetingOperator
from airflow_provider_zoom.operators.registrants import ZoomAddMeetingRegistrantsOperator


def _dag() -> DAG:
    return DAG("templating", schedule=None, start_date=pendulum.datetime(2026, 1, 1, tz="UTC"))


def test_nested_fields_render(zoom_api):
    with _dag() as dag:
        op = ZoomCreateMeetingOperator(
            task_id="create",
            topic="Review {{ ds }}",
            start_time="{{ ds }}T10:00:00Z",
            recurrence={"type": 2, "weekly_days": ["{{ params.day }}"], "end_times": "{{ params.times }}"},
            settings={"audio": "{{ params.audio }}", "global_dial_in_countries": ["{{ params.country }}"]},
            tracking_fields=[{"field": "run", "value": "{{ run_id }}"}],
            type=8,
        )
    context = {
        "ds": "2026-02-03",
        "run_id": "manual__1",
        "params": {"day": "3", "times": "4", "audio": "voip", "country": "DE"},
    }
    op.render_template_fields(context, jinja_env=dag.get_template_env())
    assert op.topic == "Review 2026-02-03"
    assert op.start_time == "2026-02-03T10:00:00Z"
    assert op.recurrence == {"type": 2, "weekly_days": ["3"], "end_times": "4"}
    assert op.settings == {"audio": "voip", "global_dial_in_countries": ["DE"]}
    assert op.tracking_fields == [{"field": "run", "value": "manual__1"}]

    zoom_api.register("POST", "/users/me/meetings", json={"id": 1})
    op.execute(context={})
    body = zoom_api.body(zoom_api.call())
    # Rendered text is coerced where Zoom wants numbers.
    assert body["recurrence"] == {"type": 2, "weekly_days": "3", "end_times": 4}
    assert body["settings"] == {"audio": "voip", "global_dial_in_countries": ["DE"]}


def test_registrant_list_and_api_json_render():
    with _dag() as dag:
        add = ZoomAddMeetingRegistrantsOperator(
            task_id="add",
            meeting_id="{{ params.meeting }}",
            registrants=[{"email": "{{ params.who }}@example.com", "first_name": "{{ params.name }}"}],
        )
        api = ZoomApiOperator(
            task_id="api",
            endpoint="/users/{{ params.user }}/meetings",
            query_params={"type": "{{ params.kind }}"},
            json={"settings": {"topic": "{{ ds }}"}},
        )
    context = {
        "ds": "2026-02-03",
        "params": {"meeting": "9", "who": "ada", "name": "Ada", "user": "me", "kind": "live"},
    }
    env = dag.get_template_env()
    add.render_template_fields(context, jinja_env=env)
    api.render_template_fields(context, jinja_env=env)
    assert add.meeting_id == "9"
    assert add.registrants == [{"email": "ada@example.com", "first_name": "Ada"}]
    assert api.endpoint == "/users/me/meetings"
    assert api.query_params == {"type": "live"}
    assert api.json == {"settings": {"topic": "2026-02-03"}}
