"""Meeting and webinar archiving (compliance): archived files per window or instance, statistics, deletion.

An instance's archive lives on its past-meeting record under ``_archive``; it is ``processing`` until
the emulator's clock reaches its ``_complete_at`` (or a test calls :func:`complete_archive`), then
``completed`` with a ``complete_time``. Files download like recording files, at ``/rec/download/...``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from fastapi import APIRouter, Request, Response

from airflow_provider_zoom.testing.emulator import errors
from airflow_provider_zoom.testing.emulator.routes.common import (
    json_body,
    paginate,
    parse_datetime,
    path_uuid,
    state_of,
)
from airflow_provider_zoom.testing.emulator.state import EmulatorState, public, utc_iso

router = APIRouter()

#: Zoom's reference: ``from`` and ``to`` of one call "cannot exceed seven days".
WINDOW = dt.timedelta(days=7)
#: What an archive holds by default: the meeting's video, its chat and its transcript.
DEFAULT_FILES = (
    ("MP4", "MP4", "shared_screen_with_speaker_view"),
    ("CHAT", "TXT", "chat_file"),
    ("TRANSCRIPT", "JSON", "audio_transcript"),
)
_STATUS_COUNTS = ("processing", "completed", "failed")
_EXTENSION_COUNTS = ("mp4", "m4a", "txt", "json", "vtt")


def add_archive(
    state: EmulatorState,
    meeting_uuid: str,
    *,
    complete_after: float | None = 0.0,
    files: tuple[tuple[str, str, str], ...] = DEFAULT_FILES,
    size: int | None = None,
) -> dict[str, Any]:
    """Archive an ended instance: ``complete_after`` seconds on the emulator's clock, or never (None)."""
    with state.lock:
        past = state.past_meetings[meeting_uuid]
        archive: dict[str, Any] = {
            "_files": [],
            "_complete_at": None if complete_after is None else state.clock() + complete_after,
        }
        past["_archive"] = archive
        for file_type, extension, recording_type in files:
            add_archive_file(state, meeting_uuid, file_type, extension, recording_type, size=size)
        return archive


def add_archive_file(
    state: EmulatorState,
    meeting_uuid: str,
    file_type: str = "CHAT_MESSAGE",
    extension: str = "JSON",
    recording_type: str = "chat_message",
    *,
    size: int | None = None,
) -> dict[str, Any]:
    """Add one file to an instance's archive (as Zoom does when a late file completes); returns it."""
    with state.lock:
        past = state.past_meetings[meeting_uuid]
        file_id = state.new_file_id()
        file_size = size or state.config.recording_size
        record: dict[str, Any] = {
            "id": file_id,
            "file_type": file_type,
            "file_extension": extension,
            "file_size": file_size,
            "recording_type": recording_type,
            "individual": False,
            "participant_join_time": past["start_time"],
            "participant_leave_time": past["end_time"],
            "encryption_fingerprint": hashlib.sha256(f"archive:{file_id}".encode()).hexdigest(),
            "storage_location": "US",
            "auto_delete": True,
            "_size": file_size,
            "_meeting_uuid": meeting_uuid,
            # Zoom's reference: archive files download with the OAuth token, not a meeting's token.
            "_oauth_only": True,
        }
        state.register_download(record, token=f"archive-{file_id}")
        past["_archive"]["_files"].append(record)
        return record


def complete_archive(state: EmulatorState, meeting_uuid: str) -> None:
    """Finish an instance's archive now (for a sensor waiting on it)."""
    with state.lock:
        state.past_meetings[meeting_uuid]["_archive"]["_complete_at"] = state.clock()


def _completed(state: EmulatorState, archive: dict[str, Any]) -> bool:
    return archive["_complete_at"] is not None and archive["_complete_at"] <= state.clock()


def _complete_time(state: EmulatorState, archive: dict[str, Any]) -> dt.datetime | None:
    if not _completed(state, archive):
        return None
    # The clock is monotonic seconds; the wall time it stands for is now minus the time since.
    ago = state.clock() - archive["_complete_at"]
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(seconds=int(ago))


def render_archive(state: EmulatorState, past: dict[str, Any]) -> dict[str, Any]:
    """One instance's archive as Zoom's reference describes it."""
    archive = past["_archive"]
    done = _completed(state, archive)
    files = []
    for record in archive["_files"]:
        data = public(record)
        data["status"] = "completed" if done else "processing"
        data["download_url"] = state.download_url(record["_token"])
        files.append(data)
    complete = _complete_time(state, archive)
    return {
        "uuid": past["uuid"],
        "id": past["id"],
        "host_id": past["host_id"],
        "topic": past["topic"],
        "type": past["type"],
        "start_time": past["start_time"],
        "timezone": "UTC",
        "duration": past["duration"],
        "duration_in_second": past["duration"] * 60,
        "total_size": sum(f["file_size"] for f in files),
        "recording_count": len(files),
        "meeting_type": "internal",
        "account_name": "Emulated account",
        "complete_time": utc_iso(complete) if complete else "",
        "is_breakout_room": False,
        "status": "completed" if done else "processing",
        "archive_files": files,
    }


