"""The seed data: a JSON file in the emulator package, checked when read, the source of the initial state."""

from __future__ import annotations

import copy
import datetime as dt
import json
from importlib.resources import files

import pytest

import airflow_provider_zoom.testing.emulator as emulator_package
from airflow_provider_zoom.testing.emulator import seed
from airflow_provider_zoom.testing.emulator.config import EmulatorConfig
from airflow_provider_zoom.testing.emulator.factories import (
    add_past_webinar,
    build_account_settings,
    build_user,
    build_webinar,
)
from airflow_provider_zoom.testing.emulator.seed import SEED_DATA, SLASH_UUIDS, load_seed_data
from airflow_provider_zoom.testing.emulator.state import EmulatorState


def _state(**overrides) -> EmulatorState:
    return EmulatorState(EmulatorConfig(seed=5, users=3, **overrides))


def test_the_data_file_is_a_resource_of_the_emulator_package():
    resource = files(emulator_package).joinpath(SEED_DATA)
    assert resource.is_file()
    assert json.loads(resource.read_text(encoding="utf-8")) == load_seed_data()
    assert tuple(load_seed_data()["slash_uuids"]) == SLASH_UUIDS
    assert all("/" in uuid for uuid in SLASH_UUIDS)


def test_each_load_is_a_fresh_copy():
    first = load_seed_data()
    first["account_settings"]["recording"]["auto_recording"] = "local"
    assert load_seed_data()["account_settings"]["recording"]["auto_recording"] == "cloud"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", r"seed\.json: not JSON"),
        ("[]", r"seed\.json: must be a JSON object, got list"),
        (
            json.dumps({k: v for k, v in load_seed_data().items() if k != "phone"}),
            r"seed\.json: phone: must be",
        ),
        (
            json.dumps({**load_seed_data(), "slash_uuids": {}}),
            r"seed\.json: slash_uuids: must be a JSON array",
        ),
        (json.dumps({**load_seed_data(), "users": []}), r"seed\.json: users: must be a JSON object"),
        (
            json.dumps({**load_seed_data(), "slash_uuids": ["/a=="]}),
            r"seed\.json: slash_uuids: needs 2 UUIDs, got 1",
        ),
    ],
)
def test_a_bad_data_file_names_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        load_seed_data(text)


def test_the_initial_state_follows_the_data(monkeypatch):
    data = load_seed_data()
    data["users"]["first_names"] = ["Zed"]
    data["meetings"]["topics"] = ["Standup"]
    data["chat"]["channels"] = [{"name": "only-one", "type": 1}]
    data["phone"]["external_number"] = "+15005550006"
    data["account_settings"]["feature"]["meeting_capacity"] = 1000
    monkeypatch.setattr(seed, "_seed_text", lambda: json.dumps(data))
    state = _state()  # seeds from the data file, here the changed one

    assert {u["first_name"] for u in state.users.values()} == {"Zed"}
    assert all(m["topic"].startswith("Standup (") for m in state.meetings.values())
    assert [c["name"] for c in state.channels.values()] == ["only-one"]
    assert {m["_to_channel"] for m in state.chat_messages} == {None, *state.channels}
    assert {"+15005550006"} <= {log["callee_number"] for log in state.call_logs}
    assert state.account_settings["feature"]["meeting_capacity"] == 1000


def test_the_same_seed_gives_the_same_state():
    one, two = _state(), _state()
    assert list(one.users) == list(two.users)
    assert list(one.meetings) == list(two.meetings)
    assert one.account_settings == two.account_settings
    assert list(one.past_meetings)[:2] == list(SLASH_UUIDS)
    assert len(one.past_webinars) == 1
    assert [p["email"] for p in one.panelists[next(iter(one.panelists))]] == [
        "panelist0@example.org",
        "panelist1@example.org",
    ]


def test_account_settings_give_every_authentication_option_its_own_id():
    state = _state()
    template = load_seed_data()["account_settings"]
    settings = build_account_settings(state, template)
    ids = [
        option["id"]
        for key in ("_meeting_authentication", "_recording_authentication")
        for option in settings[key]["authentication_options"]
    ]
    assert len(ids) == len(set(ids)) == 4
    assert all("id" not in o for o in template["_meeting_authentication"]["authentication_options"])
    untouched = copy.deepcopy(template)
    settings["security"]["password_requirement"]["minimum_password_length"] = 12
    assert template == untouched


def test_a_past_webinar_needs_two_attendees():
    state = _state()
    host = build_user(state, email="host@example.com", first_name="Host", last_name="Only")
    webinar = build_webinar(state, host, {"topic": "Solo", "duration": 30})
    with pytest.raises(ValueError, match=r"attendees: a past webinar needs at least 2, got 1"):
        add_past_webinar(
            state,
            webinar,
            host,
            dt.datetime(2026, 1, 5, 9, tzinfo=dt.timezone.utc),
            [{"id": "r1", "first_name": "A", "last_name": "B", "email": "a@example.org"}],
            poll={"question": "Q", "answer": "A", "polling_id": "p"},
            qa={"question": "Q", "answer": "A"},
        )
