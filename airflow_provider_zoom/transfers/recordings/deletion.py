"""Trash or delete a meeting's recordings in Zoom, only once every selected file is archived and verified."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.log import Log
from airflow_provider_zoom.transfers.recordings.naming import meeting_ref

if TYPE_CHECKING:
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.transfers.recordings.plan import MeetingPlan
    from airflow_provider_zoom.transfers.recordings.results import FileRow

#: What ``delete_after_archive`` may ask for: Zoom's actions of a recording deletion.
DELETE_ACTIONS: tuple[str, ...] = tuple(
    facts.enum("DELETE", "/meetings/{meetingId}/recordings", "query.action")
)


def delete_in_zoom(hook: ZoomHook, plan: MeetingPlan, rows: Sequence[FileRow], action: str, log: Log) -> None:
    """
    Remove one meeting's archived recordings from Zoom, or say why not.

    Nothing is removed when a selected file was not archived and verified, or is still processing.
    When the filters left files of the meeting out, only the archived files are removed, one by one.

    :param hook: the Zoom hook.
    :param plan: the meeting's plan.
    :param rows: the outcomes of the plan's jobs.
    :param action: ``trash`` (recoverable for 30 days) or ``delete``.
    :param log: where to report.
    """
    if not plan.jobs:
        return
    if not all(row.done for row in rows):
        log.warning(
            "Meeting %s: not deleting anything in Zoom, some file(s) were not archived and verified.",
            plan.label,
        )
        return
    if plan.not_ready:
        log.info("Meeting %s: not deleting anything in Zoom, some file(s) are still processing.", plan.label)
        return
    ref = meeting_ref(plan.meeting)
    if plan.unselected == 0:
        hook.delete_meeting_recordings(ref, action=action)
        log.info(
            "Meeting %s: %s all %d recording file(s) in Zoom after verifying the archive (%s).",
            plan.label,
            "trashed" if action == "trash" else "deleted",
            len(rows),
            ", ".join(row.file.url for row in rows),
        )
        return
    for row in rows:
        file_id = row.file.item.get("id")
        if not file_id:
            continue  # files without an id cannot be removed one by one; they stay in Zoom
        hook.delete_recording_file(ref, file_id, action=action)
        log.info("Meeting %s: %s file %s (archived at %s).", plan.label, action, file_id, row.file.url)
