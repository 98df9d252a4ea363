"""ZoomHook registrant actions for meetings and webinars."""

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


def test_add_meeting_registrant(hook, zoom_api):
    zoom_api.register(
        "POST", "/meetings/123/registrants", json={"registrant_id": "r1", "join_url": "https://j"}
    )
    result = hook.add_meeting_registrant(
        123,
        email="ada@example.com",
        first_name="Ada",
        last_name="Lovelace",
        language="en-US",
        custom_questions=[{"title": "Why", "value": "Maths"}],
        auto_approve=True,
        occurrence_ids=["1648194360000", "1648280760000"],
    )
    assert result["registrant_id"] == "r1"
    request = zoom_api.call()
    assert zoom_api.query(request) == {"occurrence_ids": "1648194360000,1648280760000"}
    assert zoom_api.body(request) == {
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "language": "en-US",
        "custom_questions": [{"title": "Why", "value": "Maths"}],
        "auto_approve": True,
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"email": "not-an-email", "first_name": "A"}, "email"),
        ({"email": "a@example.com", "first_name": ""}, "first_name"),
        ({"email": "a@example.com", "first_name": "A", "language": "xx-XX"}, "language"),
        (
            {"email": "a@example.com", "first_name": "A", "role_in_purchase_process": "Boss"},
            "role_in_purchase_process",
        ),
        ({"email": "a@example.com", "first_name": "A", "favourite": "x"}, "favourite"),
        ({"email": "a@example.com", "first_name": "A", "source_id": "x"}, "source_id"),
    ],
)
def test_add_meeting_registrant_rejects_locally(hook, zoom_api, kwargs, field):
    with pytest.raises(ZoomConfigError) as err:
        hook.add_meeting_registrant(123, **kwargs)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_add_meeting_registrants_batches_of_30(hook, zoom_api):
    def reply(request, context):
        return {
            "registrants": [
                {"registrant_id": r["email"], "email": r["email"]} for r in request.json()["registrants"]
            ]
        }

    zoom_api.register("POST", "/meetings/123/batch_registrants", json=reply)
    people = [{"email": f"p{i}@example.com", "first_name": f"P{i}", "last_name": "X"} for i in range(65)]
    added = hook.add_meeting_registrants(123, people, auto_approve=True, registrants_confirmation_email=False)
    assert len(added) == 65
    sizes = [len(zoom_api.body(r)["registrants"]) for r in zoom_api.calls]
    assert sizes == [30, 30, 5]
    first = zoom_api.body(zoom_api.call(0))
    assert first["auto_approve"] is True and first["registrants_confirmation_email"] is False
    assert first["registrants"][0] == {"email": "p0@example.com", "first_name": "P0", "last_name": "X"}


def test_add_meeting_registrants_refuses_fields_the_batch_call_drops(hook, zoom_api):
    with pytest.raises(ZoomConfigError) as err:
        hook.add_meeting_registrants(123, [{"email": "a@example.com", "first_name": "A", "org": "X"}])
    assert err.value.field == "registrants[0].org"
    assert zoom_api.calls == []


def test_add_meeting_registrants_checks_every_row_first(hook, zoom_api):
    people = [{"email": f"p{i}@example.com", "first_name": "P"} for i in range(40)]
    people[35]["email"] = "broken"
    with pytest.raises(ZoomConfigError) as err:
        hook.add_meeting_registrants(123, people)
    assert err.value.field == "registrants[35].email"
    assert zoom_api.calls == []


