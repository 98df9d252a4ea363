"""Reports: daily usage, a user's meetings, and meeting/webinar details, participants, polls and Q&A."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from fastapi import APIRouter, Request

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.routes.common import (
    REPORT_RETENTION_DAYS,
    date_range,
    in_range,
    paginate,
    path_uuid,
    state_of,
)
from airflow_provider_zoom.testing.emulator.state import public

router = APIRouter()

_PARTICIPANT_FIELDS = (
    "id",
    "user_id",
    "name",
    "user_email",
    "join_time",
    "leave_time",
    "duration",
    "failover",
    "status",
    "customer_key",
    "registrant_id",
    "participant_user_id",
    "bo_mtg_id",
)


@router.get("/report/daily")
async def daily_report(request: Request, year: int | None = None, month: int | None = None) -> dict[str, Any]:
    state = state_of(request)
    today = dt.datetime.now(dt.timezone.utc).date()
    year = year or today.year
    month = month or today.month
    if not 1 <= month <= 12:
        raise errors.invalid_field("month", f"month must be between 1 and 12, got {month}.")
    first = dt.date(year, month, 1)
    if first > today or (today - first).days > REPORT_RETENTION_DAYS + 31:
        raise errors.invalid_field("month", "Reports can only be retrieved for the last 6 months.")
    days = calendar.monthrange(year, month)[1]
    with state.lock:
        dates = []
        for day in range(1, days + 1):
            date = dt.date(year, month, day)
            held = [p for p in state.past_meetings.values() if p["_start"].date() == date]
            new_users = sum(1 for u in state.users.values() if u["created_at"][:10] == date.isoformat())
            dates.append(
                {
                    "date": date.isoformat(),
                    "new_users": new_users,
                    "meetings": len(held),
                    "participants": sum(p["participants_count"] for p in held),
                    "meeting_minutes": sum(p["total_minutes"] for p in held),
                }
            )
    return {"year": year, "month": month, "dates": dates}


@router.get("/report/users")
async def active_hosts_report(
    request: Request,
    type: str = "active",
    page_size: int | None = None,
    next_page_token: str | None = None,
) -> dict[str, Any]:
    """Active or inactive hosts: each user's meetings, participants and minutes in the range."""
    state = state_of(request)
    params = request.query_params
    first, last = date_range(params.get("from"), params.get("to"), retention_days=REPORT_RETENTION_DAYS)
    with state.lock:
        held: dict[str, list[dict[str, Any]]] = {user_id: [] for user_id in state.users}
        for past in state.past_meetings.values():
            if past["host_id"] in held and in_range(past["_start"], first, last):
                held[past["host_id"]].append(past)
        rows = [_host_row(state.users[user_id], meetings) for user_id, meetings in held.items()]
        rows = [row for row in rows if (row["meetings"] > 0) == (type == "active")]
        reply = paginate(
            state,
            request,
            rows,
            items_key="users",
            page_size=page_size,
            next_page_token=next_page_token,
            extra={"from": first.isoformat(), "to": last.isoformat()},
        )
        reply["total_meetings"] = sum(row["meetings"] for row in rows)
        reply["total_participants"] = sum(row["participants"] for row in rows)
        reply["total_meeting_minutes"] = sum(row["meeting_minutes"] for row in rows)
        return reply


def _host_row(user: dict[str, Any], meetings: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": user["id"],
        "email": user["email"],
        "user_name": user["display_name"],
        "type": user["type"],
        "dept": user.get("dept", ""),
        "meetings": len(meetings),
        "participants": sum(p["participants_count"] for p in meetings),
        "meeting_minutes": sum(p["total_minutes"] for p in meetings),
        "custom_attributes": [],
    }


