"""Cloud recordings: list per user/account, get and delete per meeting, delete one file."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.routes.common import (
    date_range,
    in_range,
    json_body,
    paginate,
    path_uuid,
    state_of,
)
from airflow_provider_zoom.testing.emulator.state import EmulatorState, public

router = APIRouter()


def visible_files(past: dict[str, Any], *, trashed: bool = False) -> list[dict[str, Any]]:
    recording = past.get("_recording")
    if not recording:
        return []
    return [f for f in recording["_files"] if f["_trashed"] == trashed]


def render_file(state: EmulatorState, record: dict[str, Any], ready: bool) -> dict[str, Any]:
    data = public(record)
    token = record["_token"]
    if "id" in record:
        data["play_url"] = f"{state.base_url}/rec/play/{token}"
        data["status"] = "completed" if ready else "processing"
    data["download_url"] = state.download_url(token)
    if not state.config.list_file_sizes:
        data.pop("file_size", None)  # as Zoom does for CC, TIMELINE and some chat files
    return data


def render_recording(
    state: EmulatorState,
    past: dict[str, Any],
    *,
    trashed: bool = False,
    download_token_ttl: int | None = None,
    listed: bool = False,
) -> dict[str, Any]:
    """A meeting's recording as Zoom's reference describes it (a list item has no ``password``)."""
    recording = past["_recording"]
    ready = recording["_ready_at"] <= state.clock()
    files = [render_file(state, f, ready) for f in visible_files(past, trashed=trashed)]
    data = {
        "uuid": past["uuid"],
        "id": past["id"],
        "account_id": recording["account_id"],
        "host_id": past["host_id"],
        "topic": past["topic"],
        # A number, as real replies carry it, though Zoom's spec and SDK type it as text ("2"):
        # see the emulator's docs, "Where real replies differ from the reference".
        "type": past["type"],
        "start_time": past["start_time"],
        "timezone": recording["timezone"],
        "duration": past["duration"],
        "total_size": sum(f.get("file_size", 0) for f in files),
        "recording_count": len(files),
        "recording_files": files,
        "share_url": recording["share_url"],
        "recording_play_passcode": recording["recording_play_passcode"],
    }
    if not listed:
        data["password"] = recording["password"]
    if download_token_ttl is not None:
        data["download_access_token"] = state.issue_download_access_token(past["uuid"], download_token_ttl)
    return data


def recorded_meetings(state: EmulatorState, *, trashed: bool = False) -> list[dict[str, Any]]:
    """Past meetings with visible recording files, newest first."""
    found = [
        p
        for p in state.past_meetings.values()
        if p.get("_recording") and not p["_recording"]["_trashed"] and visible_files(p, trashed=trashed)
    ]
    return sorted(found, key=lambda p: (p["_start"], p["_seq"]), reverse=True)


def _list(
    request: Request, host_id: str | None, from_: str | None, to: str | None, **kw: Any
) -> dict[str, Any]:
    state = state_of(request)
    trashed = str(kw.pop("trash", "false")).lower() == "true"
    # Zoom cannot filter the trash by date: a trash listing ignores from/to and holds all of it.
    first, last = (None, None) if trashed else date_range(from_, to)
    meeting_id = kw.pop("meeting_id", None)
    with state.lock:
        items = [
            p
            for p in recorded_meetings(state, trashed=trashed)
            if (host_id is None or p["host_id"] == host_id)
            and (first is None or last is None or in_range(p["_start"], first, last))
            and (meeting_id is None or p["id"] == meeting_id)
        ]
        reply = paginate(
            state,
            request,
            items,
            items_key="meetings",
            render=lambda p: render_recording(state, p, trashed=trashed, listed=True),
            extra={"from": first.isoformat(), "to": last.isoformat()} if first and last else {},
            with_page_number=True,
            **kw,
        )
        reply.pop("page_number", None)
        return reply


@router.get("/users/{user_id}/recordings")
async def list_user_recordings(
    request: Request,
    user_id: str,
    page_size: int | None = None,
    next_page_token: str | None = None,
    mc: str = "false",
    trash: str = "false",
    trash_type: str = "meeting_recordings",
    meeting_id: int | None = None,
) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        host = state.get_user(user_id)
    params = request.query_params
    return _list(
        request,
        host["id"],
        params.get("from"),
        params.get("to"),
        page_size=page_size,
        next_page_token=next_page_token,
        trash=trash,
        meeting_id=meeting_id,
    )


@router.get("/accounts/{account_id}/recordings")
async def list_account_recordings(
    request: Request, account_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> dict[str, Any]:
    state = state_of(request)
    if account_id not in ("me", state.account_id):
        raise errors.ZoomError(404, 2001, f"Account does not exist: {account_id}.")
    params = request.query_params
    return _list(
        request,
        None,
        params.get("from"),
        params.get("to"),
        page_size=page_size,
        next_page_token=next_page_token,
    )


def _recorded_instance(state: EmulatorState, meeting_id: str) -> dict[str, Any]:
    past = state.get_past_meeting(path_uuid(meeting_id))
    if not past.get("_recording") or past["_recording"]["_trashed"] or not visible_files(past):
        raise errors.no_recording()
    return past


@router.get("/meetings/{meeting_id}/recordings")
async def get_meeting_recordings(
    request: Request, meeting_id: str, include_fields: str | None = None, ttl: int | None = None
) -> dict[str, Any]:
    state = state_of(request)
    token_ttl = None
    if include_fields and "download_access_token" in include_fields.split(","):
        token_ttl = 86400 if ttl is None else ttl  # 0..604800, checked against the facts
    with state.lock:
        return render_recording(state, _recorded_instance(state, meeting_id), download_token_ttl=token_ttl)


def _remove(state: EmulatorState, past: dict[str, Any], record: dict[str, Any], action: str) -> None:
    if action == "trash":
        record["_trashed"] = True
    else:
        past["_recording"]["_files"].remove(record)
        state.downloads.pop(record["_token"], None)


@router.delete("/meetings/{meeting_id}/recordings", status_code=204)
async def delete_meeting_recordings(request: Request, meeting_id: str, action: str = "trash") -> Response:
    state = state_of(request)
    with state.lock:
        past = _recorded_instance(state, meeting_id)
        for record in visible_files(past):
            _remove(state, past, record, action)
    return Response(status_code=204)


@router.delete("/meetings/{meeting_id}/recordings/{recording_id}", status_code=204)
async def delete_recording_file(
    request: Request, meeting_id: str, recording_id: str, action: str = "trash"
) -> Response:
    state = state_of(request)
    with state.lock:
        past = _recorded_instance(state, meeting_id)
        record = next((f for f in visible_files(past) if f.get("id") == recording_id), None)
        if record is None:
            raise errors.ZoomError(404, 3301, "There is no recording for this meeting.")
        _remove(state, past, record, action)
    return Response(status_code=204)


@router.put("/meetings/{meeting_id}/recordings/status", status_code=204)
async def recover_meeting_recordings(request: Request, meeting_id: str) -> Response:
    state = state_of(request)
    body = await json_body(request)
    if body.get("action") != "recover":
        raise errors.invalid_field("action", "action must be recover.")
    with state.lock:
        past = state.get_past_meeting(path_uuid(meeting_id))
        trashed = visible_files(past, trashed=True)
        if not trashed:
            raise errors.no_recording()
        for record in trashed:
            record["_trashed"] = False
    return Response(status_code=204)
