"""Registrant operators, including registrants streamed from a CSV or JSON Lines file."""

from __future__ import annotations

import json

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.operators.registrants import (
    ZoomAddMeetingRegistrantOperator,
    ZoomAddMeetingRegistrantsOperator,
    ZoomAddWebinarRegistrantOperator,
    ZoomAddWebinarRegistrantsOperator,
    ZoomListMeetingRegistrantsOperator,
    ZoomListWebinarRegistrantsOperator,
    ZoomUpdateMeetingRegistrantStatusOperator,
    ZoomUpdateWebinarRegistrantStatusOperator,
)


def echo_batch(request, context):
    return {
        "registrants": [
            {"registrant_id": f"id-{r['email']}", "email": r["email"]} for r in request.json()["registrants"]
        ]
    }


def test_add_one_registrant(zoom_api):
    zoom_api.register(
        "POST", "/meetings/123/registrants", json={"registrant_id": "r1", "join_url": "https://j"}
    )
    op = ZoomAddMeetingRegistrantOperator(
        task_id="one",
        meeting_id=123,
        registrant={
            "email": "ada@example.com",
            "first_name": "Ada",
            "org": "Engines",
            "auto_approve": "true",
        },
        occurrence_ids="111,222",
    )
    assert op.execute({}) == {"registrant_id": "r1", "join_url": "https://j"}
    assert zoom_api.body(zoom_api.call()) == {
        "email": "ada@example.com",
        "first_name": "Ada",
        "org": "Engines",
        "auto_approve": True,
    }
    assert zoom_api.query(zoom_api.call()) == {"occurrence_ids": "111,222"}


def test_add_one_registrant_checks(zoom_api):
    with pytest.raises(ZoomConfigError) as err:
        ZoomAddMeetingRegistrantOperator(
            task_id="bad", meeting_id=1, registrant={"email": "x", "first_name": "A"}
        )
    assert err.value.field == "email"
    op = ZoomAddMeetingRegistrantOperator(
        task_id="t", meeting_id=1, registrant={"email": "{{ e }}", "first_name": "A"}
    )
    op.registrant = {"email": "rendered-but-bad", "first_name": "A"}
    with pytest.raises(ZoomConfigError) as err:
        op.execute({})
    assert err.value.field == "email"
    assert zoom_api.calls == []


def test_add_registrants_from_list(zoom_api):
    zoom_api.register("POST", "/meetings/123/batch_registrants", json=echo_batch)
    people = [{"email": f"p{i}@example.com", "first_name": "P", "last_name": str(i)} for i in range(31)]
    op = ZoomAddMeetingRegistrantsOperator(
        task_id="many",
        meeting_id=123,
        registrants=people,
        auto_approve=True,
        registrants_confirmation_email=True,
    )
    added = op.execute({})
    assert [a["email"] for a in added] == [p["email"] for p in people]
    assert [len(zoom_api.body(r)["registrants"]) for r in zoom_api.calls] == [30, 1]
    assert zoom_api.body(zoom_api.call(0))["registrants_confirmation_email"] is True


