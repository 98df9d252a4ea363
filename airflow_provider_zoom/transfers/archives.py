"""
Archive Zoom's compliance archive files (meeting and webinar archiving) to object storage.

The same pipeline as cloud recordings (:mod:`airflow_provider_zoom.transfers.recordings`): only the
source differs. Archived meetings are listed by window (``GET /archive_files``) or one instance at a
time, their ``archive_files`` planned, streamed, verified, recorded and named like recording files;
after the copy is proven, ``delete_after_archive`` releases them to Zoom's auto-delete or deletes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.exceptions import ZoomConfigError, ZoomNotFoundError
from airflow_provider_zoom.hooks._resources.archiving import ARCHIVE_QUERY_DATE_TYPES, archive_range
from airflow_provider_zoom.operators.archiving import run_instants
from airflow_provider_zoom.transfers._derived import document_inherited, refuse
from airflow_provider_zoom.transfers.recordings.deletion import ZoomFiles
from airflow_provider_zoom.transfers.recordings.operator import ZoomRecordingsToObjectStorageOperator
from airflow_provider_zoom.transfers.recordings.source import Source, unique_meetings
from airflow_provider_zoom.validation import check_choice, rendered_to_none

if TYPE_CHECKING:
    import datetime as dt

    from airflow.sdk import Context

    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.transfers.recordings.files import TransferSettings

#: What ``delete_after_archive`` may ask for: ``release`` lets Zoom's auto-delete remove each verified
#: file (``PATCH /archive_files/{fileId}``), ``delete`` removes the instance's archive now.
ARCHIVE_DELETE_ACTIONS: tuple[str, ...] = ("release", "delete")


@dataclass(frozen=True)
class ArchiveSource(Source):
    """
    The archived meetings: ``meeting_id`` (an instance UUID), else those in ``first``..``last``.

    :param first: the window's first instant.
    :param last: its last instant, inclusive.
    :param query_date_type: which time the window applies to (Zoom's default: the meeting's start).
    """

    first: dt.datetime | None = None
    last: dt.datetime | None = None
    query_date_type: str | None = None


def as_recording(meeting: Mapping[str, Any]) -> dict[str, Any]:
    """
    An archived meeting in the recordings pipeline's shape: its ``archive_files`` as
    ``recording_files``, each file's participant join and leave times as its recording start and end.
    """
    files = [
        {
            **item,
            "recording_start": item.get("participant_join_time"),
            "recording_end": item.get("participant_leave_time"),
        }
        for item in meeting.get("archive_files") or []
        if isinstance(item, Mapping)
    ]
    return {**meeting, "recording_files": files}


def archive_files(hook: ZoomHook) -> ZoomFiles:
    """Compliance archive files: released one by one, or deleted only all together."""

    def current(ref: Any) -> Sequence[Mapping[str, Any]]:
        return as_recording(hook.get_meeting_archive_files(ref))["recording_files"]

    def remove_all(ref: Any, items: Sequence[Mapping[str, Any]], action: str) -> None:
        if action == "delete":
            hook.delete_meeting_archive_files(ref)
            return
        # Only the files just compared with the archive: one Zoom adds meanwhile stays held.
        for item in items:
            hook.set_archive_file_auto_delete(item["id"], True)

    return ZoomFiles(
        kind="archive",
        current=current,
        remove_all=remove_all,
        remove_one=lambda ref, item, action: hook.set_archive_file_auto_delete(item["id"], True),
        single_actions=frozenset({"release"}),
        done={"release": "released to auto-delete", "delete": "deleted"},
    )


class ZoomArchiveFilesToObjectStorageOperator(ZoomRecordingsToObjectStorageOperator):
    """
    Copy Zoom's compliance archive files (meeting and webinar archiving) to object storage, verified.

    Every guarantee of the recordings transfer (its base class) holds: files stream in chunks and
    resume after a broken stream, are checked against Zoom's ``file_size`` and hashed, appear only
    complete at their final path, are recorded (manifest per meeting, provenance per object) and
    skipped on a rerun when already archived. Files still ``processing`` (or ``failed``) wait for a
    later run.

    The source is one ended instance (``meeting_uuid``), else the archived meetings of
    ``from_``..``to`` (instants; default the run's data interval), walked in Zoom's seven-day windows,
    by ``query_date_type``. Each file's ``recording_start``/``recording_end`` path fields are its
    participant join and leave times.

    Scopes: ``archiving:read:list_archived_files:admin`` and ``archiving:read:archived_files:admin``;
    with ``delete_after_archive`` also ``archiving:update:archived_file_auto_delete_status:admin``
    (``release``) or ``archiving:delete:archived_files:admin`` (``delete``).

    :param meeting_uuid: archive this ended instance's files.
    :param from_: first instant of the window; default the data interval's start.
    :param to: last instant, inclusive; default the last second before the data interval's end.
    :param query_date_type: ``meeting_start_time`` (Zoom's default) or ``archive_complete_time``.
    :param user_id: not an archive source: refused (archives are listed for the whole account).
    :param account_id: not an archive source: refused.
    :param meeting_id: refused: an archive instance is named by ``meeting_uuid``.
    :param delete_after_archive: ``None`` (keep), ``release`` (set ``auto_delete`` so Zoom removes each
        verified file when its retention ends) or ``delete`` (remove the instance's archive now, only when
        Zoom lists exactly the verified files: Zoom deletes archive files only all together). The
        instance's files are read again right before; a file Zoom lists only then stays, and is reported.

    The other arguments are those of the recordings transfer:
    """

    template_fields: Sequence[str] = (
        *(
            f
            for f in ZoomRecordingsToObjectStorageOperator.template_fields
            if f not in ("user_id", "account_id")
        ),
        "meeting_uuid",
        "query_date_type",
    )
    #: Arguments of the recordings transfer that pick no archive source: refused.
    refused_arguments: tuple[str, ...] = ("meeting_id", "user_id", "account_id")
    delete_actions = ARCHIVE_DELETE_ACTIONS
    file_kind = "archive"
    refused_download = (
        "Zoom refused the OAuth token for this archive file: archive files download with the OAuth token "
        "only (no download token to retry with). The file stays in Zoom and is tried again on the next run; "
        "if Zoom keeps refusing, check the app's archiving and recording scopes."
    )

    def __init__(
        self,
        *,
        meeting_uuid: str | None = None,
        query_date_type: str | None = None,
        **kwargs: Any,
    ) -> None:
        refuse(kwargs, self.refused_arguments, "is not an archive source: give meeting_uuid, or from_/to")
        super().__init__(**kwargs)
        self.meeting_uuid = meeting_uuid
        self.query_date_type = query_date_type

    def _source(self, context: Context) -> Source:
        """One instance by ``meeting_uuid``, else the window of ``from_``/``to`` (or the run's interval)."""
        uuid = rendered_to_none(self.meeting_uuid)
        from_, to = rendered_to_none(self.from_), rendered_to_none(self.to)
        if uuid is not None:
            if from_ is not None or to is not None:
                raise ZoomConfigError(
                    "from_", "from_/to select archives by date; with meeting_uuid there is nothing to select"
                )
            return ArchiveSource(meeting_id=uuid)
        first, last = archive_range(*run_instants(context, from_, to))
        date_type = check_choice(
            "query_date_type", rendered_to_none(self.query_date_type), ARCHIVE_QUERY_DATE_TYPES
        )
        return ArchiveSource(first=first, last=last, query_date_type=date_type)

    def list_source(self, hook: ZoomHook, source: Source) -> list[Any]:
        if not isinstance(source, ArchiveSource):
            raise TypeError("the archive transfer lists an ArchiveSource")
        if source.meeting_id is not None:
            meetings: list[Mapping[str, Any]]
            try:
                meetings = [hook.get_meeting_archive_files(str(source.meeting_id))]
            except ZoomNotFoundError as err:
                self.log.info(
                    "Meeting %s has no archive files (Zoom: %s); nothing to archive.",
                    source.meeting_id,
                    err.zoom_message or err.status_code,
                )
                return []
        else:
            self.log.info("Listing archived meetings from %s to %s.", source.first, source.last)
            meetings = unique_meetings(
                hook.list_archive_files(source.first, source.last, query_date_type=source.query_date_type)
            )
        return [as_recording(meeting) for meeting in meetings]

    def zoom_files(self, hook: ZoomHook) -> ZoomFiles:
        return archive_files(hook)

    def download_fallback(self, hook: ZoomHook, settings: TransferSettings) -> None:
        # Zoom's reference downloads archive files with the OAuth token only: they have no meeting
        # download token, and a refused download fails rather than trying the cloud recordings'.
        return None


document_inherited(ZoomArchiveFilesToObjectStorageOperator, ZoomRecordingsToObjectStorageOperator)
