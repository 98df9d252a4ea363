"""Zoom Phone: call recordings, call logs / call history and phone numbers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.routes.common import date_range, in_range, paginate, state_of
from airflow_provider_zoom.testing.emulator.state import EmulatorState, public

router = APIRouter()


def _render_recording(state: EmulatorState, record: dict[str, Any]) -> dict[str, Any]:
    return {**public(record), "download_url": state.download_url(record["_token"])}


def _dated(
    request: Request,
    items_source: list[dict[str, Any]],
    owner_id: str | None,
    items_key: str,
    page_size: int | None,
    next_page_token: str | None,
    render: Any = public,
) -> dict[str, Any]:
    state = state_of(request)
    params = request.query_params
    first, last = date_range(params.get("from"), params.get("to"))
    items = sorted(
        (
            r
            for r in items_source
            if (owner_id is None or r["_owner_id"] == owner_id) and in_range(r["_start"], first, last)
        ),
        key=lambda r: (r["_start"], r["_seq"]),
        reverse=True,
    )
    return paginate(
        state,
        request,
        items,
        items_key=items_key,
        page_size=page_size,
        next_page_token=next_page_token,
        render=render,
        extra={"from": first.isoformat(), "to": last.isoformat()},
    )


@router.get("/phone/recordings")
async def list_phone_recordings(
    request: Request, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        return _dated(
            request,
            state.phone_recordings,
            None,
            "recordings",
            page_size,
            next_page_token,
            lambda r: _render_recording(state, r),
        )


@router.get("/phone/users/{user_id}/recordings")
async def list_user_phone_recordings(
    request: Request, user_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        user = state.get_user(user_id)
        return _dated(
            request,
            state.phone_recordings,
            user["id"],
            "recordings",
            page_size,
            next_page_token,
            lambda r: _render_recording(state, r),
        )


@router.get("/phone/call_history")
async def call_history(
    request: Request, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        return _dated(request, state.call_logs, None, "call_logs", page_size, next_page_token)


@router.get("/phone/users/{user_id}/call_logs")
async def user_call_logs(
    request: Request, user_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        user = state.get_user(user_id)
        return _dated(request, state.call_logs, user["id"], "call_logs", page_size, next_page_token)


@router.get("/phone/numbers")
async def list_phone_numbers(
    request: Request, type: str = "all", page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    if type not in ("all", "assigned", "unassigned", "byoc"):
        raise errors.invalid_field("type", "type must be all, assigned, unassigned or byoc.")
    with state.lock:
        items = [
            n
            for n in state.phone_numbers
            if type == "all" or (type == "assigned") == bool(n.get("assignee")) and type != "byoc"
        ]
        return paginate(
            state,
            request,
            items,
            items_key="phone_numbers",
            page_size=page_size,
            next_page_token=next_page_token,
        )
