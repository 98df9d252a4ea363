"""Team Chat: a user's channels, and listing and sending messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.factories import add_chat_message
from airflow_provider_zoom.testing.emulator.routes.common import (
    json_body,
    paginate,
    parse_date,
    parse_datetime,
    state_of,
)
from airflow_provider_zoom.testing.emulator.state import EmulatorState, public

router = APIRouter()

MESSAGE_MAX = 4096


@router.get("/chat/users/{user_id}/channels")
async def list_channels(
    request: Request, user_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        user = state.get_user(user_id)
        items = [c for c in state.channels.values() if user["id"] in c["_members"]]
        return paginate(
            state,
            request,
            items,
            items_key="channels",
            page_size=page_size,
            next_page_token=next_page_token,
            default_size=10,
            max_size=50,
        )


def _check_target(
    state: EmulatorState, user: dict[str, Any], to_contact: str | None, to_channel: str | None
) -> None:
    if bool(to_contact) == bool(to_channel):
        raise errors.invalid_field("to_contact", "Provide exactly one of to_contact or to_channel.")
    if to_channel and (
        to_channel not in state.channels or user["id"] not in state.channels[to_channel]["_members"]
    ):
        raise errors.ZoomError(404, 4130, f"Channel does not exist: {to_channel}.")
    if to_contact:
        state.get_user(to_contact)


@router.get("/chat/users/{user_id}/messages")
async def list_messages(
    request: Request,
    user_id: str,
    to_contact: str | None = None,
    to_channel: str | None = None,
    date: str | None = None,
    page_size: int | None = None,
    next_page_token: str | None = None,
    include_deleted_and_edited_message: bool = False,
    search_type: str | None = None,
    search_key: str | None = None,
) -> dict[str, Any]:
    state = state_of(request)
    params = request.query_params
    if params.get("from"):
        start = (
            parse_datetime("from", params["from"])
            if "T" in params["from"]
            else _day_start(parse_date("from", params["from"]))
        )
        end = (
            (
                parse_datetime("to", params["to"])
                if "T" in params["to"]
                else _day_start(parse_date("to", params["to"])) + dt.timedelta(days=1)
            )
            if params.get("to")
            else dt.datetime.now(dt.timezone.utc)
        )
        if end < start:
            raise errors.invalid_field("to", "The 'to' time must not be earlier than 'from'.")
    else:
        day = parse_date("date", date) if date else dt.datetime.now(dt.timezone.utc).date()
        start = _day_start(day)
        end = start + dt.timedelta(days=1)
    with state.lock:
        user = state.get_user(user_id)
        # A search may span all of the user's chats; a plain listing needs one contact or channel.
        if not (search_key and not to_contact and not to_channel):
            _check_target(state, user, to_contact, to_channel)
        items = []
        for message in state.chat_messages:
            when = parse_datetime("date_time", message["date_time"])
            if not start <= when < end:
                continue
            if to_channel and message["_to_channel"] != to_channel:
                continue
            if to_contact:
                contact = state.get_user(to_contact)
                pair = {message["sender"].lower(), (message["_to_contact"] or "").lower()}
                if pair != {user["email"].lower(), contact["email"].lower()}:
                    continue
            if search_key and not (to_contact or to_channel) and not _in_chats_of(state, user, message):
                continue
            # Seeded messages carry no files, so a file search finds nothing.
            if search_key and (search_type == "file" or search_key.lower() not in message["message"].lower()):
                continue
            items.append(message)
        items.sort(key=lambda m: (m["timestamp"], m["_seq"]), reverse=True)
        extra: dict[str, Any] = {"date": start.date().isoformat()} if not params.get("from") else {}
        extra.update({"from": start.strftime("%Y-%m-%dT%H:%M:%SZ"), "to": end.strftime("%Y-%m-%dT%H:%M:%SZ")})
        return paginate(
            state,
            request,
            items,
            items_key="messages",
            page_size=page_size,
            next_page_token=next_page_token,
            default_size=10,
            max_size=50,
            render=public,
            extra=extra,
            total_records=False,
        )


def _in_chats_of(state: EmulatorState, user: dict[str, Any], message: dict[str, Any]) -> bool:
    """Whether ``message`` is in one of ``user``'s channels or direct chats."""
    channel = message["_to_channel"]
    if channel:
        return channel in state.channels and user["id"] in state.channels[channel]["_members"]
    email = user["email"].lower()
    return email in (message["sender"].lower(), (message["_to_contact"] or "").lower())


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), dt.timezone.utc)


@router.post("/chat/users/{user_id}/messages", status_code=201)
async def send_message(request: Request, user_id: str) -> dict[str, Any]:
    state = state_of(request)
    body = await json_body(request)
    text = body.get("message")
    if not isinstance(text, str) or not text or len(text) > MESSAGE_MAX:
        raise errors.invalid_field("message", f"message is required (1 to {MESSAGE_MAX} characters).")
    with state.lock:
        user = state.get_user(user_id)
        _check_target(state, user, body.get("to_contact"), body.get("to_channel"))
        message = add_chat_message(
            state,
            user,
            text,
            dt.datetime.now(dt.timezone.utc),
            to_channel=body.get("to_channel"),
            to_contact=body.get("to_contact"),
        )
        return {"id": message["id"]}
