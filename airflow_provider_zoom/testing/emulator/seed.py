"""Deterministic sample data and the builders shared by seeding and the create routes."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from airflow_provider_zoom.testing.emulator.files import VTT_PREFIX, webvtt_size
from airflow_provider_zoom.testing.emulator.state import EmulatorState, utc_iso

#: Past-meeting UUIDs that Zoom requires double URL-encoded in a path (seeded on the owner).
SLASH_UUIDS = ("/ajXp112QmuoKj4854875==", "ab//cdEFgh0123456789==")

_FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Linus"]
_LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman"]
_TOPICS = ["Weekly sync", "Planning", "Design review", "All hands", "Customer call", "Retrospective"]

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


def account_settings(state: EmulatorState) -> dict[str, Any]:
    """The account's settings (``GET /accounts/me/settings``); the ``option`` replies are under ``_`` keys."""
    auth_options = [
        {
            "id": state.new_id(),
            "name": "Sign in to Zoom",
            "type": "enforce_login",
            "default_option": True,
            "visible": True,
        },
        {
            "id": state.new_id(),
            "name": "Sign in to Zoom with specified domains",
            "type": "enforce_login_with_domains",
            "default_option": False,
            "visible": True,
            "domains": "example.com",
        },
    ]
    return {
        "schedule_meeting": {
            "host_video": True,
            "audio_type": "both",
            "join_before_host": False,
            "enforce_login": False,
            "enforce_login_with_domains": False,
            "enforce_login_domains": "",
            "not_store_meeting_topic": False,
            "force_pmi_jbh_password": True,
            "require_password_for_scheduling_new_meetings": True,
            "require_password_for_instant_meetings": True,
            "require_password_for_pmi_meetings": "jbh_only",
            "use_pmi_for_scheduled_meetings": False,
            "use_pmi_for_instant_meetings": False,
            "personal_meeting": True,
        },
        "in_meeting": {
            "e2e_encryption": False,
            "chat": True,
            "private_chat": True,
            "auto_saving_chat": False,
            "entry_exit_chime": "none",
            "file_transfer": True,
            "feedback": False,
            "co_host": True,
            "polling": True,
            "meeting_polling": {"enable": True, "advanced_polls": True},
            "attendee_on_hold": False,
            "show_meeting_control_toolbar": False,
            "annotation": True,
            "whiteboard": True,
            "remote_control": True,
            "non_verbal_feedback": True,
            "breakout_room": True,
            "closed_caption": True,
            "virtual_background": True,
            "screen_sharing": True,
            "who_can_share_screen": "host",
            "who_can_share_screen_when_someone_is_sharing": "host",
            "allow_live_streaming": False,
            "data_center_regions": ["US", "EU"],
            "meeting_reactions": True,
            "show_a_join_from_your_browser_link": True,
        },
        "email_notification": {
            "cloud_recording_available_reminder": True,
            "recording_available_reminder_schedulers": True,
            "recording_available_reminder_alternative_hosts": False,
            "jbh_reminder": True,
            "cancel_meeting_reminder": True,
            "low_host_count_reminder": True,
            "alternative_host_reminder": True,
            "schedule_for_reminder": True,
        },
        "security": {
            "admin_change_name_pic": False,
            "admin_change_user_info": False,
            "hide_billing_info": False,
            "import_photos_from_devices": True,
            "password_requirement": {
                "minimum_password_length": 8,
                "have_special_character": True,
                "consecutive_characters_length": 0,
                "weak_enhance_detection": True,
            },
            "sign_again_period_for_inactivity_on_client": 0,
            "sign_again_period_for_inactivity_on_web": 120,
            "sign_in_with_two_factor_auth": "all",
        },
        "recording": {
            "local_recording": True,
            "cloud_recording": True,
            "record_speaker_view": True,
            "record_gallery_view": False,
            "record_audio_file": True,
            "save_chat_text": True,
            "show_timestamp": False,
            "recording_audio_transcript": True,
            "auto_recording": "cloud",
            "cloud_recording_download": True,
            "cloud_recording_download_host": True,
            "account_user_access_recording": False,
            "auto_delete_cmr": False,
            "auto_delete_cmr_days": 0,
            "record_files_separately": {
                "active_speaker": False,
                "gallery_view": False,
                "shared_screen": False,
            },
            "display_participant_name": True,
            "recording_thumbnails": True,
            "save_poll_results": True,
            "save_close_caption": True,
            "host_delete_cloud_recording": True,
            "allow_recovery_deleted_cloud_recordings": True,
        },
        "telephony": {
            "third_party_audio": False,
            "audio_conference_info": "",
            "telephony_regions": {"allowed_values": ["US", "EU"], "selection_values": "US"},
        },
        "integration": {
            "google_calendar": True,
            "google_drive": False,
            "dropbox": False,
            "box": False,
            "microsoft_one_drive": False,
            "kubi": False,
        },
        "feature": {
            "meeting_capacity": 300,
        },
        "_meeting_authentication": {"meeting_authentication": False, "authentication_options": auth_options},
        "_recording_authentication": {
            "recording_authentication": False,
            "authentication_options": [dict(o, id=state.new_id()) for o in auth_options],
        },
        "_meeting_security": {
            "auto_security": True,
            "block_user_domain": False,
            "block_user_domain_list": [],
            "embed_password_in_join_link": True,
            "encryption_type": "enhanced_encryption",
            "end_to_end_encrypted_meetings": False,
            "meeting_password": True,
            "meeting_password_requirement": {
                "length": 6,
                "have_letter": False,
                "have_number": True,
                "have_special_character": False,
                "have_upper_and_lower_characters": False,
                "only_allow_numeric": False,
                "consecutive_characters_length": 0,
                "weak_enhance_detection": False,
            },
            "phone_password": False,
            "pmi_password": True,
            "require_password_for_scheduled_meeting": True,
            "require_password_for_scheduled_webinar": False,
            "waiting_room": True,
            "webinar_password": False,
        },
    }


