"""Builders of users, meetings, webinars, registrants, recordings, chat, phone records and the account's
settings, as Zoom shapes them.

Shared by the create routes (live requests) and by :mod:`.seed` (the sample data at start-up)."""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

from airflow_provider_zoom.testing.emulator.files import VTT_PREFIX, webvtt_size
from airflow_provider_zoom.testing.emulator.state import EmulatorState, utc_iso

DEFAULT_SETTINGS: dict[str, Any] = {
    "host_video": True,
    "participant_video": False,
    "join_before_host": False,
    "mute_upon_entry": False,
    "watermark": False,
    "use_pmi": False,
    "approval_type": 2,
    "registration_type": 1,
    "audio": "voip",
    "auto_recording": "cloud",
    "waiting_room": True,
    "meeting_authentication": False,
    "registrants_confirmation_email": True,
    "registrants_email_notification": True,
    "close_registration": False,
    "alternative_hosts": "",
    "encryption_type": "enhanced_encryption",
    "continuous_meeting_chat": {"enable": False},
}


def build_user(
    state: EmulatorState,
    *,
    email: str,
    first_name: str,
    last_name: str,
    user_type: int = 1,
    role_id: str = "2",
    status: str = "active",
    created: dt.datetime | None = None,
    display_name: str | None = None,
) -> dict[str, Any]:
    user_id = state.new_id()
    created = created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    pmi = state._rng.randint(10**9, 10**10 - 1)
    user = {
        "id": user_id,
        "first_name": first_name,
        "last_name": last_name,
        "display_name": display_name or f"{first_name} {last_name}".strip(),
        "email": email,
        "type": user_type,
        "pmi": pmi,
        "timezone": "UTC",
        "verified": 1,
        "dept": "",
        "created_at": utc_iso(created),
        "user_created_at": utc_iso(created),
        "last_login_time": utc_iso(created + dt.timedelta(days=1)),
        "last_client_version": "6.0.0.0000(mac)",
        "status": status,
        "role_id": role_id,
        "employee_unique_id": "",
        "group_ids": [],
        "_seq": state.next_seq(),
        "_details": {  # what GET /users/{userId} adds to a list item
            "pic_url": "",
            "language": "en-US",
            "phone_number": "",
            "account_id": state.account_id,
            "account_number": 10000001,
            "role_name": {"0": "Owner", "1": "Admin"}.get(role_id, "Member"),
            "personal_meeting_url": f"{state.base_url}/j/{pmi}",
            "use_pmi": False,
            "login_types": [100],
            "cms_user_id": "",
            "jid": f"{user_id.lower()}@xmpp.zoom.us",
            "cluster": "us06",
            "job_title": "",
            "location": "",
            "company": "",
        },
    }
    state.users[user_id] = user
    return user


