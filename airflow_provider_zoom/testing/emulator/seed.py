"""Deterministic sample data the emulator starts with: users, meetings, webinars, chat, phone and the
account's settings, built with :mod:`.factories`."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from airflow_provider_zoom.testing.emulator.factories import (
    add_chat_message,
    add_past_meeting,
    add_registrant,
    build_meeting,
    build_user,
    build_webinar,
)
from airflow_provider_zoom.testing.emulator.state import EmulatorState, utc_iso

#: Past-meeting UUIDs that Zoom requires double URL-encoded in a path (seeded on the owner).
SLASH_UUIDS = ("/ajXp112QmuoKj4854875==", "ab//cdEFgh0123456789==")


_FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Linus"]


_LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman"]


_TOPICS = ["Weekly sync", "Planning", "Design review", "All hands", "Customer call", "Retrospective"]


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
