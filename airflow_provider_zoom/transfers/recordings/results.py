"""What the archive reports per file (its XCom rows), and the totals of many archive tasks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._storage.objects import storage_url

if TYPE_CHECKING:
    from airflow_provider_zoom.transfers.recordings.plan import MeetingPlan, RecordingFile

STATUS_ARCHIVED = "archived"
STATUS_SKIPPED = "skipped"
STATUS_NOT_READY = "not_ready"
STATUS_FAILED = "failed"
#: A file Zoom lists for the meeting when its recordings were about to be deleted that this run did
#: not archive (it appeared after the listing, for one): it stays in Zoom, and its row says why.
STATUS_LEFT_IN_ZOOM = "left_in_zoom"
#: The statuses of a file that is in the archive, verified, after the task.
DONE_STATUSES = (STATUS_ARCHIVED, STATUS_SKIPPED)


@dataclass(frozen=True)
class FileRow:
    """
    The outcome for one recording file; :meth:`to_xcom` is the row the task returns.

    :param file: the file and where it goes.
    :param status: one of the ``STATUS_*`` values.
    :param size: bytes at the final path (archived or skipped files).
    :param sha256: the bytes' sha256, when known.
    :param verified: the file was confirmed at its final path (archived or skipped files).
    :param reason: why a file is not ready yet.
    :param error: why archiving the file failed.
    :param kept_in_zoom: why an archived file was not deleted in Zoom, when deletion was asked for.
    """

    file: RecordingFile
    status: str
    size: int | None = None
    sha256: str | None = None
    verified: bool | None = None
    reason: str | None = None
    error: str | None = None
    kept_in_zoom: str | None = None

    @property
    def done(self) -> bool:
        """The file is in the archive, verified: archived now or already before."""
        return self.status in DONE_STATUSES and bool(self.verified)

    def to_xcom(self) -> dict[str, Any]:
        """The JSON row: the file's Zoom fields, its ``key`` below dest and ``path`` (URL), the outcome."""
        file, item = self.file, self.file.item
        row: dict[str, Any] = {
            "meeting_uuid": file.meeting.get("uuid"),
            "meeting_id": file.meeting.get("id"),
            "file_id": item.get("id"),
            "file_key": file.file_key,
            "file_type": item.get("file_type"),
            "recording_type": item.get("recording_type"),
            "recording_start": item.get("recording_start"),
            "recording_end": item.get("recording_end"),
            "key": file.key,
            "path": storage_url(file.path),
            "bytes": self.size,
            "sha256": self.sha256,
            "status": self.status,
        }
        # Each status adds its own field, and only it: the rows keep the shape they always had.
        for name in ("verified", "reason", "error", "kept_in_zoom"):
            value = getattr(self, name)
            if value is not None:
                row[name] = value
        return row


@dataclass(frozen=True, eq=False)
class MeetingOutcome:
    """
    One meeting after its downloads.

    :param plan: the meeting's plan.
    :param rows: the outcomes of ``plan.jobs``, in the same order.
    :param left: rows of files Zoom still holds that this run did not archive (after a deletion).
    """

    plan: MeetingPlan
    rows: tuple[FileRow, ...]
    left: tuple[FileRow, ...] = ()

    @property
    def failed(self) -> list[FileRow]:
        """The files that could not be archived."""
        return [row for row in self.rows if row.status == STATUS_FAILED]

    @property
    def reported(self) -> list[FileRow]:
        """The rows the task returns: every file archived, skipped, not ready or left in Zoom."""
        return (
            [row for row in self.rows if row.status != STATUS_FAILED]
            + list(self.plan.not_ready)
            + list(self.left)
        )


def archive_totals(
    results: Iterable[Sequence[Mapping[str, Any]] | Mapping[str, Any] | None], manifests: Iterable[str] = ()
) -> dict[str, Any]:
    """
    Totals of archive results: each item is a task's per-file rows or totals returned before.

    :param results: the return values of archive tasks (e.g. the mapped tasks' output).
    :param manifests: manifest paths to list besides those of totals in ``results``.
    :return: ``{"files", "archived", "skipped", "not_ready", "left_in_zoom", "kept_in_zoom", "bytes",
        "in_zoom_reasons", "manifests"}``: ``files`` counts the archived and already archived files,
        ``bytes`` their size; ``left_in_zoom`` the files a deletion left in Zoom unarchived and
        ``kept_in_zoom`` the archived ones it did not remove, ``in_zoom_reasons`` both by reason;
        ``manifests`` the manifest paths.
    """
    totals: dict[str, Any] = dict.fromkeys(_COUNTS, 0)
    reasons: dict[str, int] = {}
    paths: list[str] = []
    for result in results:
        if isinstance(result, Mapping):
            for name in _COUNTS:
                totals[name] += int(result.get(name) or 0)
            for reason, count in (result.get("in_zoom_reasons") or {}).items():
                reasons[reason] = reasons.get(reason, 0) + int(count)
            paths.extend(result.get("manifests") or [])
            continue
        for row in result or []:
            _count_row(row, totals, reasons)
    paths.extend(manifests)
    totals["in_zoom_reasons"] = dict(sorted(reasons.items()))
    totals["manifests"] = sorted(set(paths))
    return totals


_COUNTS = ("files", "archived", "skipped", "not_ready", "left_in_zoom", "kept_in_zoom", "bytes")


def _count_row(row: Mapping[str, Any], totals: dict[str, Any], reasons: dict[str, int]) -> None:
    status = row.get("status")
    if status in DONE_STATUSES:
        totals["files"] += 1
        totals[status] += 1
        totals["bytes"] += int(row.get("bytes") or 0)
    elif status in (STATUS_NOT_READY, STATUS_LEFT_IN_ZOOM):
        totals[status] += 1
    # A file that stays in Zoom says why: a row left in Zoom by its reason, an archived one by its own.
    reason = row.get("kept_in_zoom") or (row.get("reason") if status == STATUS_LEFT_IN_ZOOM else None)
    if reason:
        totals["kept_in_zoom"] += bool(row.get("kept_in_zoom"))
        reasons[reason] = reasons.get(reason, 0) + 1
