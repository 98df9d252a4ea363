"""Trash or delete in Zoom only what is archived and verified, checked against what Zoom lists now."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class ZoomFiles:
    """
    How one kind of Zoom file is read again and removed: cloud recordings here, compliance archives
    in :mod:`airflow_provider_zoom.transfers.archives`.

    :param kind: what the files are, for log lines.
    :param current: a meeting's files as Zoom lists them now (raises ZoomNotFoundError when none).
    :param remove_all: remove all of a meeting's files (Zoom's entries of them, just compared with the
        archive) with one action.
    :param remove_one: remove one file (by its entry).
    :param single_actions: the actions Zoom can apply to one file alone.
    :param done: the past tense of each action, for log lines.
    """

    kind: str
    current: Callable[[Any], Sequence[Mapping[str, Any]]]
    remove_all: Callable[[Any, Sequence[Mapping[str, Any]], str], Any]
    remove_one: Callable[[Any, Mapping[str, Any], str], Any]
    single_actions: frozenset[str]
    done: Mapping[str, str]


def recording_files(hook: ZoomHook) -> ZoomFiles:
    """Cloud recordings: trashed or deleted whole (``DELETE .../recordings``) or one by one."""
    return ZoomFiles(
        kind="recording",
        current=lambda ref: hook.get_meeting_recordings(ref).get("recording_files") or [],
        remove_all=lambda ref, items, action: hook.delete_meeting_recordings(ref, action=action),
        remove_one=lambda ref, item, action: hook.delete_recording_file(ref, item["id"], action=action),
        single_actions=frozenset(DELETE_ACTIONS),
        done={"trash": "trashed", "delete": "deleted"},
    )


_NEW = "Zoom listed it only after this run's listing, so it was not archived"
_LEFT_OUT = "left out by file_types/recording_types"
_NO_ID = "Zoom removes a file without an id only with its whole meeting, and other files of it stay"
_ONE_BY_ONE = "Zoom removes these files only all together, and other files of the meeting stay"
_RESIZED = "Zoom now lists another file_size for it than the archived copy holds"


def delete_in_zoom(
    zoom: ZoomHook | ZoomFiles, outcome: MeetingOutcome, action: str, selection: Selection, log: Log
) -> MeetingOutcome:
    """
    Remove one meeting's archived recordings from Zoom, or say why not; the outcome with what stayed.

    Nothing is removed when a selected file was not archived and verified, or is still processing.
    Otherwise the meeting's files are read again from Zoom right before: the whole meeting is removed
    only when Zoom's files now are exactly the archived and verified ones (by ``id``, or by the
    identity of a file without one); else only those files are removed, one by one, and every file
    that stays is named with the reason, in the log and in the rows.

    :param zoom: how the files are read and removed (a hook: cloud recordings).
    :param outcome: the meeting's plan and the outcomes of its files.
    :param action: ``trash`` (recoverable for 30 days) or ``delete`` (another action of ``zoom``).
    :param selection: the filters and destination (to say where a file that stays would go).
    :param log: where to report.
    """
    files = zoom if isinstance(zoom, ZoomFiles) else recording_files(zoom)
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
        current: Sequence[Mapping[str, Any]] = files.current(ref)
    except ZoomNotFoundError:
        log.info("Meeting %s: Zoom lists no %s files any more; nothing to delete.", plan.label, files.kind)
        return outcome
    now = {file_identity(plan.meeting, item): item for item in current}
    archived = {row.file.file_key: row for row in rows}
    resized = {key for key, item in now.items() if key in archived and _resized(item, archived[key])}
    if set(now) == set(archived) and not resized:
        files.remove_all(ref, list(now.values()), action)
        log.info(
            "Meeting %s: %s all %d %s file(s) in Zoom after verifying the archive (%s).",
            plan.label,
            files.done[action],
            len(rows),
            files.kind,
            ", ".join(row.file.url for row in rows),
        )
        return outcome
    kept_rows = tuple(
        _delete_one(files, ref, row, now.get(row.file.file_key), resized, action, log) for row in rows
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
    files: ZoomFiles,
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
    if action not in files.single_actions:
        return replace(row, kept_in_zoom=_ONE_BY_ONE)
    files.remove_one(ref, item, action)
    log.info(
        "Meeting %s: %s file %s (archived at %s).",
        meeting_label(row.file.meeting),
        files.done[action],
        item["id"],
        row.file.url,
    )
    return row


def _resized(item: Mapping[str, Any], row: FileRow) -> bool:
    size = item.get("file_size")
    return isinstance(size, int | float) and size > 0 and row.size is not None and int(size) != row.size
