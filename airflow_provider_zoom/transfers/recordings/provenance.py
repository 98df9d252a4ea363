"""Which Zoom file an archived object holds: recorded with it, read back before skipping or writing."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._storage.objects import atomic_write, keeps_metadata, object_metadata
from airflow_provider_zoom.exceptions import ZoomConfigError

if TYPE_CHECKING:
    from airflow.sdk import ObjectStoragePath

    from airflow_provider_zoom.transfers.recordings.plan import RecordingFile

#: Suffix of the hidden record beside an object on stores without user metadata: ``.<name>.zoom.json``.
RECORD_SUFFIX = ".zoom.json"
# S3 user metadata keys (sent as x-amz-meta-* headers; S3 gives them back in lower case).
_META_PREFIX = "zoom-"


@dataclass(frozen=True)
class SourceRecord:
    """
    The Zoom file an object holds.

    :param file_key: the file's identity (its ``id``, else a hash of meeting UUID, type, start, end).
    :param meeting_uuid: the meeting instance's UUID.
    :param file_id: Zoom's ``id`` of the file, when it has one.
    :param file_type: its ``file_type``.
    :param recording_start: its ``recording_start``.
    :param size: bytes written (the hidden record only: S3 metadata is sent before the bytes).
    :param sha256: their sha256 (likewise; on S3 the manifest holds it).
    """

    file_key: str
    meeting_uuid: str = ""
    file_id: str = ""
    file_type: str = ""
    recording_start: str = ""
    size: int | None = None
    sha256: str | None = None

    @classmethod
    def of(cls, file: RecordingFile, size: int | None = None, sha256: str | None = None) -> SourceRecord:
        item = file.item
        return cls(
            file_key=file.file_key,
            meeting_uuid=str(file.meeting.get("uuid") or ""),
            file_id=str(item.get("id") or ""),
            file_type=str(item.get("file_type") or ""),
            recording_start=str(item.get("recording_start") or ""),
            size=size,
            sha256=sha256,
        )

    def describe(self) -> str:
        """``meeting <uuid>'s MP4 file <id> (recording start ...)`` for error messages."""
        start = f", recording start {self.recording_start}" if self.recording_start else ""
        return f"meeting {self.meeting_uuid or '?'}'s {self.file_type or '?'} file {self.file_key}{start}"

    def metadata(self) -> dict[str, str]:
        """The S3 user metadata: the identity only, ASCII (Zoom's ids, UUIDs, types and times are)."""
        fields = {"file-key": self.file_key, "meeting-uuid": self.meeting_uuid, "file-id": self.file_id}
        fields |= {"file-type": self.file_type, "recording-start": self.recording_start}
        return {_META_PREFIX + k: v for k, v in fields.items() if v and v.isascii()}


def record_path(path: ObjectStoragePath) -> ObjectStoragePath:
    """Where the hidden record of ``path`` goes on stores without user metadata."""
    return path.parent / f".{path.name}{RECORD_SUFFIX}"


def is_record_name(name: str) -> bool:
    """Whether a file name is a hidden record's."""
    return name.startswith(".") and name.endswith(RECORD_SUFFIX)


def read_record(path: ObjectStoragePath) -> SourceRecord | None:
    """What the object at ``path`` is recorded to hold, from the store itself; None when nothing says."""
    if keeps_metadata(path):
        meta = {k.lower(): v for k, v in (object_metadata(path) or {}).items()}
        key = meta.get(_META_PREFIX + "file-key")
        if not key:
            return None
        return SourceRecord(
            file_key=key,
            meeting_uuid=meta.get(_META_PREFIX + "meeting-uuid", ""),
            file_id=meta.get(_META_PREFIX + "file-id", ""),
            file_type=meta.get(_META_PREFIX + "file-type", ""),
            recording_start=meta.get(_META_PREFIX + "recording-start", ""),
        )
    record = record_path(path)
    try:
        with record.fs.open(record.path, "rb") as handle:
            data: Any = json.loads(handle.read())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # unreadable: nothing proves what the object holds
    if not isinstance(data, dict) or not data.get("file_key"):
        return None
    known = set(SourceRecord.__dataclass_fields__)
    return SourceRecord(**{k: v for k, v in data.items() if k in known})


def write_record(path: ObjectStoragePath, record: SourceRecord) -> None:
    """Write the hidden record of ``path`` (stores without user metadata; S3 has it with the object)."""
    if keeps_metadata(path):
        return
    with atomic_write(record_path(path)) as handle:
        handle.write(json.dumps(asdict(record), sort_keys=True).encode())


def claim(file: RecordingFile, template: str) -> bool:
    """
    On stores without user metadata, take ``file``'s name before writing it: create its record
    only if there is none. Whether this call created it (False: it was this file's already).

    Two tasks writing one name at once thus learn which recording got it, and a name whose writer
    died before its bytes landed stays claimed for that recording only.

    :raises ZoomConfigError: naming both recordings, when the name is another recording's.
    """
    if keeps_metadata(file.path):
        return False
    try:
        with atomic_write(record_path(file.path), exclusive=True) as handle:
            handle.write(json.dumps(asdict(SourceRecord.of(file)), sort_keys=True).encode())
    except FileExistsError:
        held = read_record(file.path)
        if held is not None and held.file_key != file.file_key:
            raise name_taken(file, held, template) from None
        return False
    return True


def drop_claim(path: ObjectStoragePath) -> None:
    """Remove a record this run created for a name it did not get to write."""
    record = record_path(path)
    try:
        record.fs.rm(record.path)
    except FileNotFoundError:
        pass


def name_taken(file: RecordingFile, held: SourceRecord | None, template: str) -> ZoomConfigError:
    """The error of a file whose name already holds another recording: naming both, and the template."""
    what = held.describe() if held is not None else "bytes of another recording, with no record of which"
    return ZoomConfigError(
        "path_template",
        f"{file.url} already holds {what}; not overwriting it with {SourceRecord.of(file).describe()}: "
        f"the template {template!r} gives both the same name (put {{file_id}} or {{meeting_uuid}} in it)",
    )