@router.get("/report/users/{user_id}/meetings")
async def user_meetings_report(
    request: Request,
    user_id: str,
    page_size: int | None = None,
    next_page_token: str | None = None,
    type: str = "past",
) -> dict[str, Any]:
    state = state_of(request)
    params = request.query_params
    first, last = date_range(params.get("from"), params.get("to"), retention_days=REPORT_RETENTION_DAYS)
    with state.lock:
        host = state.get_user(user_id)
        items = sorted(
            (
                p
                for p in state.past_meetings.values()
                if p["host_id"] == host["id"] and in_range(p["_start"], first, last)
            ),
            key=lambda p: (p["_start"], p["_seq"]),
        )
        if type == "pastOne":
            items = [p for p in items if p["participants_count"] <= 1]
        reply = paginate(
            state,
            request,
            items,
            items_key="meetings",
            page_size=page_size,
            next_page_token=next_page_token,
            with_page_number=True,
            extra={"from": first.isoformat(), "to": last.isoformat()},
            render=_report_meeting,
        )
        reply.pop("page_number", None)
        return reply


def _report_meeting(past: dict[str, Any]) -> dict[str, Any]:
    """A past meeting as an item of a user's meetings report (no ``host_id`` nor ``dept`` there)."""
    return {k: v for k, v in public(past).items() if k not in ("host_id", "dept")}


def _past(request: Request, ident: str, webinar: bool) -> dict[str, Any]:
    return state_of(request).get_past_meeting(path_uuid(ident), webinar=webinar)


def _details(request: Request, ident: str, webinar: bool) -> dict[str, Any]:
    with state_of(request).lock:
        data = public(_past(request, ident, webinar))
    for key in ("host_id", "source"):  # not in Zoom's meeting/webinar detail reports
        data.pop(key, None)
    data["custom_keys"] = []
    data["tracking_fields"] = []
    return data


def _participants(
    request: Request, ident: str, webinar: bool, page_size: int | None, next_page_token: str | None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = _past(request, ident, webinar)
        reply = paginate(
            state,
            request,
            past["_participants"],
            items_key="participants",
            page_size=page_size,
            next_page_token=next_page_token,
            with_page_number=True,
            render=lambda p: {k: p.get(k, "") for k in _PARTICIPANT_FIELDS},
        )
        reply.pop("page_number", None)
        return reply


def _questions(request: Request, ident: str, webinar: bool, key: str) -> dict[str, Any]:
    with state_of(request).lock:
        past = _past(request, ident, webinar)
        return {
            "id": past["id"],
            "uuid": past["uuid"],
            "start_time": past["start_time"],
            "questions": past[key],
        }


@router.get("/report/meetings/{meeting_id}")
async def meeting_report(request: Request, meeting_id: str) -> dict[str, Any]:
    return _details(request, meeting_id, False)


@router.get("/report/meetings/{meeting_id}/participants")
async def meeting_participants_report(
    request: Request, meeting_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    return _participants(request, meeting_id, False, page_size, next_page_token)


@router.get("/report/meetings/{meeting_id}/polls")
async def meeting_polls_report(request: Request, meeting_id: str) -> dict[str, Any]:
    return _questions(request, meeting_id, False, "_polls")


@router.get("/report/meetings/{meeting_id}/qa")
async def meeting_qa_report(request: Request, meeting_id: str) -> dict[str, Any]:
    return _questions(request, meeting_id, False, "_qa")


@router.get("/report/webinars/{webinar_id}")
async def webinar_report(request: Request, webinar_id: str) -> dict[str, Any]:
    return _details(request, webinar_id, True)


@router.get("/report/webinars/{webinar_id}/participants")
async def webinar_participants_report(
    request: Request, webinar_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    return _participants(request, webinar_id, True, page_size, next_page_token)


@router.get("/report/webinars/{webinar_id}/polls")
async def webinar_polls_report(request: Request, webinar_id: str) -> dict[str, Any]:
    return _questions(request, webinar_id, True, "_polls")


@router.get("/report/webinars/{webinar_id}/qa")
async def webinar_qa_report(request: Request, webinar_id: str) -> dict[str, Any]:
    return _questions(request, webinar_id, True, "_qa")
