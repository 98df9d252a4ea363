"""
The rules that decide "ready" and "not yet", shared by the sensors (poking) and the triggers (deferred).

Plain functions over Zoom's JSON and the provider's exceptions, so both modes answer the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._http.retry import parse_retry_after
from airflow_provider_zoom._values.arguments import normalize_types
from airflow_provider_zoom.exceptions import (
    ZoomApiError,
    ZoomAuthError,
    ZoomConfigError,
    ZoomNotFoundError,
    ZoomRateLimitError,
    ZoomTransientError,
)

COMPLETED = "completed"
# Zoom's meeting ``status`` is ``waiting`` or ``started``; an ended meeting goes back to ``waiting``.
MEETING_STARTED = "started"

# ---------------------------------------------------------------------------------------- errors


def is_daily_limit_error(err: ZoomApiError) -> bool:
    """A 429 for Zoom's daily cap (or the per-host create/update cap): it clears only in hours."""
    return isinstance(err, ZoomRateLimitError) and (err.limit_type or "").lower().startswith(
        ("daily", "per-host")
    )


def is_not_yet(err: ZoomApiError) -> bool:
    """
    Whether an error means "not there yet, ask again later" rather than "fail".

    404 (or Zoom's not-found codes such as 3001 "meeting does not exist"), 5xx, a dropped connection
    and a per-second 429 keep a sensor waiting. Auth errors, a daily-limit 429 (it resets in hours;
    its message says when) and every other 4xx fail at once.
    """
    if isinstance(err, ZoomAuthError) or is_daily_limit_error(err):
        return False
    if isinstance(err, ZoomNotFoundError | ZoomTransientError):
        return True
    return err.status_code == 0 or err.status_code >= 500 or err.status_code == 429


def wait_after(err: ZoomApiError, poke_interval: float) -> float:
    """Seconds to wait before polling again after a not-yet error: ``Retry-After`` wins when longer."""
    if isinstance(err, ZoomRateLimitError):
        retry_after = parse_retry_after(err.retry_after)
        if retry_after is not None:
            return max(poke_interval, retry_after)
    return poke_interval


_ERROR_TYPES: dict[str, type[ZoomApiError]] = {
    cls.__name__: cls
    for cls in (ZoomApiError, ZoomAuthError, ZoomNotFoundError, ZoomRateLimitError, ZoomTransientError)
}


def error_to_dict(err: BaseException) -> dict[str, Any]:
    """The JSON-safe fields of an error, enough to raise the same exception class again."""
    if isinstance(err, ZoomApiError):
        _, (cls, kwargs) = err.__reduce__()
        return {"type": cls.__name__, **kwargs}
    if isinstance(err, ZoomConfigError):
        return {"type": "ZoomConfigError", "field": err.field, "problem": err.problem}
    return {"type": type(err).__name__}


def error_from_dict(data: Mapping[str, Any] | None, message: str) -> Exception:
    """Rebuild the exception an error event describes (an ``AirflowException`` when it is not Zoom's)."""
    from airflow_provider_zoom.version_compat import AirflowException

    fields = dict(data or {})
    kind = fields.pop("type", None)
    if kind == "ZoomConfigError":
        return ZoomConfigError(str(fields.get("field", "")), str(fields.get("problem", message)))
    cls = _ERROR_TYPES.get(kind or "")
    if cls is not None:
        try:
            return cls(**fields)
        except TypeError:
            pass
    return AirflowException(message)


# ---------------------------------------------------------------------------------------- recordings


def selected_files(recording: Mapping[str, Any], file_types: Iterable[str] | str | None) -> list[dict]:
    """The recording's files whose ``file_type`` is one of ``file_types`` (all files when None)."""
    types = normalize_types(file_types)
    files = [f for f in recording.get("recording_files") or [] if isinstance(f, dict)]
    if types is None:
        return files
    return [f for f in files if str(f.get("file_type") or "").upper() in types]


def recording_ready(
    recording: Mapping[str, Any], file_types: Iterable[str] | str | None = None, min_files: int = 1
) -> bool:
    """
    Whether a meeting's cloud recording is ready: at least ``min_files`` selected files, all completed.

    CC and TIMELINE files carry no ``status``; being listed is all Zoom says about them, so they count
    as completed.
    """
    files = selected_files(recording, file_types)
    if len(files) < max(1, min_files):
        return False
    return all(str(f.get("status") or COMPLETED).lower() == COMPLETED for f in files)


def archive_complete(archive: Mapping[str, Any] | None) -> bool:
    """
    Whether a meeting's compliance archive is complete: Zoom says ``completed`` for the instance and
    no archived file is still processing (a ``failed`` file stays failed; the archive is done).
    """
    if not archive or str(archive.get("status") or "").lower() != COMPLETED:
        return False
    files = [f for f in archive.get("archive_files") or [] if isinstance(f, dict)]
    return bool(files) and all(str(f.get("status") or "").lower() != "processing" for f in files)


# ---------------------------------------------------------------------------------------- meetings


def parse_time(value: Any) -> dt.datetime | None:
    """Zoom's ``2024-05-01T10:00:00Z`` (or any ISO date-time, or a datetime) as an aware datetime."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        when = value
    else:
        try:
            when = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def meeting_in_progress(meeting: Mapping[str, Any] | None) -> bool:
    if not meeting:
        return False
    return str(meeting.get("status") or "").lower() == MEETING_STARTED


def ended_threshold(
    meeting: Mapping[str, Any] | None, occurrence_id: str | None, ended_after: Any
) -> dt.datetime | None:
    """
    The earliest ``end_time`` that counts: ``ended_after`` when given, else for an occurrence its
    scheduled start (so an earlier occurrence's end does not count), else none.
    """
    explicit = parse_time(ended_after)
    if explicit is not None:
        return explicit
    if occurrence_id and meeting:
        return parse_time(meeting.get("start_time"))
    return None


def past_meeting_ended(past: Mapping[str, Any] | None, threshold: dt.datetime | None) -> bool:
    """Whether Zoom's past-meeting record has an ``end_time`` no earlier than ``threshold``."""
    if not past:
        return False
    end = parse_time(past.get("end_time"))
    if end is None:
        return False
    return threshold is None or end >= threshold


# ---------------------------------------------------------------------------------------- reports


def report_available(page: Mapping[str, Any] | list | None, items_key: str = "participants") -> bool:
    """A report is available once it lists at least one participant."""
    if isinstance(page, list):
        return bool(page)
    if not page:
        return False
    if isinstance(page.get("total_records"), int) and page["total_records"] > 0:
        return True
    return bool(page.get(items_key))