def archived_instance(state: EmulatorState, meeting_uuid: str) -> dict[str, Any]:
    past = state.get_past_meeting(path_uuid(meeting_uuid))
    if not past.get("_archive"):
        raise errors.ZoomError(404, 3301, "There is no archive file for this meeting.")
    return past


def _window(request: Request) -> tuple[dt.datetime, dt.datetime]:
    params = request.query_params
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    end = parse_datetime("to", params["to"]) if params.get("to") else now
    start = parse_datetime("from", params["from"]) if params.get("from") else end - dt.timedelta(days=1)
    if end < start:
        raise errors.invalid_field("to", "The 'to' date must not be earlier than the 'from' date.")
    if end - start > WINDOW:
        raise errors.invalid_field("from", "The date range between 'from' and 'to' cannot exceed seven days.")
    return start, end


def _archives_in(
    state: EmulatorState, start: dt.datetime, end: dt.datetime, by_completion: bool
) -> list[dict[str, Any]]:
    found = []
    for past in state.past_meetings.values():
        archive = past.get("_archive")
        if not archive:
            continue
        when = _complete_time(state, archive) if by_completion else past["_start"]
        if when is not None and start <= when <= end:
            found.append(past)
    return sorted(found, key=lambda p: (p["_start"], p["_seq"]))


@router.get("/archive_files")
async def list_archive_files(
    request: Request,
    page_size: int | None = None,
    next_page_token: str | None = None,
    query_date_type: str = "meeting_start_time",
) -> dict[str, Any]:
    state = state_of(request)
    start, end = _window(request)
    with state.lock:
        items = _archives_in(state, start, end, query_date_type == "archive_complete_time")
        return paginate(
            state,
            request,
            items,
            items_key="meetings",
            page_size=page_size,
            next_page_token=next_page_token,
            render=lambda p: render_archive(state, p),
            extra={"from": utc_iso(start), "to": utc_iso(end)},
        )


@router.get("/archive_files/statistics")
async def archive_statistics(request: Request) -> dict[str, Any]:
    state = state_of(request)
    start, end = _window(request)
    by_status = dict.fromkeys(_STATUS_COUNTS, 0)
    by_extension = dict.fromkeys(_EXTENSION_COUNTS, 0)
    with state.lock:
        archived = _archives_in(state, start, end, False)
        for past in archived:
            status = "completed" if _completed(state, past["_archive"]) else "processing"
            for record in past["_archive"]["_files"]:
                by_status[status] += 1
                extension = record["file_extension"].lower()
                if extension in by_extension:
                    by_extension[extension] += 1
    return {
        "from": utc_iso(start),
        "to": utc_iso(end),
        "total_records": len(archived),
        "statistic_by_file_extension": {f"{k}_file_count": v for k, v in by_extension.items()},
        "statistic_by_file_status": {f"{k}_file_count": v for k, v in by_status.items()},
    }


@router.get("/past_meetings/{meeting_uuid}/archive_files")
async def get_meeting_archive_files(request: Request, meeting_uuid: str) -> dict[str, Any]:
    state = state_of(request)
    with state.lock:
        return render_archive(state, archived_instance(state, meeting_uuid))


@router.delete("/past_meetings/{meeting_uuid}/archive_files", status_code=204)
async def delete_meeting_archive_files(request: Request, meeting_uuid: str) -> Response:
    state = state_of(request)
    with state.lock:
        past = archived_instance(state, meeting_uuid)
        for record in past.pop("_archive")["_files"]:
            state.downloads.pop(record["_token"], None)
    return Response(status_code=204)


@router.patch("/archive_files/{file_id}", status_code=204)
async def update_archive_file(request: Request, file_id: str) -> Response:
    state = state_of(request)
    body = await json_body(request)
    if not isinstance(body.get("auto_delete"), bool):
        raise errors.invalid_field("auto_delete", "auto_delete is required and must be a boolean.")
    with state.lock:
        record = state.downloads.get(f"archive-{file_id}")
        if record is None:
            raise errors.ZoomError(404, 3301, f"Archive file does not exist: {file_id}.")
        record["auto_delete"] = body["auto_delete"]
    return Response(status_code=204)
