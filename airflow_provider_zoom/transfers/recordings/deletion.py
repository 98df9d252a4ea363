"""Trash or delete in Zoom only what is archived and verified, checked against what Zoom lists now."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.log import Log
from airflow_provider_zoom.exceptions import ZoomNotFoundError
from airflow_provider_zoom.transfers.recordings.naming import file_identity, meeting_label, meeting_ref
from airflow_provider_zoom.transfers.recordings.plan import recording_file
from airflow_provider_zoom.transfers.recordings.results import STATUS_LEFT_IN_ZOOM, FileRow, MeetingOutcome

if TYPE_CHECKING:
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.transfers.recordings.plan import Selection

#: What ``delete_after_archive`` may ask for: Zoom's actions of a recording deletion.
DELETE_ACTIONS: tuple[str, ...] = tuple(
    facts.enum("DELETE", "/meetings/{meetingId}/recordings", "query.action")
)

_NEW = "Zoom listed it only after this run's listing, so it was not archived"
_LEFT_OUT = "left out by file_types/recording_types"
_NO_ID = "Zoom removes a file without an id only with its whole meeting, and other files of it stay"
_RESIZED = "Zoom now lists another file_size for it than the archived copy holds"


def delete_in_zoom(
    hook: ZoomHook, outcome: MeetingOutcome, action: str, selection: Selection, log: Log
) -> MeetingOutcome:
    """
    Remove one meeting's archived recordings from Zoom, or say why not; the outcome with what stayed.

    Nothing is removed when a selected file was not archived and verified, or is still processing.
    Otherwise the meeting's files are read again from Zoom right before: the whole meeting is removed
    only when Zoom's files now are exactly the archived and verified ones (by ``id``, or by the
    identity of a file without one); else only those files are removed, one by one, and every file
    that stays is named with the reason, in the log and in the rows.

    :param hook: the Zoom hook.
    :param outcome: the meeting's plan and the outcomes of its files.
    :param action: ``trash`` (recoverable for 30 days) or ``delete``.
    :param selection: the filters and destination (to say where a file that stays would go).
    :param log: where to report.
    """
    plan, rows = outcome.plan, outcome.rows
    if not plan.jobs:
        return outcome
    if not all(row.done for row in rows):
        log.warning(
            "Meeting %s: not deleting anything in Zoom, some file(s) were not archived and verified.",
            plan.label,
        )
        return outcome
    if plan.not_ready:
        log.info("Meeting %s: not deleting anything in Zoom, some file(s) are still processing.", plan.label)
        return outcome
    ref = meeting_ref(plan.meeting)
    try:
        current = hook.get_meeting_recordings(ref).get("recording_files") or []
    except ZoomNotFoundError:
        log.info("Meeting %s: Zoom lists no recording files any more; nothing to delete.", plan.label)
        return outcome
    now = {file_identity(plan.meeting, item): item for item in current}
    archived = {row.file.file_key: row for row in rows}
    resized = {key for key, item in now.items() if key in archived and _resized(item, archived[key])}
    if set(now) == set(archived) and not resized:
        hook.delete_meeting_recordings(ref, action=action)
        log.info(
            "Meeting %s: %s all %d recording file(s) in Zoom after verifying the archive (%s).",
            plan.label,
            _done(action),
            len(rows),
            ", ".join(row.file.url for row in rows),
        )
        return outcome
    kept_rows = tuple(
        _delete_one(hook, ref, row, now.get(row.file.file_key), resized, action, log) for row in rows
    )
    left = tuple(
        FileRow(
            recording_file(plan.meeting, item, selection),
            STATUS_LEFT_IN_ZOOM,
            reason=_LEFT_OUT if not selection.wants(item) else _NEW,
        )
        for key, item in now.items()
        if key not in archived
    )
    for row in [*(r for r in kept_rows if r.kept_in_zoom), *left]:
        # Files the filters left out stay by design; any other file that stays is news.
        say = log.info if row.reason == _LEFT_OUT else log.warning
        say(
            "Meeting %s: %s file %s stays in Zoom: %s.",
            plan.label,
            row.file.item.get("file_type"),
            row.file.file_key,
            row.kept_in_zoom or row.reason,
        )
    return replace(outcome, rows=kept_rows, left=left)


def _delete_one(
    hook: ZoomHook,
    ref: Any,
    row: FileRow,
    item: Mapping[str, Any] | None,
    resized: set[str],
    action: str,
    log: Log,
) -> FileRow:
    """Remove one archived file from Zoom; the row, saying why the file stays when it does."""
    if item is None:
        return row  # gone from Zoom already
    if row.file.file_key in resized:
        return replace(row, kept_in_zoom=_RESIZED)
    if not item.get("id"):
        return replace(row, kept_in_zoom=_NO_ID)
    hook.delete_recording_file(ref, item["id"], action=action)
    log.info(
        "Meeting %s: %s file %s (archived at %s).",
        meeting_label(row.file.meeting),
        _done(action),
        item["id"],
        row.file.url,
    )
    return row


def _resized(item: Mapping[str, Any], row: FileRow) -> bool:
    size = item.get("file_size")
    return isinstance(size, int | float) and size > 0 and row.size is not None and int(size) != row.size


def _done(action: str) -> str:
    return "trashed" if action == "trash" else "deleted"