def test_add_registrants_from_csv(zoom_api, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "Email,First_Name,last_name,company\n"
        "ada@example.com,Ada,Lovelace,Engines\n"
        '"grace@example.com","Grace","Hopper, RADM",Navy\n',
        encoding="utf-8",
    )
    zoom_api.register("POST", "/meetings/123/batch_registrants", json=echo_batch)
    op = ZoomAddMeetingRegistrantsOperator(task_id="csv", meeting_id=123, source=f"file://{path}")
    assert len(op.execute({})) == 2
    assert zoom_api.body(zoom_api.call())["registrants"] == [
        {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"},
        {"email": "grace@example.com", "first_name": "Grace", "last_name": "Hopper, RADM"},
    ]


def test_bad_csv_row_names_row_and_field_and_sends_nothing(zoom_api, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "email,first_name\nada@example.com,Ada\ngrace@example.com,Grace\nnot-an-email,Bob\n", encoding="utf-8"
    )
    op = ZoomAddMeetingRegistrantsOperator(task_id="csv", meeting_id=123, source=str(path))
    with pytest.raises(ZoomConfigError) as err:
        op.execute({})
    assert err.value.field == "email"
    assert "row 4 of" in str(err.value)
    assert zoom_api.calls == []


def test_add_webinar_registrants_from_jsonl(zoom_api, tmp_path):
    path = tmp_path / "people.jsonl"
    lines = [{"email": "a@example.com", "first_name": "A"}, {"email": "b@example.com", "first_name": "B"}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    zoom_api.register("POST", "/webinars/555/batch_registrants", json=echo_batch)
    op = ZoomAddWebinarRegistrantsOperator(task_id="j", webinar_id=555, source=str(path), auto_approve=False)
    assert [r["email"] for r in op.execute({})] == ["a@example.com", "b@example.com"]
    assert zoom_api.body(zoom_api.call()) == {"auto_approve": False, "registrants": lines}


def test_jsonl_missing_first_name(zoom_api, tmp_path):
    path = tmp_path / "people.ndjson"
    path.write_text(
        '{"email": "a@example.com", "first_name": "A"}\n{"email": "b@example.com"}\n', encoding="utf-8"
    )
    op = ZoomAddWebinarRegistrantsOperator(task_id="j", webinar_id=555, source=str(path))
    with pytest.raises(ZoomConfigError) as err:
        op.execute({})
    assert err.value.field == "first_name" and "row 2" in str(err.value)
    assert zoom_api.calls == []


def test_registrants_xor_source():
    with pytest.raises(ZoomConfigError) as err:
        ZoomAddMeetingRegistrantsOperator(task_id="x", meeting_id=1)
    assert err.value.field == "registrants or source"
    with pytest.raises(ZoomConfigError):
        ZoomAddMeetingRegistrantsOperator(
            task_id="y",
            meeting_id=1,
            registrants=[{"email": "a@example.com", "first_name": "A"}],
            source="f.csv",
        )
    with pytest.raises(ZoomConfigError) as err:
        ZoomAddMeetingRegistrantsOperator(task_id="z", meeting_id=1, source="people.xlsx").execute({})
    assert err.value.field == "source_format"


def test_list_and_status(zoom_api):
    zoom_api.register("GET", "/meetings/123/registrants", json={"registrants": [{"id": "r1"}]})
    zoom_api.register("PUT", "/meetings/123/registrants/status", status_code=204)
    zoom_api.register("GET", "/webinars/555/registrants", json={"registrants": [{"id": "w1"}]})
    zoom_api.register("PUT", "/webinars/555/registrants/status", status_code=204)
    assert ZoomListMeetingRegistrantsOperator(task_id="l", meeting_id=123, status="approved").execute({}) == [
        {"id": "r1"}
    ]
    assert zoom_api.query(zoom_api.call())["status"] == "approved"
    result = ZoomUpdateMeetingRegistrantStatusOperator(
        task_id="s", meeting_id=123, action="deny", registrants=[{"id": "r1"}]
    ).execute({})
    assert result == {"action": "deny", "registrants": [{"id": "r1"}]}
    assert zoom_api.body(zoom_api.call()) == {"action": "deny", "registrants": [{"id": "r1"}]}
    assert ZoomListWebinarRegistrantsOperator(task_id="wl", webinar_id=555, tracking_source_id="t").execute(
        {}
    ) == [{"id": "w1"}]
    ZoomUpdateWebinarRegistrantStatusOperator(
        task_id="ws",
        webinar_id=555,
        action="approve",
        registrants=[{"email": "a@example.com"}],
        occurrence_id="7",
    ).execute({})
    assert zoom_api.query(zoom_api.call()) == {"occurrence_id": "7"}
    with pytest.raises(ZoomConfigError):
        ZoomListMeetingRegistrantsOperator(task_id="bad", meeting_id=1, status="all")
    with pytest.raises(ZoomConfigError):
        ZoomUpdateWebinarRegistrantStatusOperator(task_id="bad2", webinar_id=1, action="kick", registrants=[])


def test_add_webinar_registrant_with_source_id(zoom_api):
    zoom_api.register("POST", "/webinars/555/registrants", json={"registrant_id": "w9"})
    op = ZoomAddWebinarRegistrantOperator(
        task_id="w",
        webinar_id=555,
        registrant={"email": "a@example.com", "first_name": "A", "source_id": "ads"},
    )
    assert op.execute({}) == {"registrant_id": "w9"}
    assert zoom_api.body(zoom_api.call())["source_id"] == "ads"


def test_registrant_is_required_when_the_dag_is_parsed():
    with pytest.raises(ZoomConfigError) as err:
        ZoomAddMeetingRegistrantOperator(task_id="none", meeting_id=1)
    assert err.value.field == "registrant"


def test_static_registrant_list_is_checked_by_the_hook_when_parsed(zoom_api):
    people = [{"email": "a@example.com", "first_name": "A"}, {"email": "b@example", "first_name": "B"}]
    with pytest.raises(ZoomConfigError) as err:
        ZoomAddMeetingRegistrantsOperator(task_id="bad", meeting_id=1, registrants=people)
    assert err.value.field == "registrants[1].email"
    with pytest.raises(ZoomConfigError) as err:
        ZoomAddWebinarRegistrantsOperator(task_id="bad2", webinar_id=1, registrants=[], auto_approve="maybe")
    assert err.value.field == "auto_approve"
    # Templated values wait for the run; the parse-time check never reaches Zoom.
    op = ZoomAddMeetingRegistrantsOperator(task_id="t", meeting_id="{{ params.m }}", registrants=people)
    assert op.registrants == people
    assert zoom_api.calls == []


def test_empty_registrant_file_names_source(zoom_api, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("email,first_name\n", encoding="utf-8")
    op = ZoomAddMeetingRegistrantsOperator(task_id="csv", meeting_id=123, source=str(path))
    with pytest.raises(ZoomConfigError) as err:
        op.execute({})
    assert err.value.field == "source"
    assert zoom_api.calls == []
