"""Zoom Phone: call recordings, voicemails, call logs / call history and phone numbers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.routes.common import date_range, in_range, paginate, state_of
from airflow_provider_zoom.testing.emulator.state import EmulatorState, public

router = APIRouter()


# Fields of the account's phone recording items that one user's items do not have.
_ACCOUNT_ONLY = ("end_time", "recording_type", "owner", "site")


def _render_recording(
    state: EmulatorState, record: dict[str, Any], *, of_user: bool = False
) -> dict[str, Any]:
    # The stored file_size is for checking downloads; Zoom's phone recording items have none.
    data = {k: v for k, v in public(record).items() if k != "file_size"}
    if of_user:
        data = {k: v for k, v in data.items() if k not in _ACCOUNT_ONLY}
    return {**data, "download_url": state.download_url(record["_token"])}


def _dated(
    request: Request,
    items_source: list[dict[str, Any]],
    owner_id: str | None,
    items_key: str,
    page_size: int | None,
    next_page_token: str | None,
    render: Any = public,
    with_range: bool = True,
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
        extra={"from": first.isoformat(), "to": last.isoformat()} if with_range else None,
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
            with_range=False,
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
            lambda r: _render_recording(state, r, of_user=True),
        )


@router.get("/phone/call_logs/{call_log_id}/recordings")
async def call_recording(request: Request, call_log_id: str) -> dict[str, Any]:
    """One call's recording, by the call's ``call_log_id`` or ``call_id``."""
    state = state_of(request)
    with state.lock:
        record = next(
            (r for r in state.phone_recordings if call_log_id in (r["call_log_id"], r["call_id"])), None
        )
        if record is None:
            raise errors.ZoomError(404, 404, f"Call recording does not exist: {call_log_id}.")
        data = _render_recording(state, record)
        # This item names its file by ``file_url`` beside ``download_url``, and has no site or end time.
        return {
            **{k: v for k, v in data.items() if k not in ("site", "end_time")},
            "file_url": data["download_url"],
        }


@router.delete("/phone/recordings/{recording_id}", status_code=204)
async def delete_phone_recording(request: Request, recording_id: str) -> Response:
    state = state_of(request)
    with state.lock:
        record = next((r for r in state.phone_recordings if r["id"] == recording_id), None)
        if record is None:
            raise errors.ZoomError(404, 404, f"Call recording does not exist: {recording_id}.")
        state.phone_recordings.remove(record)
        state.downloads.pop(record["_token"], None)
    return Response(status_code=204)


@router.get("/phone/voice_mails")
async def list_voicemails(
    request: Request, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        return _dated(
            request,
            state.voicemails,
            None,
            "voice_mails",
            page_size,
            next_page_token,
            lambda r: {**public(r), "download_url": state.download_url(r["_token"])},
        )


def _party(state: EmulatorState, log: dict[str, Any], side: str) -> dict[str, Any]:
    """
    The ``caller_*`` or ``callee_*`` fields of a call-history item.

    Call history names the kind of number (``zoom_pstn`` for a number of the account,
    ``external_pstn`` for one outside it); the older call logs' 1/2 ``*_number_type`` and their
    ``internal``/``external`` ``*_number_source`` are another field of another type.
    """
    internal = log[f"{side}_number_type"] == 1
    fields: dict[str, Any] = {
        f"{side}_name": log[f"{side}_name"],
        f"{side}_did_number": log[f"{side}_number"],
        f"{side}_number_type": "zoom_pstn" if internal else "external_pstn",
        f"{side}_country_iso_code": "US",
        f"{side}_country_code": "1",
    }
    user = state.users.get(log["_owner_id"]) if internal else None
    if user is not None:
        number = next((n for n in state.phone_numbers if n["assignee"]["id"] == user["id"]), None)
        fields.update(
            {
                f"{side}_ext_id": user["id"],
                f"{side}_email": user["email"],
                f"{side}_ext_number": str(number["assignee"]["extension_number"]) if number else "",
                f"{side}_ext_type": "user",
                f"{side}_device_type": "Mac_Client(6.0.0.0000)",
            }
        )
    return fields


def render_call_history(state: EmulatorState, log: dict[str, Any]) -> dict[str, Any]:
    """A stored call log in the shape of Zoom's call history items (``GET /phone/call_history``)."""
    return {
        "id": log["id"],
        "call_id": log["call_id"],
        "direction": log["direction"],
        "international": log["international"],
        "start_time": log["start_time"],
        "answer_time": log["answer_time"],
        "end_time": log["end_time"],
        "duration": log["duration"],
        "connect_type": "external" if log["path"] == "pstn" else "internal",
        "call_type": "general",
        **_party(state, log, "caller"),
        **_party(state, log, "callee"),
        "department": "",
        "cost_center": "",
        "site_id": log["site"]["id"],
        "site_name": log["site"]["name"],
        "group_id": "",
        "call_result": "answered" if log["result"] == "Call connected" else "no_answer",
        "recording_status": "recorded" if log["has_recording"] else "non_recorded",
    }


