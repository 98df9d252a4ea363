"""Which files of a meeting to archive, where each goes, and which must wait."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.log import Log
from airflow_provider_zoom._storage.objects import storage_url
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.transfers.recordings.naming import (
    file_identity,
    manifest_key,
    meeting_label,
    render_key,
)
from airflow_provider_zoom.transfers.recordings.results import STATUS_NOT_READY, FileRow

if TYPE_CHECKING:
    from airflow.sdk import ObjectStoragePath


@dataclass(frozen=True)
class Selection:
    """
    Which files to archive and where they go.

    :param dest: the destination folder.
    :param template: the checked ``path_template``.
    :param file_types: keep only these ``file_type`` values (upper case); None keeps all.
    :param recording_types: keep only these ``recording_type`` values; None keeps all.
    """

    dest: ObjectStoragePath
    template: str
    file_types: frozenset[str] | None = None
    recording_types: frozenset[str] | None = None

    def wants(self, item: Mapping[str, Any]) -> bool:
        """Whether the filters keep a file; files without a recording type (CC, TIMELINE) pass that one."""
        if self.file_types is not None and str(item.get("file_type") or "").upper() not in self.file_types:
            return False
        rtype = item.get("recording_type")
        return self.recording_types is None or not rtype or str(rtype) in self.recording_types


@dataclass(frozen=True, eq=False)
class RecordingFile:
    """
    One recording file of a meeting and where it goes.

    :param meeting: the meeting instance, as Zoom lists it.
    :param item: the file's entry in ``recording_files``.
    :param file_key: its stable identity (:func:`~.naming.file_identity`).
    :param key: its object key below ``dest``.
    :param path: its final path.
    :param expected_size: Zoom's ``file_size``, when Zoom gave a usable one.
    """

    meeting: Mapping[str, Any]
    item: Mapping[str, Any]
    file_key: str
    key: str
    path: ObjectStoragePath
    expected_size: int | None = None

    @property
    def url(self) -> str:
        """The final path as a URL (for logs and rows)."""
        return storage_url(self.path)


@dataclass(frozen=True, eq=False)
class MeetingPlan:
    """
    What to do with one meeting's recording files.

    :param meeting: the meeting instance, as Zoom lists it.
    :param jobs: the files to archive.
    :param not_ready: rows of the selected files that cannot be archived yet.
    :param unselected: how many files the filters left out.
    :param manifest: the manifest's path (None when no file was selected).
    """

    meeting: Mapping[str, Any]
    jobs: tuple[RecordingFile, ...] = ()
    not_ready: tuple[FileRow, ...] = ()
    unselected: int = 0
    manifest: ObjectStoragePath | None = None

    @property
    def label(self) -> str:
        return meeting_label(self.meeting)


@dataclass
class _Planner:
    """Sorts one meeting's files into jobs, not-ready rows and unselected ones, logging why."""

    meeting: Mapping[str, Any]
    selection: Selection
    log: Log
    jobs: list[RecordingFile] = field(default_factory=list)
    not_ready: list[FileRow] = field(default_factory=list)
    unselected: int = 0

    def add(self, item: Mapping[str, Any], processing: str | None) -> None:
        if not self.selection.wants(item):
            self.unselected += 1
            return
        file = recording_file(self.meeting, item, self.selection)
        # Files Zoom lists without a status (CC, TIMELINE) follow the rest of their recording.
        status = item.get("status") or processing
        if status is not None and str(status).lower() != "completed":
            self._wait(file, str(status), f"is still {status}; skipping it (and not deleting this meeting)")
        elif not item.get("download_url"):
            self._wait(file, "no download_url", "has no download_url yet; skipping it")
        else:
            self.jobs.append(_sized(file, self.log))

    def _wait(self, file: RecordingFile, reason: str, why: str) -> None:
        self.log.info(
            "Meeting %s: %s file %s %s.",
            meeting_label(self.meeting),
            file.item.get("file_type"),
            file.file_key,
            why,
        )
        self.not_ready.append(FileRow(file, STATUS_NOT_READY, reason=reason))

    def plan(self) -> MeetingPlan:
        manifest = None
        if self.jobs or self.not_ready:
            keys = [j.key for j in self.jobs] or [r.file.key for r in self.not_ready]
            manifest = self.selection.dest / manifest_key(keys, self.meeting)
        if self.unselected:
            self.log.info(
                "Meeting %s: %d file(s) left out by file_types/recording_types.",
                meeting_label(self.meeting),
                self.unselected,
            )
        return MeetingPlan(self.meeting, tuple(self.jobs), tuple(self.not_ready), self.unselected, manifest)


def recording_file(
    meeting: Mapping[str, Any], item: Mapping[str, Any], selection: Selection
) -> RecordingFile:
    """One file of a meeting with its identity and the path ``selection`` gives it."""
    key = render_key(selection.template, meeting, item)
    return RecordingFile(meeting, item, file_identity(meeting, item), key, selection.dest / key)


def _sized(file: RecordingFile, log: Log) -> RecordingFile:
    """The file with its expected size, when Zoom's ``file_size`` is a usable one."""
    size = file.item.get("file_size")
    if isinstance(size, int | float) and size > 0:
        return replace(file, expected_size=int(size))
    log.info(
        "Meeting %s: %s file %s comes without a file_size; it is verified by its sha256 only.",
        meeting_label(file.meeting),
        file.item.get("file_type"),
        file.file_key,
    )
    return file


def plan_meeting(meeting: Mapping[str, Any], selection: Selection, log: Log) -> MeetingPlan:
    """
    Plan one meeting: the selected files that are ready to archive, and those still processing.

    :param meeting: the meeting instance, as Zoom lists it (with ``recording_files``).
    :param selection: the filters and the destination.
    :param log: where to say why a file is skipped.
    """
    files = meeting.get("recording_files") or []
    if not files:
        log.info("Meeting %s has no recording files; nothing to archive.", meeting_label(meeting))
        return MeetingPlan(meeting)
    processing = next(
        (str(f["status"]) for f in files if f.get("status") and str(f["status"]).lower() != "completed"),
        None,
    )
    planner = _Planner(meeting, selection, log)
    for item in files:
        planner.add(item, processing)
    return planner.plan()


def check_collisions(plans: Sequence[MeetingPlan]) -> None:
    """
    Refuse a ``path_template`` that gives two files the same key: one would overwrite the other.

    :raises ZoomConfigError: naming ``path_template``.
    """
    seen: dict[str, str] = {}
    for plan in plans:
        for job in plan.jobs:
            other = seen.setdefault(job.key, job.file_key)
            if other != job.file_key:
                raise ZoomConfigError(
                    "path_template",
                    f"gives two files the same name {job.key!r}; add {{file_id}} (or {{meeting_uuid}}) to it",
                )
