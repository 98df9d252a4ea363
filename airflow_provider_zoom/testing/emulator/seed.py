"""The sample data the emulator starts with: users, meetings, webinars, chat, phone and the account's
settings, built with :mod:`.factories` from the data file ``seed.json`` beside this module.

``seed.json`` holds what the sample data says: names and topics (``users``, ``meetings``), the
past-meeting UUIDs that need double URL-encoding (``slash_uuids``), the webinars with their panelists,
poll and Q&A (``webinars``), chat channels (``chat``), phone numbers and calls (``phone``) and the
account's settings groups (``account_settings``). This module decides how many of each there are and
when they happen, relative to the hour the emulator starts; ``random`` (seeded) picks the rest, so a
seed always gives the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from functools import lru_cache
from importlib.resources import files
from typing import Any

from airflow_provider_zoom.testing.emulator.factories import (
    add_call_log,
    add_chat_message,
    add_panelist,
    add_past_meeting,
    add_past_webinar,
    add_phone_number,
    add_phone_recording,
    add_registrant,
    add_voicemail,
    build_account_settings,
    build_channel,
    build_meeting,
    build_user,
    build_webinar,
)
from airflow_provider_zoom.testing.emulator.state import EmulatorState, utc_iso

SEED_DATA = "seed.json"

# The data file's sections and the type each must have; a wrong file fails naming the section.
_SECTIONS: dict[str, type] = {
    "users": dict,
    "slash_uuids": list,
    "meetings": dict,
    "webinars": dict,
    "chat": dict,
    "phone": dict,
    "account_settings": dict,
}


@lru_cache(maxsize=1)
def _seed_text() -> str:
    return files(__package__).joinpath(SEED_DATA).read_text(encoding="utf-8")


def load_seed_data(text: str | None = None) -> dict[str, Any]:
    """The seed data, a fresh copy on each call (the state it seeds is changed by requests).

    :param text: JSON text to read instead of the packaged ``seed.json``.
    :raises ValueError: naming the section that is missing or of the wrong type.
    """
    try:
        data = json.loads(_seed_text() if text is None else text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{SEED_DATA}: not JSON: {err}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{SEED_DATA}: must be a JSON object, got {type(data).__name__}")
    for section, kind in _SECTIONS.items():
        if not isinstance(data.get(section), kind):
            raise ValueError(
                f"{SEED_DATA}: {section}: must be a JSON {'object' if kind is dict else 'array'}"
            )
    if len(data["slash_uuids"]) < 2:
        raise ValueError(f"{SEED_DATA}: slash_uuids: needs 2 UUIDs, got {len(data['slash_uuids'])}")
    return data


#: Past-meeting UUIDs that Zoom requires double URL-encoded in a path (seeded on the owner).
SLASH_UUIDS: tuple[str, ...] = tuple(load_seed_data()["slash_uuids"])


def seed_state(state: EmulatorState, rng: random.Random) -> None:
    """Fill ``state`` with users, meetings, recordings, webinars, chat and phone data.

    :param state: the emulator's state, just reset.
    :param rng: the seeded generator of participant counts and times.
    """
    data = load_seed_data()
    now = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    config = state.config
    first_names, last_names = data["users"]["first_names"], data["users"]["last_names"]
    for index in range(config.users):
        first, last = first_names[index % len(first_names)], last_names[(index * 3) % len(last_names)]
        build_user(
            state,
            email=f"{first.lower()}.{last.lower()}{index}@example.com",
            first_name=first,
            last_name=last,
            user_type=2 if index < 3 else 1,
            role_id="0" if index == 0 else "2",
            status="inactive" if config.users >= 3 and index == config.users - 1 else "active",
            created=now - dt.timedelta(days=400 - index),
        )
    users = list(state.users.values())
    _seed_meetings(state, users, now, rng, data["meetings"], data["slash_uuids"])
    _seed_archives(state)
    if users:
        _seed_webinars(state, users[0], now, data["webinars"])
        _seed_chat(state, users, now, data["chat"])
        _seed_phone(state, users, now, data["phone"])
    state.account_settings = build_account_settings(state, data["account_settings"])


def _seed_meetings(
    state: EmulatorState,
    users: list[dict[str, Any]],
    now: dt.datetime,
    rng: random.Random,
    data: dict[str, Any],
    slash_uuids: list[str],
) -> None:
    config = state.config
    topics = data["topics"]
    first_past_id: int | None = None
    for u_index, user in enumerate(users):
        for m_index in range(config.meetings_per_user):
            recurring = u_index == 0 and m_index == 0
            body: dict[str, Any] = {
                "topic": f"{topics[(u_index + m_index) % len(topics)]} ({user['first_name']})",
                "type": 8 if recurring else 2,
                "start_time": utc_iso(now + dt.timedelta(days=m_index + 1, hours=u_index)),
                "duration": 30 + 15 * m_index,
                "timezone": "UTC",
                "agenda": data["agenda"],
                "settings": {"approval_type": 0 if m_index == 0 else 2},
            }
            if recurring:
                body["recurrence"] = dict(data["recurrence"])
            meeting = build_meeting(state, user, body)
            if m_index == 0:
                for r_index, status in enumerate(data["registrant_statuses"]):
                    add_registrant(
                        state,
                        state.registrants.setdefault(meeting["id"], []),
                        meeting,
                        {
                            "email": f"guest{r_index}.{u_index}@example.org",
                            "first_name": f"Guest{r_index}",
                            "last_name": "Seeded",
                        },
                        status=status,
                    )
        for m_index in range(config.meetings_per_user):
            uuid = None
            meeting_id = None
            if u_index == 0 and m_index < 2:
                uuid = slash_uuids[m_index]
                if m_index == 1:
                    meeting_id = first_past_id  # a second instance of the same meeting
            days_ago = 0 if m_index == 0 else 2 * m_index + u_index
            start = now - dt.timedelta(days=days_ago, hours=2 + m_index)
            if days_ago == 0:  # keep "today's" recordings on today's UTC date
                start = max(start, now.replace(hour=0))
            past = add_past_meeting(
                state,
                user,
                topic=f"{topics[(u_index + m_index + 2) % len(topics)]} ({user['first_name']})",
                start=start,
                duration=30 + 10 * m_index,
                recording_size=config.recording_size,
                ready_at=0.0,
                uuid=uuid,
                meeting_id=meeting_id,
                rng=rng,
            )
            if u_index == 0 and m_index == 0:
                first_past_id = past["id"]


def _seed_archives(state: EmulatorState) -> None:
    """Compliance archives of the first user's two latest ended instances, complete."""
    from airflow_provider_zoom.testing.emulator.routes.archiving import add_archive

    users = list(state.users.values())
    if not users:
        return
    mine = sorted(
        (p for p in state.past_meetings.values() if p["host_id"] == users[0]["id"]),
        key=lambda p: p["_start"],
        reverse=True,
    )
    for past in mine[:2]:
        add_archive(state, past["uuid"])