def test_list_and_status_meeting_registrants(hook, zoom_api):
    zoom_api.register(
        "GET", "/meetings/123/registrants", json={"registrants": [{"id": "r1"}], "next_page_token": ""}
    )
    zoom_api.register("PUT", "/meetings/123/registrants/status", status_code=204)
    assert hook.list_meeting_registrants(123, status="pending", occurrence_id="9") == [{"id": "r1"}]
    assert zoom_api.query(zoom_api.call()) == {"status": "pending", "occurrence_id": "9", "page_size": "300"}
    entries = [{"id": f"r{i}"} for i in range(31)] + [{"email": "x@example.com"}]
    result = hook.update_meeting_registrant_status(123, "approve", entries, occurrence_id="9")
    assert result == {"action": "approve", "registrants": entries}
    puts = [r for r in zoom_api.calls if r.method == "PUT"]
    assert [len(zoom_api.body(r)["registrants"]) for r in puts] == [30, 2]
    assert zoom_api.body(puts[0])["action"] == "approve"
    assert zoom_api.query(puts[0]) == {"occurrence_id": "9"}


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda h: h.list_meeting_registrants(123, status="waiting"), "status"),
        (lambda h: h.update_meeting_registrant_status(123, "ban", [{"id": "a"}]), "action"),
        (lambda h: h.update_meeting_registrant_status(123, "deny", [{"name": "a"}]), "registrants[0]"),
        (lambda h: h.update_meeting_registrant_status(123, "deny", []), "registrants"),
    ],
)
def test_registrant_checks(hook, zoom_api, call, field):
    with pytest.raises(ZoomConfigError) as err:
        call(hook)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_webinar_registrants(hook, zoom_api):
    zoom_api.register("POST", "/webinars/555/registrants", json={"registrant_id": "w1"})
    zoom_api.register(
        "POST", "/webinars/555/batch_registrants", json={"registrants": [{"registrant_id": "w2"}]}
    )
    zoom_api.register("GET", "/webinars/555/registrants", json={"registrants": [{"id": "w1"}]})
    zoom_api.register("PUT", "/webinars/555/registrants/status", status_code=204)
    assert (
        hook.add_webinar_registrant(555, email="a@example.com", first_name="A", source_id="src")[
            "registrant_id"
        ]
        == "w1"
    )
    assert zoom_api.body(zoom_api.call())["source_id"] == "src"
    assert hook.add_webinar_registrants(
        555, [{"email": "b@example.com", "first_name": "B"}], auto_approve=False
    ) == [{"registrant_id": "w2"}]
    assert zoom_api.body(zoom_api.call()) == {
        "auto_approve": False,
        "registrants": [{"email": "b@example.com", "first_name": "B"}],
    }
    assert hook.list_webinar_registrants(555, tracking_source_id="t1") == [{"id": "w1"}]
    assert zoom_api.query(zoom_api.call())["tracking_source_id"] == "t1"
    hook.update_webinar_registrant_status(555, "cancel", [{"id": "w1", "email": "a@example.com"}])
    assert zoom_api.body(zoom_api.call()) == {
        "action": "cancel",
        "registrants": [{"id": "w1", "email": "a@example.com"}],
    }


def test_add_registrant_takes_a_dict_or_keywords(hook, zoom_api):
    zoom_api.register("POST", "/meetings/123/registrants", json={"registrant_id": "r1"})
    zoom_api.register("POST", "/webinars/555/registrants", json={"registrant_id": "w1"})
    hook.add_meeting_registrant(123, {"email": "ada@example.com", "first_name": "Ada"}, last_name="L")
    assert zoom_api.body(zoom_api.call()) == {
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "L",
    }
    hook.add_webinar_registrant(
        555, registrant={"email": "b@example.com", "first_name": "B", "source_id": "s"}
    )
    assert zoom_api.body(zoom_api.call())["source_id"] == "s"


@pytest.mark.parametrize(
    ("registrant", "field"),
    [(None, "registrant"), ("ada@example.com", "registrant"), ({"email": "ada@example.com"}, "first_name")],
)
def test_add_registrant_without_a_registrant_is_refused(hook, zoom_api, registrant, field):
    with pytest.raises(ZoomConfigError) as err:
        hook.add_meeting_registrant(123, registrant)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_validate_registrants_is_public_and_names_the_row():
    from airflow_provider_zoom.validation import validate_registrants

    rows = [{"email": "a@example.com", "first_name": "A"}, {"email": "bad", "first_name": "B"}]
    with pytest.raises(ZoomConfigError) as err:
        validate_registrants(rows)
    assert err.value.field == "registrants[1].email"
    with pytest.raises(ZoomConfigError) as err:
        validate_registrants({"email": "a@example.com"})
    assert err.value.field == "registrants"
    assert validate_registrants(rows[:1]) == rows[:1]