def render_user_call_history(state: EmulatorState, log: dict[str, Any]) -> dict[str, Any]:
    """A stored call log as one user's call history item (``GET /phone/users/{userId}/call_history``).

    Zoom's items here differ from the account's: ``result`` and talk/hold/wait times instead of
    ``call_result``, ``duration`` and the site/department fields.
    """
    return {
        "id": log["id"],
        "call_id": log["call_id"],
        "group_id": "",
        "connect_type": "external" if log["path"] == "pstn" else "internal",
        "call_type": "general",
        "direction": log["direction"],
        **_party(state, log, "caller"),
        **_party(state, log, "callee"),
        "start_time": log["start_time"],
        "answer_time": log["answer_time"],
        "end_time": log["end_time"],
        "result": "answered" if log["result"] == "Call connected" else "no_answer",
        "talk_time": log["duration"],
        "hold_time": 0,
        "wait_time": 5,
    }


def render_call_log(state: EmulatorState, log: dict[str, Any], *, of_user: bool = False) -> dict[str, Any]:
    """A stored call log in the older call-log form (``GET /phone/call_logs``), which call history replaces.

    Here ``*_number_type`` is 1 (a number of the account) or 2 (outside it), and ``*_number_source``
    says ``internal`` or ``external``.
    """
    user = state.users.get(log["_owner_id"])
    number = next((n for n in state.phone_numbers if user and n["assignee"]["id"] == user["id"]), None)
    item: dict[str, Any] = {
        "id": log["id"],
        "call_id": log["call_id"],
        "call_type": log["call_type"],
        "direction": log["direction"],
        "duration": log["duration"],
        "result": log["result"],
        "date_time": log["date_time"],
        "answer_start_time": log["answer_time"],
        "call_end_time": log["end_time"],
        "path": log["path"],
        "site": dict(log["site"]),
    }
    for side in ("caller", "callee"):
        item[f"{side}_number"] = log[f"{side}_number"]
        item[f"{side}_number_type"] = log[f"{side}_number_type"]
        item[f"{side}_number_source"] = "internal" if log[f"{side}_number_type"] == 1 else "external"
        item[f"{side}_name"] = log[f"{side}_name"]
    if user is not None:
        item["user_id"] = user["id"]
    if of_user:
        # One user's items carry whether the call was recorded, and no call type.
        del item["call_type"]
        item["has_recording"] = bool(log["has_recording"])
    elif user is not None:
        item["owner"] = {
            "type": "user",
            "id": user["id"],
            "name": user["display_name"],
            "extension_number": int(number["assignee"]["extension_number"]) if number else 0,
        }
    return item


def _matches_keyword(log: dict[str, Any], keyword: str | None) -> bool:
    if not keyword:
        return True
    wanted = keyword.lower()
    fields = ("caller_name", "caller_number", "callee_name", "callee_number")
    return any(wanted in str(log[f]).lower() for f in fields)


@router.get("/phone/call_history")
async def call_history(
    request: Request,
    page_size: int | None = None,
    next_page_token: str | None = None,
    keyword: str | None = None,
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        logs = [log for log in state.call_logs if _matches_keyword(log, keyword)]
        # Zoom lists the call history items under ``call_logs``.
        return _dated(
            request,
            logs,
            None,
            "call_logs",
            page_size,
            next_page_token,
            lambda r: render_call_history(state, r),
        )


@router.get("/phone/users/{user_id}/call_history")
async def user_call_history(
    request: Request,
    user_id: str,
    page_size: int | None = None,
    next_page_token: str | None = None,
    keyword: str | None = None,
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        user = state.get_user(user_id)
        logs = [log for log in state.call_logs if _matches_keyword(log, keyword)]
        # This endpoint lists call-history items under ``call_logs``.
        return _dated(
            request,
            logs,
            user["id"],
            "call_logs",
            page_size,
            next_page_token,
            lambda r: render_user_call_history(state, r),
        )


@router.get("/phone/call_logs")
async def account_call_logs(
    request: Request, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    """The account's call logs, the older form that call history replaces (clients still call it)."""
    state = state_of(request)
    with state.lock:
        return _dated(
            request,
            state.call_logs,
            None,
            "call_logs",
            page_size,
            next_page_token,
            lambda r: render_call_log(state, r),
        )


@router.get("/phone/users/{user_id}/call_logs")
async def user_call_logs(
    request: Request, user_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        user = state.get_user(user_id)
        return _dated(
            request,
            state.call_logs,
            user["id"],
            "call_logs",
            page_size,
            next_page_token,
            lambda r: render_call_log(state, r, of_user=True),
        )


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
