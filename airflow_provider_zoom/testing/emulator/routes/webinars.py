"""Webinars, panelists and past webinars (participants, absentees, polls, Q&A)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request, Response

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.factories import build_webinar
from airflow_provider_zoom.testing.emulator.routes.common import json_body, paginate, path_uuid, state_of
from airflow_provider_zoom.testing.emulator.routes.meetings import validate_meeting_body
from airflow_provider_zoom.testing.emulator.state import public, utc_iso

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
    "is_simulive",
)


@router.get("/users/{user_id}/webinars")
async def list_webinars(
    request: Request,
    user_id: str,
    type: str = "scheduled",
    page_size: int | None = None,
    page_number: int | None = None,
    next_page_token: str | None = None,
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        host = state.get_user(user_id)
        items = sorted(
            (w for w in state.webinars.values() if w["host_id"] == host["id"]),
            key=lambda w: (w["start_time"], w["_seq"]),
        )
        return paginate(
            state,
            request,
            items,
            items_key="webinars",
            page_size=page_size,
            next_page_token=next_page_token,
            page_number=page_number,
            with_page_number=True,
            render=lambda w: {k: w[k] for k in _LIST_FIELDS},
        )


@router.post("/users/{user_id}/webinars", status_code=201)
async def create_webinar(request: Request, user_id: str) -> dict[str, Any]:
    state = state_of(request)
    body = await json_body(request)
    validate_meeting_body(body)
    with state.lock:
        host = state.get_user(user_id)
        state.count_create_update(host["id"])
        return public(build_webinar(state, host, body))


@router.get("/webinars/{webinar_id}")
async def get_webinar(request: Request, webinar_id: str, occurrence_id: str | None = None) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        return public(state.get_webinar(webinar_id))


@router.patch("/webinars/{webinar_id}", status_code=204)
async def update_webinar(request: Request, webinar_id: str) -> Response:
    state = state_of(request)
    body = await json_body(request)
    validate_meeting_body(body)
    with state.lock:
        webinar = state.get_webinar(webinar_id)
        state.count_create_update(webinar["host_id"])
        for key, value in body.items():
            if key == "settings":
                webinar["settings"].update(value)
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
                webinar[key] = value
    return Response(status_code=204)


@router.delete("/webinars/{webinar_id}", status_code=204)
async def delete_webinar(request: Request, webinar_id: str, occurrence_id: str | None = None) -> Response:
    state = state_of(request)
    with state.lock:
        webinar = state.get_webinar(webinar_id)
        del state.webinars[webinar["id"]]
    return Response(status_code=204)


@router.get("/webinars/{webinar_id}/panelists")
async def list_panelists(request: Request, webinar_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        webinar = state.get_webinar(webinar_id)
        panelists = state.panelists.get(webinar["id"], [])
        return {"total_records": len(panelists), "panelists": [public(p) for p in panelists]}


@router.post("/webinars/{webinar_id}/panelists", status_code=201)
async def add_panelists(request: Request, webinar_id: str) -> dict[str, Any]:
    state = state_of(request)
    body = await json_body(request)
    entries = body.get("panelists")
    if not isinstance(entries, list) or not entries:
        raise errors.invalid_field("panelists", "panelists must be a non-empty list.")
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("email") or not entry.get("name"):
            raise errors.invalid_field(f"panelists[{index}]", "Each panelist needs a name and an email.")
    with state.lock:
        webinar = state.get_webinar(webinar_id)
        panelists = state.panelists.setdefault(webinar["id"], [])
        if len(panelists) + len(entries) > 100:
            raise errors.bad_request("A webinar can have at most 100 panelists.")
        for entry in entries:
            panelists.append(
                {
                    "id": state.new_id(),
                    "email": entry["email"],
                    "name": entry["name"],
                    "join_url": f"{webinar['join_url'].split('?')[0]}?tk={state.new_id(12)}",
                    "_seq": state.next_seq(),
                }
            )
        return {"id": str(webinar["id"]), "updated_at": utc_iso(dt.datetime.now(dt.timezone.utc))}


@router.delete("/webinars/{webinar_id}/panelists", status_code=204)
async def delete_panelists(request: Request, webinar_id: str) -> Response:
    state = state_of(request)
    with state.lock:
        webinar = state.get_webinar(webinar_id)
        state.panelists[webinar["id"]] = []
    return Response(status_code=204)


@router.delete("/webinars/{webinar_id}/panelists/{panelist_id}", status_code=204)
async def delete_panelist(request: Request, webinar_id: str, panelist_id: str) -> Response:
    state = state_of(request)
    with state.lock:
        webinar = state.get_webinar(webinar_id)
        panelists = state.panelists.get(webinar["id"], [])
        for panelist in panelists:
            if panelist["id"] == panelist_id:
                panelists.remove(panelist)
                return Response(status_code=204)
    raise errors.ZoomError(404, 3001, f"Panelist does not exist: {panelist_id}.")


@router.get("/past_webinars/{webinar_id}/participants")
async def list_past_webinar_participants(
    request: Request, webinar_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(webinar_id), webinar=True)
        reply = paginate(
            state,
            request,
            past["_participants"],
            items_key="participants",
            page_size=page_size,
            next_page_token=next_page_token,
            with_page_number=True,
        )
        reply.pop("page_number", None)
        return reply


@router.get("/past_webinars/{webinar_id}/absentees")
async def list_absentees(
    request: Request,
    webinar_id: str,
    occurrence_id: str | None = None,
    page_size: int | None = None,
    next_page_token: str | None = None,
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(webinar_id), webinar=True)
        attended = {p.get("registrant_id") for p in past["_participants"]}
        absent = [
            r
            for r in state.webinar_registrants.get(past["id"], [])
            if r["status"] == "approved" and r["id"] not in attended
        ]
        reply = paginate(
            state,
            request,
            absent,
            items_key="registrants",
            page_size=page_size,
            next_page_token=next_page_token,
            with_page_number=True,
        )
        reply.pop("page_number", None)
        return reply


@router.get("/past_webinars/{webinar_id}/polls")
async def list_past_webinar_polls(request: Request, webinar_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(webinar_id), webinar=True)
        return {
            "id": past["id"],
            "uuid": past["uuid"],
            "start_time": past["start_time"],
            "questions": past["_polls"],
        }


@router.get("/past_webinars/{webinar_id}/qa")
async def list_past_webinar_qa(request: Request, webinar_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        past = state.get_past_meeting(path_uuid(webinar_id), webinar=True)
        return {
            "id": past["id"],
            "uuid": past["uuid"],
            "start_time": past["start_time"],
            "questions": past["_qa"],
        }