def _seed_webinars(
    state: EmulatorState, host: dict[str, Any], now: dt.datetime, data: dict[str, Any]
) -> None:
    webinars = []
    for key in ("upcoming", "past"):
        spec = dict(data[key])
        start = now + dt.timedelta(days=spec.pop("days_from_now"))
        webinars.append((build_webinar(state, host, {**spec, "start_time": utc_iso(start)}), start))
    for webinar, _ in webinars:
        for index in range(data["registrants"]):
            add_registrant(
                state,
                state.webinar_registrants.setdefault(webinar["id"], []),
                webinar,
                {"email": f"attendee{index}@example.org", "first_name": f"Attendee{index}", "last_name": "W"},
            )
        for panelist in data["panelists"]:
            add_panelist(state, webinar, email=panelist["email"], name=panelist["name"])
    past, start = webinars[1]
    attendees = state.webinar_registrants[past["id"]][: data["attendees"]]
    add_past_webinar(state, past, host, start, attendees, poll=data["poll"], qa=data["qa"])


def _seed_chat(
    state: EmulatorState, users: list[dict[str, Any]], now: dt.datetime, data: dict[str, Any]
) -> None:
    owner = users[0]
    for channel in data["channels"]:
        build_channel(
            state,
            name=channel["name"],
            channel_type=channel["type"],
            members=users,
            settings=data["channel_settings"],
        )
    channel_ids = list(state.channels)
    for index in range(data["messages"]):
        sender = users[index % len(users)]
        when = now - dt.timedelta(days=index % 3, minutes=7 * index)
        target: dict[str, Any] = {"to_channel": channel_ids[index % len(channel_ids)]}
        if index % 4 == 3 and len(users) > 1:
            target = {"to_contact": users[1]["email"] if sender is owner else owner["email"]}
        add_chat_message(state, sender, f"Seeded message {index}", when, **target)


def _seed_phone(
    state: EmulatorState, users: list[dict[str, Any]], now: dt.datetime, data: dict[str, Any]
) -> None:
    site = data["site"]
    for index, user in enumerate(users):
        extension = data["first_extension"] + index
        number = f"{data['number_prefix']}{extension:04d}"
        add_phone_number(state, user, number=number, extension=extension, site=site, fields=data["number"])
        for c_index in range(data["calls_per_user"]):
            log = add_call_log(
                state,
                user,
                call_id=str(7000000000000000000 + index * 100 + c_index),
                start=now - dt.timedelta(days=c_index + index % 3, hours=1 + c_index),
                duration=60 + 30 * c_index,
                outbound=c_index % 2 == 0,
                number=number,
                other_number=data["external_number"],
                other_name=data["external_name"],
                has_recording=c_index == 0,
                site=site,
                fields=data["call"],
            )
            if c_index == 0:
                add_phone_recording(
                    state,
                    user,
                    log,
                    other_name=data["external_name"],
                    recording_type=data["recording_type"],
                    size=max(1, state.config.recording_size // 8),
                )
            elif c_index == 1:
                add_voicemail(state, user, log, size=max(1, state.config.recording_size // 16))
