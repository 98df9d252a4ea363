"""The JSON manifest beside each meeting's files: what was archived, where, with which size and sha256."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.log import Log
from airflow_provider_zoom._storage.objects import atomic_write, storage_url
from airflow_provider_zoom.transfers.recordings.results import DONE_STATUSES, STATUS_SKIPPED, FileRow

if TYPE_CHECKING:
    from airflow.sdk import ObjectStoragePath

    from airflow_provider_zoom.transfers.recordings.plan import MeetingPlan


@dataclass(frozen=True)
class ManifestEntry:
    """
    One archived file in a manifest's ``files`` list (its JSON keys are these fields).

    :param file_key: the file's stable identity: its Zoom ``id``, else a hash of the meeting UUID, type,
        start, end and extension (``file_id``, ``meeting_uuid``, ``file_type`` and ``recording_start``
        say the same in plain words).
    :param meeting_uuid: the meeting instance the file belongs to.
    :param path: its object key below ``dest``.
    :param url: its final path as a URL.
    :param size: its bytes.
    :param sha256: their sha256 (None when never computed).
    :param archived_at: when the bytes were written (UTC, ISO 8601).
    :param extra: keys of the entry this version does not know (written by a newer one), kept as
        they were so rewriting a manifest loses nothing.
    """

    file_key: str
    meeting_uuid: str | None = None
    file_id: str | None = None
    file_type: str | None = None
    recording_type: str | None = None
    recording_start: str | None = None
    recording_end: str | None = None
    path: str | None = None
    url: str | None = None
    size: int | None = None
    sha256: str | None = None
    archived_at: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> ManifestEntry:
        """An entry read back from a manifest; keys this version does not know go to ``extra``."""
        names = {f.name for f in fields(cls)} - {"extra"}
        known = {name: entry.get(name) for name in names - {"file_key"}}
        extra = {k: v for k, v in entry.items() if k not in names}
        return cls(file_key=str(entry["file_key"]), extra=extra, **known)

    def to_json(self) -> dict[str, Any]:
        """The entry as the manifest holds it."""
        known = asdict(self)
        extra = known.pop("extra")
        return {**extra, **known}

    @classmethod
    def of(cls, row: FileRow, previous: ManifestEntry | None, now: str) -> ManifestEntry:
        """
        The entry of a file archived or skipped now.

        :param row: the file's outcome.
        :param previous: its entry in the manifest before, if any.
        :param now: the time of this run, for the files written now.
        """
        file, item = row.file, row.file.item
        kept = previous if row.status == STATUS_SKIPPED else None
        return cls(
            file_key=file.file_key,
            meeting_uuid=file.meeting.get("uuid"),
            file_id=item.get("id"),
            file_type=item.get("file_type"),
            recording_type=item.get("recording_type"),
            recording_start=item.get("recording_start"),
            recording_end=item.get("recording_end"),
            path=file.key,
            url=storage_url(file.path),
            size=row.size,
            sha256=row.sha256 or (previous.sha256 if previous else None),
            # A skipped file keeps the time its bytes were written, not the time they were checked.
            archived_at=kept.archived_at if kept is not None else now,
            extra=previous.extra if previous is not None else {},
        )


def read_manifest(path: ObjectStoragePath | None, log: Log) -> dict[str, ManifestEntry]:
    """
    The manifest's entries by file identity: empty when there is none or it is unreadable.

    :param path: the manifest's path (None: no manifest).
    :param log: where to warn about an unreadable manifest.
    """
    if path is None:
        return {}
    try:
        with path.fs.open(path.path, "rb") as handle:
            data = json.loads(handle.read())
    except FileNotFoundError:
        return {}
    except Exception as err:
        log.warning("Ignoring the unreadable manifest %s: %s", path, err)
        return {}
    return {
        e["file_key"]: ManifestEntry.from_json(e)
        for e in data.get("files", [])
        if isinstance(e, dict) and e.get("file_key")
    }


def write_manifest(plan: MeetingPlan, rows: Sequence[FileRow], previous: Mapping[str, ManifestEntry]) -> None:
    """
    Write the meeting's manifest (complete or not at all): the entries before, updated by ``rows``.

    Nothing is written when no file of the meeting is archived, so a failed run leaves the last
    good manifest as it was.

    :param plan: the meeting's plan (its manifest path).
    :param rows: the outcomes of its files.
    :param previous: its manifest's entries before this run.
    """
    done = [r for r in rows if r.status in DONE_STATUSES]
    if plan.manifest is None or not done:
        return
    entries = dict(previous)
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    for row in done:
        entries[row.file.file_key] = ManifestEntry.of(row, entries.get(row.file.file_key), now)
    meeting = plan.meeting
    document = {
        "meeting_uuid": meeting.get("uuid"),
        "meeting_id": meeting.get("id"),
        "topic": meeting.get("topic"),
        "host_id": meeting.get("host_id"),
        "host_email": meeting.get("host_email"),
        "start_time": meeting.get("start_time"),
        "updated_at": now,
        "files": sorted((e.to_json() for e in entries.values()), key=lambda e: e["path"] or ""),
    }
    with atomic_write(plan.manifest) as handle:
        handle.write(json.dumps(document, indent=2, sort_keys=True).encode())
