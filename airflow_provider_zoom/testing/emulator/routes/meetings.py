"""Meetings, past meetings, AI Companion summaries and transcripts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request, Response

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.factories import build_meeting, build_occurrences, parse_time
from airflow_provider_zoom.testing.emulator.routes.common import (
    date_range,
    in_range,
    json_body,
    paginate,
    parse_date,
    parse_datetime,
    path_uuid,
    state_of,
)
from airflow_provider_zoom.testing.emulator.routes.recordings import visible_files
from airflow_provider_zoom.testing.emulator.state import EmulatorState, public, utc_iso

router = APIRouter()

_LIST_FIELDS = (
    "uuid",
    "id",
    "host_id",
    "topic",
    "type",
    "start_time",
    "duration",
    "timezone",
    "agenda",
    "created_at",
    "join_url",
)


def validate_meeting_body(body: dict[str, Any]) -> None:
    """What the emulator needs of a meeting (or webinar) body beyond the reference's field rules.

    Types, enums, bounds and lengths of each field (topic, type, password, settings...) are checked
    against Zoom's reference before the route runs (``validation``); here only what the emulator
    must be able to read: a ``start_time`` it can parse, objects where it expects them.
    """
    if "start_time" in body:
        parse_datetime("start_time", body["start_time"])
    for name in ("settings", "recurrence"):
        if name in body and not isinstance(body[name], dict):
            raise errors.invalid_field(name, f"{name} must be an object.")


def _meeting_start(meeting: dict[str, Any]) -> dt.datetime:
    return parse_time(meeting["start_time"])


@router.get("/users/{user_id}/meetings")
async def list_meetings(
    request: Request,
    user_id: str,
    type: str = "scheduled",
    page_size: int | None = None,
    page_number: int | None = None,
    next_page_token: str | None = None,
    timezone: str | None = None,
) -> dict[str, Any]:
    state = state_of(request)
    params = request.query_params
    first = parse_date("from", params["from"]) if params.get("from") else None
    last = parse_date("to", params["to"]) if params.get("to") else None
    now = dt.datetime.now(dt.timezone.utc)
    with state.lock:
        host = state.get_user(user_id)
        items = []
        for meeting in state.meetings.values():
            if meeting["host_id"] != host["id"]:
                continue
            start = _meeting_start(meeting)
            latest = max([parse_time(o["start_time"]) for o in meeting.get("occurrences", [])] + [start])
            if type == "live" and meeting["status"] != "started":
                continue
            if type in ("upcoming", "upcoming_meetings") and latest < now:
                continue
            if type == "previous_meetings" and start >= now:
                continue
            if first and start.date() < first or last and start.date() > last:
                continue
            items.append(meeting)
        items.sort(key=lambda m: (_meeting_start(m), m["_seq"]))
        return paginate(
            state,
            request,
            items,
            items_key="meetings",
            page_size=page_size,
            next_page_token=next_page_token,
            page_number=page_number,
            with_page_number=True,
            render=lambda m: {**{k: m[k] for k in _LIST_FIELDS}, "pmi": ""},
        )


@router.post("/users/{user_id}/meetings", status_code=201)
async def create_meeting(request: Request, user_id: str) -> dict[str, Any]:
    state = state_of(request)
    body = await json_body(request)
    validate_meeting_body(body)
    with state.lock:
        host = state.get_user(user_id)
        state.count_create_update(host["id"])
        return public(build_meeting(state, host, body))


# Declared before /meetings/{meeting_id} so that the literal path wins.
@router.get("/meetings/meeting_summaries")
async def list_meeting_summaries(
    request: Request, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    params = request.query_params
    first, last = date_range(params.get("from"), params.get("to"), default_days=30)
    with state.lock:
        # Zoom selects summaries by their creation time (here: when the meeting ended).
        items = sorted(
            (
                p
                for p in state.past_meetings.values()
                if p.get("_summary") and in_range(parse_time(p["end_time"]), first, last)
            ),
            key=lambda p: (p["end_time"], p["_seq"]),
        )
        return paginate(
            state,
            request,
            items,
            items_key="summaries",
            page_size=page_size,
            next_page_token=next_page_token,
            render=lambda p: _summary_header(state, p),
            extra={"from": f"{first.isoformat()}T00:00:00Z", "to": f"{last.isoformat()}T23:59:59Z"},
            total_records=False,
        )


def _summary_header(state: EmulatorState, past: dict[str, Any]) -> dict[str, Any]:
    host = state.users.get(past["host_id"], {})
    return {
        "meeting_host_id": past["host_id"],
        "meeting_host_email": host.get("email", past["user_email"]),
        "meeting_uuid": past["uuid"],
        "meeting_id": past["id"],
        "meeting_topic": past["topic"],
        "meeting_start_time": past["start_time"],
        "meeting_end_time": past["end_time"],
        "summary_start_time": past["start_time"],
        "summary_end_time": past["end_time"],
        "summary_created_time": past["end_time"],
        "summary_last_modified_time": past["end_time"],
    }


@router.get("/meetings/{meeting_id}")
async def get_meeting(
    request: Request,
    meeting_id: str,
    occurrence_id: str | None = None,
    show_previous_occurrences: bool = False,
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        meeting = state.get_meeting(meeting_id)
        data = public(meeting)
        if "occurrences" in meeting:
            now = dt.datetime.now(dt.timezone.utc)
            occurrences = [o for o in meeting["occurrences"] if o["status"] != "deleted"]
            if not show_previous_occurrences:
                occurrences = [o for o in occurrences if parse_time(o["start_time"]) >= now] or occurrences[
                    -1:
                ]
            data["occurrences"] = [dict(o) for o in occurrences]
        if occurrence_id is not None:
            occurrence = next(
                (o for o in meeting.get("occurrences", []) if o["occurrence_id"] == occurrence_id), None
            )
            if occurrence is None:
                raise errors.ZoomError(400, 3000, f"Invalid occurrence_id: {occurrence_id}.")
            data["start_time"], data["duration"] = occurrence["start_time"], occurrence["duration"]
        return data


@router.patch("/meetings/{meeting_id}", status_code=204)
async def update_meeting(request: Request, meeting_id: str, occurrence_id: str | None = None) -> Response:
    state = state_of(request)
    body = await json_body(request)
    validate_meeting_body(body)
    with state.lock:
        meeting = state.get_meeting(meeting_id)
        state.count_create_update(meeting["host_id"])
        if occurrence_id is not None:
            occurrence = next(
                (o for o in meeting.get("occurrences", []) if o["occurrence_id"] == occurrence_id), None
            )
            if occurrence is None:
                raise errors.ZoomError(400, 3000, f"Invalid occurrence_id: {occurrence_id}.")
            for key in ("start_time", "duration"):
                if key in body:
                    occurrence[key] = body[key]
            return Response(status_code=204)
        for key, value in body.items():
            if key == "settings":
                meeting["settings"].update(value)
            elif key in (
                "topic",
                "type",
                "start_time",
                "duration",
                "timezone",
                "agenda",
                "password",
                "recurrence",
            ):
                meeting[key] = value
        if meeting["type"] == 8 and (
            "recurrence" in body or "start_time" in body or "occurrences" not in meeting
        ):
            meeting["recurrence"] = meeting.get("recurrence") or {
                "type": 1,
                "repeat_interval": 1,
                "end_times": 3,
            }
            meeting["occurrences"] = build_occurrences(
                meeting["start_time"], meeting["duration"], meeting["recurrence"]
            )
    return Response(status_code=204)


@router.delete("/meetings/{meeting_id}", status_code=204)
async def delete_meeting(
    request: Request,
    meeting_id: str,
    occurrence_id: str | None = None,
    schedule_for_reminder: bool = False,
    cancel_meeting_reminder: bool = False,
) -> Response:
    state = state_of(request)
    with state.lock:
        meeting = state.get_meeting(meeting_id)
        if occurrence_id is not None:
            occurrence = next(
                (o for o in meeting.get("occurrences", []) if o["occurrence_id"] == occurrence_id), None
            )
            if occurrence is None:
                raise errors.ZoomError(400, 3000, f"Invalid occurrence_id: {occurrence_id}.")
            occurrence["status"] = "deleted"
        else:
            state.deleted_meetings[meeting["id"]] = state.meetings.pop(meeting["id"])
    return Response(status_code=204)


@router.put("/meetings/{meeting_id}/status", status_code=204)
async def update_meeting_status(request: Request, meeting_id: str) -> Response:
    state = state_of(request)
    body = await json_body(request)
    action = body.get("action")
    if action not in ("end", "recover"):
        raise errors.invalid_field("action", "action must be end or recover.")
    with state.lock:
        if action == "recover":
            try:
                restored = state.deleted_meetings.pop(int(meeting_id))
            except (KeyError, ValueError):
                raise errors.meeting_not_found(meeting_id) from None
            state.meetings[restored["id"]] = restored
        else:
            state.get_meeting(meeting_id)["status"] = "waiting"
    return Response(status_code=204)


@router.get("/meetings/{meeting_id}/invitation")
async def get_invitation(request: Request, meeting_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        meeting = state.get_meeting(meeting_id)
        host = state.users.get(meeting["host_id"], {})
        text = (
            f"{host.get('display_name', 'A Zoom user')} is inviting you to a scheduled Zoom meeting.\r\n\r\n"
            f"Topic: {meeting['topic']}\r\nTime: {meeting['start_time']} {meeting['timezone']}\r\n\r\n"
            f"Join Zoom Meeting\r\n{meeting['join_url']}\r\n\r\nMeeting ID: {meeting['id']}\r\n"
            f"Passcode: {meeting['password']}\r\n"
        )
        return {"invitation": text, "sip_links": [f"{meeting['id']}@zoomcrc.com"]}


# ---------------------------------------------------------------- past meetings
@router.get("/past_meetings/{meeting_id}")
async def get_past_meeting(request: Request, meeting_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        return public(state.get_past_meeting(path_uuid(meeting_id)))


@router.get("/past_meetings/{meeting_id}/instances")
async def list_past_instances(request: Request, meeting_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        try:
            numeric = int(meeting_id)
        except ValueError:
            raise errors.meeting_not_found(meeting_id) from None
        instances = state.instances_of(numeric)
        if not instances and numeric not in state.meetings:
            raise errors.meeting_not_found(meeting_id)
        return {"meetings": [{"uuid": p["uuid"], "start_time": p["start_time"]} for p in instances]}


@router.get("/past_meetings/{meeting_id}/participants")
async def list_past_participants(
    request: Request, meeting_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(meeting_id))
        reply = paginate(
            state,
            request,
            past["_participants"],
            items_key="participants",
            page_size=page_size,
            next_page_token=next_page_token,
            with_page_number=True,
            render=lambda p: {
                k: p[k]
                for k in (
                    "id",
                    "name",
                    "user_id",
                    "registrant_id",
                    "user_email",
                    "join_time",
                    "leave_time",
                    "duration",
                    "failover",
                    "status",
                    "internal_user",
                )
            },
        )
        reply.pop("page_number", None)
        return reply


@router.get("/past_meetings/{meeting_id}/polls")
async def list_past_polls(request: Request, meeting_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(meeting_id))
        return {
            "id": past["id"],
            "uuid": past["uuid"],
            "start_time": past["start_time"],
            "questions": past["_polls"],
        }


@router.get("/past_meetings/{meeting_id}/qa")
async def list_past_qa(request: Request, meeting_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(meeting_id))
        questions = [
            {
                "name": q["name"],
                "email": q["email"],
                "question_details": [
                    {"question": d["question"], "answer": d["answer"]} for d in q["question_details"]
                ],
            }
            for q in past["_qa"]
        ]
        return {
            "id": past["id"],
            "uuid": past["uuid"],
            "start_time": past["start_time"],
            "questions": questions,
        }


# ---------------------------------------------------------------- AI Companion
@router.get("/meetings/{meeting_id}/meeting_summary")
async def get_meeting_summary(request: Request, meeting_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(meeting_id))
        if not past.get("_summary"):
            raise errors.ZoomError(404, 3322, "Meeting summary does not exist.")
        summary = past["_summary"]
        return {
            **_summary_header(state, past),
            "summary_title": summary["summary_title"],
            "summary_overview": summary["summary_overview"],
            "summary_details": summary["summary_details"],
            "next_steps": summary["next_steps"],
            "summary_content": _summary_markdown(summary),
        }


def _summary_markdown(summary: dict[str, Any]) -> str:
    lines = [f"## {summary['summary_title']}", "", summary["summary_overview"], ""]
    for detail in summary["summary_details"]:
        lines += [f"### {detail['label']}", detail["summary"], ""]
    lines += ["### Next steps", *[f"- {step}" for step in summary["next_steps"]]]
    return "\n".join(lines)


@router.get("/meetings/{meeting_id}/transcript")
async def get_meeting_transcript(request: Request, meeting_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(meeting_id))
        record = next((f for f in visible_files(past) if f["file_type"] == "TRANSCRIPT"), None)
        if record is None:
            raise errors.ZoomError(404, 3322, "There is no transcript for this meeting.")
        created = parse_time(past["end_time"])
        return {
            "meeting_id": past["uuid"],
            "account_id": state.account_id,
            "meeting_topic": past["topic"],
            "host_id": past["host_id"],
            "transcript_created_time": utc_iso(created),
            "can_download": True,
            "auto_delete": False,
            "auto_delete_date": utc_iso(created + dt.timedelta(days=365))[:10],
            "download_url": state.download_url(record["_token"]),
        }
