"""Users: ``/users`` and ``/users/{userId}``; the account's settings."""

from __future__ import annotations

import copy
import re
from typing import Any

from fastapi import APIRouter, Request, Response

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.factories import build_user
from airflow_provider_zoom.testing.emulator.routes.common import json_body, paginate, state_of
from airflow_provider_zoom.testing.emulator.state import public

router = APIRouter()

ACCOUNT_SETTINGS_OPTIONS = (
    "meeting_authentication",
    "recording_authentication",
    "security",
    "meeting_security",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CREATE_ACTIONS = ("create", "autoCreate", "custCreate", "ssoCreate")


def render_user(user: dict[str, Any], *, details: bool = False) -> dict[str, Any]:
    data = public(user)
    if details:
        data.update(user["_details"])
    return data


@router.get("/users")
async def list_users(
    request: Request,
    status: str = "active",
    page_size: int | None = None,
    page_number: int | None = None,
    next_page_token: str | None = None,
    role_id: str | None = None,
    include_fields: str | None = None,
    license: str | None = None,
) -> dict[str, Any]:
    state = state_of(request)
    if status not in ("active", "inactive", "pending"):
        raise errors.invalid_field("status", f"Invalid status '{status}': use active, inactive or pending.")
    with state.lock:
        users = [u for u in state.users.values() if u["status"] == status]
        if role_id is not None:
            users = [u for u in users if u["role_id"] == role_id]

        def render(user: dict[str, Any]) -> dict[str, Any]:
            data = render_user(user)
            if include_fields and "custom_attributes" in include_fields:
                data["custom_attributes"] = []
            if include_fields and "host_key" in include_fields:
                data["host_key"] = "123456"
            return data

        return paginate(
            state,
            request,
            users,
            items_key="users",
            page_size=page_size,
            next_page_token=next_page_token,
            page_number=page_number,
            with_page_number=True,
            render=render,
        )


@router.post("/users", status_code=201)
async def create_user(request: Request) -> dict[str, Any]:
    state = state_of(request)
    body = await json_body(request)
    action = body.get("action")
    if action not in _CREATE_ACTIONS:
        raise errors.invalid_field("action", f"action must be one of {', '.join(_CREATE_ACTIONS)}.")
    info = body.get("user_info")
    if not isinstance(info, dict):
        raise errors.invalid_field("user_info", "user_info is required.")
    email = info.get("email")
    if not isinstance(email, str) or not _EMAIL.match(email):
        raise errors.invalid_field("user_info.email", f"Invalid email: {email!r}.")
    user_type = info.get("type")
    if user_type not in (1, 2, 4, 99):
        raise errors.invalid_field("user_info.type", "type must be 1 (Basic), 2 (Licensed), 4 or 99.")
    with state.lock:
        if any(u["email"].lower() == email.lower() for u in state.users.values()):
            raise errors.ZoomError(409, 1005, f"User already in the account: {email}")
        user = build_user(
            state,
            email=email,
            first_name=str(info.get("first_name", "")),
            last_name=str(info.get("last_name", "")),
            display_name=info.get("display_name"),
            user_type=user_type,
            status="active" if action in ("autoCreate", "custCreate", "ssoCreate") else "pending",
        )
    return {key: user[key] for key in ("id", "first_name", "last_name", "email", "type")}


@router.get("/users/{user_id}")
async def get_user(request: Request, user_id: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        return render_user(state.get_user(user_id), details=True)


@router.patch("/users/{user_id}", status_code=204)
async def update_user(request: Request, user_id: str) -> Response:
    state = state_of(request)
    body = await json_body(request)
    # Fields Zoom's update body lacks are ignored, as Zoom does (or were refused when strict).
    updatable = facts.endpoint("PATCH", "/users/{userId}").fields("body")
    body = {key: value for key, value in body.items() if key in updatable}
    if "type" in body and body["type"] not in (1, 2, 4, 99):
        raise errors.invalid_field("type", "type must be 1 (Basic), 2 (Licensed), 4 or 99.")
    with state.lock:
        user = state.get_user(user_id)
        for key, value in body.items():
            if key in user["_details"]:
                user["_details"][key] = value
            else:
                user[key] = value
        if {"first_name", "last_name"} & set(body) and "display_name" not in body:
            user["display_name"] = f"{user['first_name']} {user['last_name']}".strip()
    return Response(status_code=204)


@router.delete("/users/{user_id}", status_code=204)
async def delete_user(
    request: Request,
    user_id: str,
    action: str = "disassociate",
    transfer_email: str | None = None,
    transfer_meeting: bool = False,
    transfer_webinar: bool = False,
    transfer_recording: bool = False,
) -> Response:
    state = state_of(request)
    if action not in ("disassociate", "delete"):
        raise errors.invalid_field("action", "action must be disassociate or delete.")
    with state.lock:
        user = state.get_user(user_id)
        owner = next(iter(state.users.values()))
        if user is owner:
            raise errors.ZoomError(400, 200, "The account owner cannot be deleted.")
        target = None
        if transfer_email:
            target = state.get_user(transfer_email)
            if target is user:
                raise errors.invalid_field("transfer_email", "transfer_email must be another user.")
        for meeting in list(state.meetings.values()):
            if meeting["host_id"] == user["id"]:
                if target is not None and transfer_meeting:
                    meeting["host_id"], meeting["host_email"] = target["id"], target["email"]
                else:
                    state.meetings.pop(meeting["id"])
        for webinar in list(state.webinars.values()):
            if webinar["host_id"] == user["id"]:
                if target is not None and transfer_webinar:
                    webinar["host_id"], webinar["host_email"] = target["id"], target["email"]
                else:
                    state.webinars.pop(webinar["id"])
        for past in state.past_meetings.values():
            if past["host_id"] == user["id"]:
                if target is not None and transfer_recording:
                    past["host_id"], past["user_email"] = target["id"], target["email"]
                elif past.get("_recording"):
                    past["_recording"]["_trashed"] = True
        del state.users[user["id"]]
    return Response(status_code=204)


@router.get("/accounts/{account_id}/settings")
async def get_account_settings(
    request: Request, account_id: str, option: str | None = None, custom_query_fields: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    if option and option not in ACCOUNT_SETTINGS_OPTIONS:
        raise errors.invalid_field("option", f"option must be one of {', '.join(ACCOUNT_SETTINGS_OPTIONS)}.")
    with state.lock:
        if account_id not in ("me", state.account_id):
            raise errors.ZoomError(404, 2001, f"Account does not exist: {account_id}.")
        settings = state.account_settings
        if not option:
            reply = public(settings)
        elif option == "security":
            reply = settings["security"]
        elif option == "meeting_security":
            reply = {"meeting_security": settings["_meeting_security"]}
        else:
            reply = settings[f"_{option}"]
        reply = copy.deepcopy(reply)
    if custom_query_fields:
        reply = _select_fields(reply, {f.strip() for f in custom_query_fields.split(",") if f.strip()})
    return reply


def _select_fields(settings: dict[str, Any], names: set[str]) -> dict[str, Any]:
    """Keep the named settings: a whole group by its name, or single settings inside their group."""
    selected: dict[str, Any] = {}
    for key, value in settings.items():
        if key in names:
            selected[key] = value
        elif isinstance(value, dict):
            inner = {k: v for k, v in value.items() if k in names}
            if inner:
                selected[key] = inner
    return selected