def build_meeting(state: EmulatorState, host: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Store a meeting created from ``body`` (already validated) and return it."""
    meeting_id = state.new_meeting_id()
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    meeting_type = int(body.get("type", 2))
    start_time = body.get("start_time") or utc_iso(created)
    password = body.get("password", f"{state._rng.randint(100000, 999999)}")
    settings = {**DEFAULT_SETTINGS, **(body.get("settings") or {})}
    meeting: dict[str, Any] = {
        "uuid": state.new_uuid(),
        "id": meeting_id,
        "host_id": host["id"],
        "host_email": host["email"],
        "assistant_id": "",
        "topic": body.get("topic", "Zoom Meeting"),
        "type": meeting_type,
        "status": "waiting",
        "start_time": start_time,
        "duration": int(body.get("duration", 60)),
        "timezone": body.get("timezone", "UTC"),
        "agenda": body.get("agenda", ""),
        "created_at": utc_iso(created),
        "start_url": f"{state.base_url}/s/{meeting_id}?zak=emulated",
        "join_url": f"{state.base_url}/j/{meeting_id}?pwd=emulated",
        "password": password,
        "h323_password": password,
        "pstn_password": password,
        "encrypted_password": "emulated",
        "pre_schedule": bool(body.get("pre_schedule", False)),
        "settings": settings,
        "_seq": state.next_seq(),
    }
    if meeting_type == 8:
        recurrence = body.get("recurrence") or {"type": 1, "repeat_interval": 1, "end_times": 3}
        meeting["recurrence"] = recurrence
        meeting["occurrences"] = build_occurrences(start_time, meeting["duration"], recurrence)
    state.meetings[meeting_id] = meeting
    return meeting


def build_occurrences(start_time: str, duration: int, recurrence: dict[str, Any]) -> list[dict[str, Any]]:
    start = parse_time(start_time)
    step = {1: dt.timedelta(days=1), 2: dt.timedelta(weeks=1), 3: dt.timedelta(days=30)}.get(
        int(recurrence.get("type", 1)), dt.timedelta(days=1)
    ) * int(recurrence.get("repeat_interval", 1) or 1)
    count = max(1, min(int(recurrence.get("end_times", 3) or 3), 60))
    occurrences = []
    for i in range(count):
        when = start + step * i
        occurrences.append(
            {
                "occurrence_id": str(int(when.timestamp() * 1000)),
                "start_time": utc_iso(when),
                "duration": duration,
                "status": "available",
            }
        )
    return occurrences


def parse_time(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def add_registrant(
    state: EmulatorState,
    registrants: list[dict[str, Any]],
    target: dict[str, Any],
    body: dict[str, Any],
    *,
    status: str = "approved",
    occurrence_ids: list[str] | None = None,
) -> dict[str, Any]:
    """Add (or return the existing registrant with the same email) to ``registrants``."""
    for existing in registrants:
        if existing["email"].lower() == body["email"].lower() and existing["status"] != "cancelled":
            return existing
    registrant_id = state.new_id()
    registrant = {
        "id": registrant_id,
        "email": body["email"],
        "first_name": body.get("first_name", ""),
        "last_name": body.get("last_name", ""),
        "address": body.get("address", ""),
        "city": body.get("city", ""),
        "country": body.get("country", ""),
        "zip": body.get("zip", ""),
        "state": body.get("state", ""),
        "phone": body.get("phone", ""),
        "industry": body.get("industry", ""),
        "org": body.get("org", ""),
        "job_title": body.get("job_title", ""),
        "purchasing_time_frame": body.get("purchasing_time_frame", ""),
        "role_in_purchase_process": body.get("role_in_purchase_process", ""),
        "no_of_employees": body.get("no_of_employees", ""),
        "comments": body.get("comments", ""),
        "custom_questions": body.get("custom_questions", []),
        "status": status,
        "create_time": utc_iso(dt.datetime.now(dt.timezone.utc)),
        "join_url": f"{target['join_url'].split('?')[0]}?tk={registrant_id}",
        "_seq": state.next_seq(),
        "_occurrences": occurrence_ids or [],
    }
    if "tracking_source_id" in body:
        registrant["_tracking_source_id"] = body["tracking_source_id"]
    registrants.append(registrant)
    return registrant


def add_past_meeting(
    state: EmulatorState,
    host: dict[str, Any],
    *,
    topic: str,
    start: dt.datetime,
    duration: int,
    recording_size: int,
    ready_at: float,
    uuid: str | None = None,
    meeting_id: int | None = None,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Store an ended meeting instance with participants, polls, Q&A, a summary and a cloud recording."""
    rng = rng or state._rng
    if meeting_id is None:
        meeting = build_meeting(
            state,
            host,
            {
                "topic": topic,
                "type": 2,
                "start_time": utc_iso(start),
                "duration": duration,
                "timezone": "UTC",
            },
        )
        meeting_id = meeting["id"]
    uuid = uuid or state.new_uuid()
    end = start + dt.timedelta(minutes=duration)
    participants = []
    for p_index in range(3 + rng.randint(0, 5)):
        join = start + dt.timedelta(minutes=rng.randint(0, 5))
        leave = end - dt.timedelta(minutes=rng.randint(0, 5))
        participants.append(
            {
                "id": state.new_id(),
                "name": f"Participant {p_index}",
                "user_id": str(16778240 + p_index),
                "registrant_id": "",
                "user_email": f"participant{p_index}@example.org",
                "join_time": utc_iso(join),
                "leave_time": utc_iso(leave),
                "duration": int((leave - join).total_seconds()),
                "failover": False,
                "status": "in_meeting",
                "customer_key": "",
                "participant_user_id": state.new_id(),
                "internal_user": p_index == 0,
            }
        )
    past: dict[str, Any] = {
        **_ended_instance(state, host, uuid, meeting_id, 2, topic, start, duration, participants),
        "_polls": [
            {
                "name": participants[1]["name"],
                "email": participants[1]["user_email"],
                "question_details": [
                    {
                        "question": "How was the meeting?",
                        "answer": "Good",
                        "polling_id": "poll-1",
                        "date_time": utc_iso(start + dt.timedelta(minutes=10)),
                    }
                ],
            }
        ],
        "_qa": [
            {
                "name": participants[2]["name"],
                "email": participants[2]["user_email"],
                "user_id": participants[2]["participant_user_id"],
                "question_details": [
                    {
                        "question": "Will the slides be shared?",
                        "answer": "Yes, after the meeting.",
                        "question_id": state.new_id(),
                        "question_status": "answered",
                    }
                ],
            }
        ],
        "_summary": {
            "summary_title": f"Summary of {topic}",
            "summary_overview": f"The team met for {topic}.",
            "summary_details": [{"label": "Decisions", "summary": "Ship the next release."}],
            "next_steps": ["Send the notes"],
        },
    }
    past["_recording"] = build_recording(state, past, host, start, end, recording_size, ready_at)
    state.past_meetings[uuid] = past
    return past


def _ended_instance(
    state: EmulatorState,
    host: dict[str, Any],
    uuid: str,
    instance_id: Any,
    instance_type: int,
    topic: str,
    start: dt.datetime,
    duration: int,
    participants: list[dict[str, Any]],
) -> dict[str, Any]:
    """What a past meeting and a past webinar record share: the instance, its host, times and attendance."""
    end = start + dt.timedelta(minutes=duration)
    return {
        "uuid": uuid,
        "id": instance_id,
        "host_id": host["id"],
        "type": instance_type,
        "topic": topic,
        "user_name": host["display_name"],
        "user_email": host["email"],
        "start_time": utc_iso(start),
        "end_time": utc_iso(end),
        "duration": duration,
        "total_minutes": duration * len(participants),
        "participants_count": len(participants),
        "dept": "",
        "source": "Zoom",
        "_start": start,
        "_seq": state.next_seq(),
        "_participants": participants,
    }


def build_recording(
    state: EmulatorState,
    past: dict[str, Any],
    host: dict[str, Any],
    start: dt.datetime,
    end: dt.datetime,
    size: int,
    ready_at: float,
) -> dict[str, Any]:
    # (file_type, file_extension, recording_type, size, listed with id/status/file_size); the VTT files
    # hold WebVTT text and take the size of their text.
    specs = [
        ("MP4", "MP4", "shared_screen_with_speaker_view", size, True),
        ("M4A", "M4A", "audio_only", max(1, size // 4), True),
        ("TRANSCRIPT", "VTT", "audio_transcript", 0, True),
        ("CHAT", "TXT", "chat_file", max(1, min(size, 4 * 1024)), True),
        ("CC", "VTT", "closed_caption", 0, False),
        ("TIMELINE", "JSON", "timeline", max(1, min(size, 8 * 1024)), False),
    ]
    files = [
        recording_file(
            state, past["uuid"], start, end, file_type, extension, recording_type, file_size, has_id
        )
        for file_type, extension, recording_type, file_size, has_id in specs
    ]
    return {
        "account_id": state.account_id,
        "host_email": host["email"],
        "timezone": "UTC",
        "share_url": f"{state.base_url}/rec/share/{state.new_id(32)}",
        "password": "rec-" + state.new_id(8),
        "recording_play_passcode": state.new_id(32),
        "_files": files,
        "_ready_at": ready_at,
        "_trashed": False,
    }


def recording_file(
    state: EmulatorState,
    meeting_uuid: str,
    start: dt.datetime,
    end: dt.datetime,
    file_type: str,
    extension: str,
    recording_type: str,
    file_size: int,
    has_id: bool,
) -> dict[str, Any]:
    """One stored recording file of a meeting instance, downloadable (VTT files sized by their text)."""
    record: dict[str, Any] = {
        "meeting_id": meeting_uuid,
        "recording_start": utc_iso(start),
        "recording_end": utc_iso(end),
        "file_type": file_type,
        "file_extension": extension,
        "_size": file_size,
        "_meeting_uuid": meeting_uuid,
        "_trashed": False,
    }
    if has_id:  # Zoom's CC and TIMELINE files have no id, status, file_size, recording_type nor play_url
        record = {
            "id": state.new_file_id(),
            **record,
            "file_size": file_size,
            "recording_type": recording_type,
        }
    state.register_download(record)
    if extension == "VTT":  # transcripts and captions are WebVTT text, sized by their content
        record["_key"] = VTT_PREFIX + record["_key"]
        record["_size"] = webvtt_size(record["_key"])
        if has_id:
            record["file_size"] = record["_size"]
    return record


def build_webinar(state: EmulatorState, host: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    webinar_id = state.new_meeting_id()
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    settings = {
        "host_video": True,
        "panelists_video": True,
        "practice_session": False,
        "hd_video": False,
        "approval_type": 2,
        "registration_type": 1,
        "audio": "both",
        "auto_recording": "cloud",
        "enforce_login": False,
        "close_registration": False,
        "show_share_button": True,
        "allow_multiple_devices": True,
        "registrants_confirmation_email": True,
        "registrants_email_notification": True,
        **(body.get("settings") or {}),
    }
    webinar: dict[str, Any] = {
        "uuid": state.new_uuid(),
        "id": webinar_id,
        "host_id": host["id"],
        "host_email": host["email"],
        "topic": body.get("topic", "Zoom Webinar"),
        "type": int(body.get("type", 5)),
        "start_time": body.get("start_time") or utc_iso(created),
        "duration": int(body.get("duration", 60)),
        "timezone": body.get("timezone", "UTC"),
        "agenda": body.get("agenda", ""),
        "created_at": utc_iso(created),
        "start_url": f"{state.base_url}/s/{webinar_id}?zak=emulated",
        "join_url": f"{state.base_url}/w/{webinar_id}?tk=emulated",
        "password": body.get("password", ""),
        "is_simulive": False,
        "settings": settings,
        "_seq": state.next_seq(),
    }
    if webinar["type"] == 9:
        recurrence = body.get("recurrence") or {"type": 1, "repeat_interval": 1, "end_times": 3}
        webinar["recurrence"] = recurrence
        webinar["occurrences"] = build_occurrences(webinar["start_time"], webinar["duration"], recurrence)
    state.webinars[webinar_id] = webinar
    return webinar


def add_chat_message(
    state: EmulatorState,
    sender: dict[str, Any],
    text: str,
    when: dt.datetime,
    *,
    to_channel: str | None = None,
    to_contact: str | None = None,
) -> dict[str, Any]:
    message = {
        "id": state.new_file_id(),
        "message": text,
        "sender": sender["email"],
        "sender_member_id": sender["id"],
        "sender_display_name": sender["display_name"],
        "date_time": utc_iso(when),
        "timestamp": int(when.timestamp() * 1000),
        "_to_channel": to_channel,
        "_to_contact": to_contact,
        "_seq": state.next_seq(),
    }
    state.chat_messages.append(message)
    return message


def add_panelist(state: EmulatorState, webinar: dict[str, Any], *, email: str, name: str) -> dict[str, Any]:
    """Add a panelist to ``webinar``; the join link's token is the local part of ``email``.

    :param state: the emulator's state.
    :param webinar: the webinar (as :func:`build_webinar` stores it).
    :param email: the panelist's email address.
    :param name: the panelist's name.
    """
    panelist = {
        "id": state.new_id(),
        "email": email,
        "name": name,
        "join_url": f"{webinar['join_url'].split('?')[0]}?tk={email.split('@')[0]}",
        "_seq": state.next_seq(),
    }
    state.panelists.setdefault(webinar["id"], []).append(panelist)
    return panelist


def add_past_webinar(
    state: EmulatorState,
    webinar: dict[str, Any],
    host: dict[str, Any],
    start: dt.datetime,
    attendees: list[dict[str, Any]],
    *,
    poll: dict[str, Any],
    qa: dict[str, Any],
) -> dict[str, Any]:
    """Store an ended instance of ``webinar`` that ``attendees`` (its registrants) attended throughout.

    :param state: the emulator's state.
    :param webinar: the webinar (as :func:`build_webinar` stores it).
    :param host: the webinar's host.
    :param start: when the instance started; it lasted the webinar's ``duration``.
    :param attendees: registrants; at least two: the first answered ``poll``, the second asked ``qa``.
    :param poll: ``question``, ``answer`` and ``polling_id`` of the one poll answer.
    :param qa: ``question`` and ``answer`` of the one Q&A entry.
    """
    if len(attendees) < 2:
        raise ValueError(f"attendees: a past webinar needs at least 2, got {len(attendees)}")
    uuid = state.new_uuid()
    duration = int(webinar["duration"])
    end = start + dt.timedelta(minutes=duration)
    participants = [
        {
            "id": state.new_id(),
            "name": f"{r['first_name']} {r['last_name']}",
            "user_id": str(16779000 + index),
            "registrant_id": r["id"],
            "user_email": r["email"],
            "join_time": utc_iso(start),
            "leave_time": utc_iso(end),
            "duration": duration * 60,
            "failover": False,
            "status": "in_meeting",
            "internal_user": False,
        }
        for index, r in enumerate(attendees)
    ]
    past = {
        **_ended_instance(
            state, host, uuid, webinar["id"], webinar["type"], webinar["topic"], start, duration, participants
        ),
        "_polls": [
            {
                "name": participants[0]["name"],
                "email": participants[0]["user_email"],
                "question_details": [{**poll, "date_time": utc_iso(start)}],
            }
        ],
        "_qa": [
            {
                "name": participants[1]["name"],
                "email": participants[1]["user_email"],
                "question_details": [dict(qa)],
            }
        ],
    }
    state.past_webinars[uuid] = past
    return past


def build_channel(
    state: EmulatorState,
    *,
    name: str,
    channel_type: int,
    members: list[dict[str, Any]],
    settings: dict[str, Any],
) -> dict[str, Any]:
    """Store a Team Chat channel of ``members`` and return it.

    :param state: the emulator's state.
    :param name: the channel's name.
    :param channel_type: Zoom's channel ``type`` (1 private, 2 members of one account, 3 public...).
    :param members: the users in the channel.
    :param settings: the channel's ``channel_settings``.
    """
    channel_id = state.new_id(32).lower()
    channel = {
        "id": channel_id,
        "jid": f"{channel_id}@conference.xmpp.zoom.us",
        "name": name,
        "type": channel_type,
        "channel_url": f"{state.base_url}/launch/chat/v2/{channel_id}",
        "channel_settings": copy.deepcopy(settings),
        "_members": [u["id"] for u in members],
        "_seq": state.next_seq(),
    }
    state.channels[channel_id] = channel
    return channel


def add_phone_number(
    state: EmulatorState,
    user: dict[str, Any],
    *,
    number: str,
    extension: int,
    site: dict[str, Any],
    fields: dict[str, Any],
) -> dict[str, Any]:
    """Store a Zoom Phone number assigned to ``user`` and return it.

    :param state: the emulator's state.
    :param user: the number's assignee.
    :param number: the number, E.164.
    :param extension: the assignee's extension number.
    :param site: the phone site (``id``, ``name``).
    :param fields: the number's other fields (``source``, ``status``, ``number_type``, ``capability``,
        ``location``).
    """
    record = {
        "id": state.new_id(),
        "number": number,
        "display_name": user["display_name"],
        **copy.deepcopy(fields),
        "assignee": {
            "id": user["id"],
            "name": user["display_name"],
            "extension_number": extension,
            "type": "user",
        },
        "site": dict(site),
        "_seq": state.next_seq(),
    }
    state.phone_numbers.append(record)
    return record


def add_call_log(
    state: EmulatorState,
    user: dict[str, Any],
    *,
    call_id: str,
    start: dt.datetime,
    duration: int,
    outbound: bool,
    number: str,
    other_number: str,
    other_name: str,
    has_recording: bool,
    site: dict[str, Any],
    fields: dict[str, Any],
) -> dict[str, Any]:
    """Store a call of ``user`` (on ``number``) with an outside party in the call logs and return it.

    :param state: the emulator's state.
    :param user: whose call it is.
    :param call_id: Zoom's ``call_id``.
    :param start: when the call started; it was answered 5 seconds later.
    :param duration: the call's length in seconds.
    :param outbound: whether ``user`` called (else was called).
    :param number: ``user``'s phone number.
    :param other_number: the outside party's number.
    :param other_name: the outside party's name.
    :param has_recording: whether the call has a recording (see :func:`add_phone_recording`).
    :param site: the phone site (``id``, ``name``).
    :param fields: the log's other fields (``call_type``, ``result``, ``international``, ``connect_type``,
        ``path``, ``has_voicemail``).
    """
    caller, callee = (number, other_number) if outbound else (other_number, number)
    log = {
        "id": state.new_file_id(),
        "call_id": call_id,
        "call_type": fields["call_type"],
        "caller_number": caller,
        "caller_number_type": 1 if outbound else 2,
        "caller_name": user["display_name"] if outbound else other_name,
        "callee_number": callee,
        "callee_number_type": 2 if outbound else 1,
        "callee_name": other_name if outbound else user["display_name"],
        "direction": "outbound" if outbound else "inbound",
        "duration": duration,
        "result": fields["result"],
        "date_time": utc_iso(start),
        "start_time": utc_iso(start),
        "answer_time": utc_iso(start + dt.timedelta(seconds=5)),
        "end_time": utc_iso(start + dt.timedelta(seconds=duration)),
        **{k: v for k, v in fields.items() if k not in ("call_type", "result")},
        "has_recording": has_recording,
        "site": dict(site),
        "_owner_id": user["id"],
        "_start": start,
        "_seq": state.next_seq(),
    }
    state.call_logs.append(log)
    return log


def add_phone_recording(
    state: EmulatorState,
    user: dict[str, Any],
    log: dict[str, Any],
    *,
    other_name: str,
    recording_type: str,
    size: int,
) -> dict[str, Any]:
    """Store the downloadable recording of the call ``log`` (as :func:`add_call_log` stores it).

    :param state: the emulator's state.
    :param user: whose call it is.
    :param log: the call's log entry.
    :param other_name: the outside party's name.
    :param recording_type: Zoom's ``recording_type`` (``Automatic``, ``OnDemand``).
    :param size: the file's size in bytes.
    """
    record = {
        "id": state.new_file_id(),
        "caller_number": log["caller_number"],
        "caller_number_type": 1,
        "caller_name": user["display_name"],
        "callee_number": log["callee_number"],
        "callee_number_type": 2,
        "callee_name": other_name,
        "direction": "outbound",
        "duration": log["duration"],
        "date_time": log["date_time"],
        "end_time": log["end_time"],
        "recording_type": recording_type,
        "call_log_id": log["id"],
        "call_id": log["call_id"],
        "file_size": size,
        "owner": {"type": "user", "id": user["id"], "name": user["display_name"]},
        "site": dict(log["site"]),
        "_size": size,
        "_meeting_uuid": None,
        "_owner_id": user["id"],
        "_start": log["_start"],
        "_seq": state.next_seq(),
        "_ready_at": 0.0,
    }
    state.register_download(record)
    state.phone_recordings.append(record)
    return record


def add_voicemail(
    state: EmulatorState, user: dict[str, Any], log: dict[str, Any], *, size: int
) -> dict[str, Any]:
    """Store the downloadable voicemail a caller left ``user`` on the call ``log``.

    :param state: the emulator's state.
    :param user: whose voicemail box it is.
    :param log: the call's log entry (an inbound call).
    :param size: the file's size in bytes.
    """
    log["has_voicemail"] = True
    record = {
        "id": state.new_file_id(),
        "call_id": log["call_id"],
        "call_log_id": log["id"],
        "caller_name": log["caller_name"],
        "caller_number": log["caller_number"],
        "caller_number_type": log["caller_number_type"],
        "callee_name": user["display_name"],
        "callee_number": log["callee_number"],
        "callee_number_type": 1,
        "date_time": log["date_time"],
        "duration": min(log["duration"], 30),
        "status": "unread",
        "owner": {"type": "user", "id": user["id"], "name": user["display_name"]},
        "_size": size,
        "_meeting_uuid": None,
        "_owner_id": user["id"],
        "_start": log["_start"],
        "_seq": state.next_seq(),
        "_ready_at": 0.0,
    }
    state.register_download(record)
    state.voicemails.append(record)
    return record


def build_account_settings(state: EmulatorState, template: dict[str, Any]) -> dict[str, Any]:
    """The account's settings (``GET /accounts/me/settings``) from ``template``; the ``option`` replies
    are under ``_`` keys, and each of their ``authentication_options`` gets a fresh id.

    :param state: the emulator's state.
    :param template: settings groups by name, e.g. the seed data's ``account_settings``.
    """
    settings = copy.deepcopy(template)
    for group in settings.values():
        if isinstance(group, dict) and "authentication_options" in group:
            group["authentication_options"] = [
                {"id": state.new_id(), **option} for option in group["authentication_options"]
            ]
    return settings