def seed_state(state: EmulatorState, rng: random.Random) -> None:
    """Fill ``state`` with users, meetings, recordings, webinars, chat and phone data."""
    now = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    config = state.config
    for index in range(config.users):
        first, last = _FIRST[index % len(_FIRST)], _LAST[(index * 3) % len(_LAST)]
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
    first_past_id: int | None = None
    for u_index, user in enumerate(users):
        for m_index in range(config.meetings_per_user):
            recurring = u_index == 0 and m_index == 0
            body: dict[str, Any] = {
                "topic": f"{_TOPICS[(u_index + m_index) % len(_TOPICS)]} ({user['first_name']})",
                "type": 8 if recurring else 2,
                "start_time": utc_iso(now + dt.timedelta(days=m_index + 1, hours=u_index)),
                "duration": 30 + 15 * m_index,
                "timezone": "UTC",
                "agenda": "Seeded meeting",
                "settings": {"approval_type": 0 if m_index == 0 else 2},
            }
            if recurring:
                body["recurrence"] = {"type": 2, "repeat_interval": 1, "weekly_days": "2", "end_times": 4}
            meeting = build_meeting(state, user, body)
            if m_index == 0:
                for r_index in range(3):
                    add_registrant(
                        state,
                        state.registrants.setdefault(meeting["id"], []),
                        meeting,
                        {
                            "email": f"guest{r_index}.{u_index}@example.org",
                            "first_name": f"Guest{r_index}",
                            "last_name": "Seeded",
                        },
                        status="approved" if r_index < 2 else "pending",
                    )
        for m_index in range(config.meetings_per_user):
            uuid = None
            meeting_id = None
            if u_index == 0 and m_index < 2:
                uuid = SLASH_UUIDS[m_index]
                if m_index == 1:
                    meeting_id = first_past_id  # a second instance of the same meeting
            days_ago = 0 if m_index == 0 else 2 * m_index + u_index
            start = now - dt.timedelta(days=days_ago, hours=2 + m_index)
            if days_ago == 0:  # keep "today's" recordings on today's UTC date
                start = max(start, now.replace(hour=0))
            past = add_past_meeting(
                state,
                user,
                topic=f"{_TOPICS[(u_index + m_index + 2) % len(_TOPICS)]} ({user['first_name']})",
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
    if users:
        _seed_webinars(state, users[0], now, rng)
        _seed_chat(state, users, now, rng)
        _seed_phone(state, users, now, rng)
    state.account_settings = account_settings(state)


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
        "uuid": uuid,
        "id": meeting_id,
        "host_id": host["id"],
        "type": 2,
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
    files = []
    for file_type, extension, recording_type, file_size, has_id in specs:
        record: dict[str, Any] = {
            "meeting_id": past["uuid"],
            "recording_start": utc_iso(start),
            "recording_end": utc_iso(end),
            "file_type": file_type,
            "file_extension": extension,
            "_size": file_size,
            "_meeting_uuid": past["uuid"],
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
        files.append(record)
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


def _seed_webinars(state: EmulatorState, host: dict[str, Any], now: dt.datetime, rng: random.Random) -> None:
    future = build_webinar(
        state,
        host,
        {
            "topic": "Product launch webinar",
            "type": 5,
            "start_time": utc_iso(now + dt.timedelta(days=7)),
            "duration": 60,
            "settings": {"approval_type": 0},
        },
    )
    past = build_webinar(
        state,
        host,
        {
            "topic": "Quarterly update webinar",
            "type": 5,
            "start_time": utc_iso(now - dt.timedelta(days=3)),
            "duration": 45,
            "settings": {"approval_type": 0},
        },
    )
    for webinar in (future, past):
        for index in range(4):
            add_registrant(
                state,
                state.webinar_registrants.setdefault(webinar["id"], []),
                webinar,
                {"email": f"attendee{index}@example.org", "first_name": f"Attendee{index}", "last_name": "W"},
            )
        state.panelists[webinar["id"]] = [
            {
                "id": state.new_id(),
                "email": f"panelist{index}@example.org",
                "name": f"Panelist {index}",
                "join_url": f"{webinar['join_url'].split('?')[0]}?tk=panelist{index}",
                "_seq": state.next_seq(),
            }
            for index in range(2)
        ]
    start = now - dt.timedelta(days=3)
    uuid = state.new_uuid()
    registrants = state.webinar_registrants[past["id"]]
    participants = [
        {
            "id": state.new_id(),
            "name": f"{r['first_name']} {r['last_name']}",
            "user_id": str(16779000 + index),
            "registrant_id": r["id"],
            "user_email": r["email"],
            "join_time": utc_iso(start),
            "leave_time": utc_iso(start + dt.timedelta(minutes=45)),
            "duration": 2700,
            "failover": False,
            "status": "in_meeting",
            "internal_user": False,
        }
        for index, r in enumerate(registrants[:2])
    ]
    state.past_webinars[uuid] = {
        "uuid": uuid,
        "id": past["id"],
        "host_id": host["id"],
        "type": 5,
        "topic": past["topic"],
        "user_name": host["display_name"],
        "user_email": host["email"],
        "start_time": utc_iso(start),
        "end_time": utc_iso(start + dt.timedelta(minutes=45)),
        "duration": 45,
        "total_minutes": 90,
        "participants_count": len(participants),
        "dept": "",
        "source": "Zoom",
        "_start": start,
        "_seq": state.next_seq(),
        "_participants": participants,
        "_polls": [
            {
                "name": participants[0]["name"],
                "email": participants[0]["user_email"],
                "question_details": [
                    {
                        "question": "Useful?",
                        "answer": "Yes",
                        "polling_id": "wpoll-1",
                        "date_time": utc_iso(start),
                    }
                ],
            }
        ],
        "_qa": [
            {
                "name": participants[1]["name"],
                "email": participants[1]["user_email"],
                "question_details": [{"question": "Pricing?", "answer": "See the site."}],
            }
        ],
    }


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


def _seed_chat(
    state: EmulatorState, users: list[dict[str, Any]], now: dt.datetime, rng: random.Random
) -> None:
    owner = users[0]
    for index, name in enumerate(["general", "engineering"]):
        channel_id = state.new_id(32).lower()
        state.channels[channel_id] = {
            "id": channel_id,
            "jid": f"{channel_id}@conference.xmpp.zoom.us",
            "name": name,
            "type": 3 if index == 0 else 1,
            "channel_url": f"{state.base_url}/launch/chat/v2/{channel_id}",
            "channel_settings": {
                "allow_to_add_external_users": 0,
                "new_members_can_see_previous_messages_files": True,
            },
            "_members": [u["id"] for u in users],
            "_seq": state.next_seq(),
        }
    channel_ids = list(state.channels)
    for index in range(12):
        sender = users[index % len(users)]
        when = now - dt.timedelta(days=index % 3, minutes=7 * index)
        target: dict[str, Any] = {"to_channel": channel_ids[index % 2]}
        if index % 4 == 3 and len(users) > 1:
            target = {"to_contact": users[1]["email"] if sender is owner else owner["email"]}
        add_chat_message(state, sender, f"Seeded message {index}", when, **target)


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


def _seed_phone(
    state: EmulatorState, users: list[dict[str, Any]], now: dt.datetime, rng: random.Random
) -> None:
    for index, user in enumerate(users):
        number = f"+1650555{1000 + index:04d}"
        state.phone_numbers.append(
            {
                "id": state.new_id(),
                "number": number,
                "display_name": user["display_name"],
                "source": "internal",
                "status": "available",
                "number_type": "toll",
                "capability": ["incoming", "outgoing"],
                "location": "San Jose, California, United States",
                "assignee": {
                    "id": user["id"],
                    "name": user["display_name"],
                    "extension_number": 1000 + index,
                    "type": "user",
                },
                "site": {"id": "site-main", "name": "Main Site"},
                "_seq": state.next_seq(),
            }
        )
        for c_index in range(2):
            start = now - dt.timedelta(days=c_index + index % 3, hours=1 + c_index)
            duration = 60 + 30 * c_index
            call_id = str(7000000000000000000 + index * 100 + c_index)
            log_id = state.new_file_id()
            outbound = c_index % 2 == 0
            caller = number if outbound else "+14155550199"
            callee = "+14155550199" if outbound else number
            state.call_logs.append(
                {
                    "id": log_id,
                    "call_id": call_id,
                    "call_type": "voip",
                    "caller_number": caller,
                    "caller_number_type": 1 if outbound else 2,
                    "caller_name": user["display_name"] if outbound else "External caller",
                    "callee_number": callee,
                    "callee_number_type": 2 if outbound else 1,
                    "callee_name": "External caller" if outbound else user["display_name"],
                    "direction": "outbound" if outbound else "inbound",
                    "duration": duration,
                    "result": "Call connected",
                    "date_time": utc_iso(start),
                    "start_time": utc_iso(start),
                    "answer_time": utc_iso(start + dt.timedelta(seconds=5)),
                    "end_time": utc_iso(start + dt.timedelta(seconds=duration)),
                    "international": False,
                    "connect_type": "internal",
                    "path": "pstn",
                    "has_recording": c_index == 0,
                    "has_voicemail": False,
                    "site": {"id": "site-main", "name": "Main Site"},
                    "_owner_id": user["id"],
                    "_start": start,
                    "_seq": state.next_seq(),
                }
            )
            if c_index == 0:
                size = max(1, state.config.recording_size // 8)
                record = {
                    "id": state.new_file_id(),
                    "caller_number": caller,
                    "caller_number_type": 1,
                    "caller_name": user["display_name"],
                    "callee_number": callee,
                    "callee_number_type": 2,
                    "callee_name": "External caller",
                    "direction": "outbound",
                    "duration": duration,
                    "date_time": utc_iso(start),
                    "end_time": utc_iso(start + dt.timedelta(seconds=duration)),
                    "recording_type": "Automatic",
                    "call_log_id": log_id,
                    "call_id": call_id,
                    "file_size": size,
                    "owner": {"type": "user", "id": user["id"], "name": user["display_name"]},
                    "site": {"id": "site-main", "name": "Main Site"},
                    "_size": size,
                    "_meeting_uuid": None,
                    "_owner_id": user["id"],
                    "_start": start,
                    "_seq": state.next_seq(),
                    "_ready_at": 0.0,
                }
                state.register_download(record)
                state.phone_recordings.append(record)


def is_ready(recording: dict[str, Any]) -> bool:
    return recording["_ready_at"] <= time.time()
