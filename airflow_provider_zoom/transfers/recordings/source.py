"""Which meetings' recordings to archive: one meeting, one user's or the account's, over a day range."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.log import Log
from airflow_provider_zoom.exceptions import ZoomNotFoundError

if TYPE_CHECKING:
    from airflow_provider_zoom.hooks.zoom import ZoomHook


@dataclass(frozen=True)
class Source:
    """
    The meetings to archive: ``meeting_id``, else ``user_id``'s, else ``account_id``'s in the range.

    :param meeting_id: one meeting (an instance UUID or a numeric id).
    :param user_id: a user's recordings (id, email or ``me``).
    :param account_id: the account's recordings (``me`` or a sub account id).
    :param first_day: first day of the range (None with ``meeting_id``).
    :param last_day: last day of the range, inclusive (None with ``meeting_id``).
    """

    meeting_id: int | str | None = None
    user_id: str | None = None
    account_id: str = "me"
    first_day: dt.date | None = None
    last_day: dt.date | None = None


def list_meetings(hook: ZoomHook, source: Source, log: Log) -> list[Mapping[str, Any]]:
    """
    The meeting instances with their ``recording_files``, each once.

    :param hook: the Zoom hook.
    :param source: which meetings.
    :param log: where to say what is listed.
    """
    if source.meeting_id is not None:
        try:
            meeting = hook.get_meeting_recordings(source.meeting_id)
        except ZoomNotFoundError as err:
            log.info(
                "Meeting %s has no cloud recording (Zoom: %s); nothing to archive.",
                source.meeting_id,
                err.zoom_message or err.status_code,
            )
            return []
        return [meeting] if meeting else []
    if source.user_id is not None:
        log.info(
            "Listing cloud recordings of user %s from %s to %s.",
            source.user_id,
            source.first_day,
            source.last_day,
        )
        return unique_meetings(hook.list_recordings(source.user_id, source.first_day, source.last_day))
    log.info("Listing the account's cloud recordings from %s to %s.", source.first_day, source.last_day)
    return unique_meetings(
        hook.list_account_recordings(source.first_day, source.last_day, account_id=source.account_id)
    )


def unique_meetings(meetings: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """
    Each meeting instance once: a listing walked window by window can return one twice (a meeting
    at a window's edge), and two writers of one file would race on its temporary name.
    """
    seen: set[Any] = set()
    unique = []
    for meeting in meetings:
        key = meeting.get("uuid") or (meeting.get("id"), meeting.get("start_time"))
        if key not in seen:
            seen.add(key)
            unique.append(meeting)
    return unique
