"""The operator: check the inputs, plan each meeting, archive its files, write its manifest, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http import DEFAULT_CONN_ID
from airflow_provider_zoom._http.download import DEFAULT_SPEED_LIMIT, DEFAULT_SPEED_TIME
from airflow_provider_zoom._storage.objects import check_filesystem, resolve_dest, storage_url
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.transfers.recordings.deletion import (
    DELETE_ACTIONS,
    ZoomFiles,
    delete_in_zoom,
    recording_files,
)
from airflow_provider_zoom.transfers.recordings.files import FileArchiver, MeetingTokens, TransferSettings
from airflow_provider_zoom.transfers.recordings.manifest import read_manifest, write_manifest
from airflow_provider_zoom.transfers.recordings.naming import DEFAULT_PATH_TEMPLATE, check_template
from airflow_provider_zoom.transfers.recordings.plan import (
    MeetingPlan,
    Selection,
    check_collisions,
    plan_meeting,
)
from airflow_provider_zoom.transfers.recordings.results import (
    DONE_STATUSES,
    STATUS_ARCHIVED,
    STATUS_NOT_READY,
    STATUS_SKIPPED,
    FileRow,
    MeetingOutcome,
    archive_totals,
)
from airflow_provider_zoom.transfers.recordings.source import Source, list_meetings
from airflow_provider_zoom.validation import (
    check_choice,
    check_int,
    check_low_speed,
    normalize_types,
    rendered_to_none,
    require,
)
from airflow_provider_zoom.version_compat import AirflowException

if TYPE_CHECKING:
    from airflow.sdk import Context, ObjectStoragePath

    from airflow_provider_zoom.hooks.zoom import ZoomHook

#: Most files ``max_active_downloads`` may keep in flight at once.
MAX_ACTIVE_DOWNLOADS = 64
#: Smallest ``upload_block_size``: S3's smallest multipart part (5 MiB).
MIN_UPLOAD_BLOCK = 5 * 1024 * 1024
_TTL_BOUND = facts.bounds("GET", "/meetings/{meetingId}/recordings", "query.ttl")[1]
#: Longest ``download_token_ttl``: the most Zoom grants a meeting's download token.
MAX_TOKEN_TTL = int(_TTL_BOUND) if _TTL_BOUND is not None else None


@dataclass(frozen=True)
class ArchiveInputs:
    """
    Every rendered input of one run, checked.

    :param source: which meetings.
    :param selection: which of their files, and where they go.
    :param delete: ``trash``, ``delete`` or None (keep in Zoom).
    :param settings: how each file is copied.
    """

    source: Source
    selection: Selection
    delete: str | None
    settings: TransferSettings


class ZoomRecordingsToObjectStorageOperator(ZoomBaseOperator):
    """
    Copy Zoom cloud recording files to object storage (S3, GCS, Azure, local disk), verified.

    Files stream from Zoom to storage in chunks (memory stays flat); each is checked against
    Zoom's ``file_size`` and hashed (sha256) in flight, and only ever appears complete at its final
    path. A JSON manifest per meeting (``zoom-manifest-<uuid>.json``) beside its files records what
    was archived, and each object records which Zoom file it holds (S3 user metadata, else a hidden
    ``.<name>.zoom.json``). A file is skipped only when its object is recorded as that very file
    with the right size, so a rerun (or a redelivered ``recording.completed`` event) costs only a
    listing; an object holding another recording is never overwritten (the file fails).

    The source is one meeting (``meeting_id``), else one user's recordings (``user_id``), else the
    whole account's (``account_id``, default ``me``), over ``from_``..``to`` (default: the run's
    data interval).

    Scopes: ``cloud_recording:read:list_recording_files:admin`` for one meeting,
    ``cloud_recording:read:list_user_recordings:admin`` for a user,
    ``cloud_recording:read:list_account_recordings:admin`` for the account (classic:
    ``recording:read:admin``); with ``delete_after_archive`` also
    ``cloud_recording:delete:meeting_recording:admin`` (classic: ``recording:write:admin``).

    :param dest: destination folder, a URL (``s3://bucket/zoom/``, ``gs://...``, ``abfs://...``,
        ``file:///data/zoom/``) or an :class:`~airflow.sdk.ObjectStoragePath`.
    :param dest_conn_id: Airflow connection for the destination store (e.g. an ``aws`` connection).
    :param meeting_id: archive this meeting: an instance UUID or a numeric id (its latest instance).
    :param user_id: archive this user's recordings (id, email or ``me``) in the date range.
    :param account_id: archive the account's recordings (``me`` or a sub account id) in the date range;
        used when neither ``meeting_id`` nor ``user_id`` is given.
    :param from_: first day (inclusive) of the date range; default the data interval's start.
    :param to: last day (inclusive); default the day before the data interval's (exclusive) end.
    :param file_types: keep only these ``file_type`` values (MP4, M4A, TRANSCRIPT, CHAT, CC, TIMELINE,
        SUMMARY, ...; a list or comma-separated text). Unknown types are allowed. Default: all.
    :param recording_types: keep only these ``recording_type`` values (``shared_screen_with_speaker_view``,
        ``audio_only``, ...). Files without a recording type (TIMELINE, CC) are not filtered out by it.
    :param path_template: where each file goes below ``dest``, a :meth:`str.format` template over
        :data:`PATH_FIELDS` (Jinja ``{{ }}`` is rendered first, as for every templated field).
        Every value is made safe for every store (no ``/``, no control characters, length-capped, stable).
    :param delete_after_archive: ``None`` (keep), ``trash`` (Zoom's trash, recoverable for 30 days) or
        ``delete``: done per meeting, only when every selected file of it was written and verified and
        none is still processing. The meeting's files are read again right before: the whole meeting
        is removed only when Zoom lists exactly the verified files; otherwise only those are
        removed, one by one, and the files that stay are returned as ``left_in_zoom`` rows (or with
        a ``kept_in_zoom`` reason) and logged.
    :param download_token: a webhook event's ``download_token``, used instead of the OAuth token.
    :param download_token_ttl: lifetime (seconds) of the meeting download token fetched when Zoom
        refuses the OAuth token for a download.
    :param max_active_downloads: files in flight at once.
    :param verify_existing: re-read files that are already archived and compare their sha256 with
        the manifest before skipping them (slower; catches silent corruption).
    :param progress_interval: seconds between progress lines of a long download.
    :param upload_block_size: bytes per multipart part on S3/GCS; memory per file in flight is
        about six times this (queued chunks, the writer's buffer, the part being sent).
    :param max_xcom_rows: return per-file rows for at most this many files (``None``: always); past it,
        return :func:`archive_totals` instead: counts and the manifest paths, which keeps the XCom
        small when a task archives many files (the manifests hold the per-file rows).
    :param download_speed_limit: bytes per second below which a download counts as stalled (curl's
        ``--speed-limit``); 0 turns it off. A stalled connection is dropped and the file resumes.
    :param download_speed_time: seconds a download may stay below ``download_speed_limit``.
    :param zoom_conn_id: the Zoom connection.
    :return: one row per file: ``meeting_uuid``, ``meeting_id``, ``file_id``, ``file_type``, ``path``,
        ``bytes``, ``sha256``, ``status`` (archived, skipped, not_ready, left_in_zoom), ``verified``; or, past
        ``max_xcom_rows`` files, the totals of :func:`archive_totals`.

    Before anything is trashed or deleted in Zoom, every file of the meeting is confirmed at its
    final path with the bytes written (size; the store's SHA-256 where it keeps one); local files
    are fsynced, with their directory, before that.
    """

    template_fields: Sequence[str] = (
        "dest",
        "dest_conn_id",
        "meeting_id",
        "user_id",
        "account_id",
        "from_",
        "to",
        "file_types",
        "recording_types",
        "path_template",
        "delete_after_archive",
        "download_token",
        "zoom_conn_id",
    )
    ui_color = "#2D8CFF"
    #: What ``delete_after_archive`` may ask for.
    delete_actions: tuple[str, ...] = DELETE_ACTIONS
    #: What the files are, in the failure message.
    file_kind = "recording"
    #: What a download Zoom refused says when :meth:`download_fallback` gives nothing to retry with.
    refused_download: str | None = None

    def __init__(
        self,
        *,
        dest: str | ObjectStoragePath,
        dest_conn_id: str | None = None,
        meeting_id: int | str | None = None,
        user_id: str | None = None,
        account_id: str | None = None,
        from_: dt.date | dt.datetime | str | None = None,
        to: dt.date | dt.datetime | str | None = None,
        file_types: Sequence[str] | str | None = None,
        recording_types: Sequence[str] | str | None = None,
        path_template: str = DEFAULT_PATH_TEMPLATE,
        delete_after_archive: str | None = None,
        download_token: str | None = None,
        download_token_ttl: int = 3600,
        max_active_downloads: int = 4,
        verify_existing: bool = False,
        progress_interval: float = 5.0,
        upload_block_size: int = 16 * 1024 * 1024,
        max_xcom_rows: int | None = 100,
        download_speed_limit: float = DEFAULT_SPEED_LIMIT,
        download_speed_time: float = DEFAULT_SPEED_TIME,
        zoom_conn_id: str = DEFAULT_CONN_ID,
        **kwargs: Any,
    ) -> None:
        super().__init__(zoom_conn_id=zoom_conn_id, **kwargs)
        self.dest = dest
        self.dest_conn_id = dest_conn_id
        self.meeting_id = meeting_id
        self.user_id = user_id
        self.account_id = account_id
        self.from_ = from_
        self.to = to
        self.file_types = file_types
        self.recording_types = recording_types
        self.path_template = path_template
        self.delete_after_archive = delete_after_archive
        self.download_token = download_token
        self.verify_existing = verify_existing
        self.progress_interval = progress_interval
        self.download_speed_limit = download_speed_limit
        self.download_speed_time = download_speed_time
        # Values that cannot hold a template are checked at once, so a DAG with them fails to parse.
        self.download_token_ttl = check_int(
            "download_token_ttl",
            require("download_token_ttl", download_token_ttl),
            minimum=1,
            maximum=MAX_TOKEN_TTL,
        )
        self.max_active_downloads = _count(
            "max_active_downloads", max_active_downloads, 1, MAX_ACTIVE_DOWNLOADS
        )
        self.upload_block_size = _count("upload_block_size", upload_block_size, MIN_UPLOAD_BLOCK)
        self.max_xcom_rows = None if max_xcom_rows is None else _count("max_xcom_rows", max_xcom_rows, 0)
        check_low_speed(download_speed_limit, download_speed_time, prefix="download_")

    # ------------------------------------------------------------------ input checks
    def _checked_inputs(self, context: Context) -> ArchiveInputs:
        """Every rendered input, checked, before any call to Zoom."""
        source = self._source(context)
        delete = rendered_to_none(self.delete_after_archive)
        if delete is not None:
            delete = check_choice("delete_after_archive", str(delete).strip().lower(), self.delete_actions)
        template = check_template(str(self.path_template or "").strip())
        dest = resolve_dest(self.dest, rendered_to_none(self.dest_conn_id))
        check_filesystem(dest)
        selection = Selection(
            dest=dest,
            template=template,
            file_types=normalize_types(self.file_types, "file_types", upper=True),
            recording_types=normalize_types(self.recording_types, "recording_types", upper=False),
        )
        return ArchiveInputs(source, selection, delete, self._settings())

    def _source(self, context: Context) -> Source:
        """Which meetings: one of meeting_id, user_id and account_id; a day range without meeting_id."""
        meeting_id, user_id, account_id = map(
            rendered_to_none, (self.meeting_id, self.user_id, self.account_id)
        )
        from_, to = rendered_to_none(self.from_), rendered_to_none(self.to)
        if meeting_id is not None:
            if user_id is not None or account_id is not None:
                raise ZoomConfigError(
                    "meeting_id", "give meeting_id, user_id or account_id, not several: they pick the source"
                )
            if from_ is not None or to is not None:
                raise ZoomConfigError(
                    "from_", "from_/to select meetings by date; with meeting_id there is nothing to select"
                )
            return Source(meeting_id=meeting_id)
        if user_id is not None and account_id is not None:
            raise ZoomConfigError("user_id", "give user_id or account_id, not both")
        first_day, last_day = self.date_range(context, from_, to)
        return Source(user_id=user_id, account_id=account_id or "me", first_day=first_day, last_day=last_day)

    def _settings(self) -> TransferSettings:
        return TransferSettings(
            download_token=rendered_to_none(self.download_token),
            download_token_ttl=self.download_token_ttl,
            verify_existing=self.verify_existing,
            progress_interval=self.progress_interval,
            upload_block_size=self.upload_block_size,
            speed_limit=self.download_speed_limit,
            speed_time=self.download_speed_time,
        )

    # ------------------------------------------------------------------ execute
    def execute(self, context: Context) -> list[dict[str, Any]] | dict[str, Any]:
        from airflow.sdk.log import mask_secret

        inputs = self._checked_inputs(context)
        if inputs.settings.download_token:
            mask_secret(inputs.settings.download_token)
        hook = self.hook
        meetings = self.list_source(hook, inputs.source)
        plans = [plan_meeting(meeting, inputs.selection, self.log) for meeting in meetings]
        check_collisions(plans)
        outcomes = self._archive(hook, plans, inputs)
        # Deletions come after every manifest is written, and one meeting's failure stops no other.
        delete_errors: list[str] = []
        if inputs.delete:
            outcomes, delete_errors = self._delete(hook, outcomes, inputs.delete, inputs.selection)
        return self._result(outcomes, delete_errors)

    def list_source(self, hook: ZoomHook, source: Source) -> list[Any]:
        """The meeting instances to archive, each with its files under ``recording_files``."""
        return list_meetings(hook, source, self.log)

    def zoom_files(self, hook: ZoomHook) -> ZoomFiles:
        """How the meetings' files are read again and removed in Zoom after the archive."""
        return recording_files(hook)

    def download_fallback(self, hook: ZoomHook, settings: TransferSettings) -> Callable[[str], str] | None:
        """
        What a download Zoom refused the OAuth token for is retried with, given the meeting's
        reference; None: it fails. Cloud recordings: the meeting's ``download_access_token``.
        """
        return MeetingTokens(hook, settings.download_token_ttl).get

    def _archive(
        self, hook: ZoomHook, plans: list[MeetingPlan], inputs: ArchiveInputs
    ) -> list[MeetingOutcome]:
        """Download every planned file, then write each meeting's manifest."""
        previous = [read_manifest(plan.manifest, self.log) for plan in plans]
        work = [
            (job, entries.get(job.file_key))
            for plan, entries in zip(plans, previous, strict=True)
            for job in plan.jobs
        ]
        self.log.info(
            "Archiving %d file(s) of %d meeting(s) to %s with up to %d download(s) at a time.",
            len(work),
            len(plans),
            inputs.selection.dest,
            self.max_active_downloads,
        )
        archiver = FileArchiver(
            hook,
            inputs.settings,
            self.log,
            inputs.selection.template,
            fallback=self.download_fallback(hook, inputs.settings),
            refused=self.refused_download,
        )
        with ThreadPoolExecutor(
            max_workers=self.max_active_downloads, thread_name_prefix="zoom-archive"
        ) as pool:
            rows = iter(list(pool.map(lambda pair: archiver.archive(*pair), work)))
        outcomes = []
        for plan, entries in zip(plans, previous, strict=True):
            outcome = MeetingOutcome(plan, tuple(islice(rows, len(plan.jobs))))
            write_manifest(plan, outcome.rows, entries)
            outcomes.append(outcome)
        return outcomes

    def _delete(
        self, hook: ZoomHook, outcomes: list[MeetingOutcome], action: str, selection: Selection
    ) -> tuple[list[MeetingOutcome], list[str]]:
        """Delete what was verified of each meeting in Zoom: the outcomes after it, and what failed."""
        errors: list[str] = []
        after = []
        files = self.zoom_files(hook)
        for outcome in outcomes:
            try:
                outcome = delete_in_zoom(files, outcome, action, selection, self.log)
            except Exception as err:
                self.log.error("Meeting %s: deleting in Zoom failed: %s", outcome.plan.label, err)
                errors.append(f"  meeting {outcome.plan.label}: {err}")
            after.append(outcome)
        return after, errors

    def _result(
        self, outcomes: list[MeetingOutcome], delete_errors: list[str]
    ) -> list[dict[str, Any]] | dict[str, Any]:
        """The XCom (rows, or totals past ``max_xcom_rows``); raises when a file or a deletion failed."""
        summary = [row.to_xcom() for outcome in outcomes for row in outcome.reported]
        failed = [row for outcome in outcomes for row in outcome.failed]
        self._lineage_rows = summary
        self._log_totals(summary, failed)
        if failed:
            lines = "\n".join(f"  {row.file.url}: {row.error or ''}" for row in failed[:20])
            raise AirflowException(
                f"{len(failed)} of {sum(len(o.rows) for o in outcomes)} {self.file_kind} file(s) could not "
                "be archived; nothing was deleted in Zoom for their meetings, and no partial file was left "
                f"at a final path:\n{lines}"
            )
        if delete_errors:
            raise AirflowException(
                "Every file was archived and verified, but deleting in Zoom failed for:\n"
                + "\n".join(delete_errors)
            )
        if self.max_xcom_rows is None or len(summary) <= self.max_xcom_rows:
            return summary
        done = {row["meeting_uuid"] for row in summary if row["status"] in DONE_STATUSES}
        manifests = [
            storage_url(o.plan.manifest)
            for o in outcomes
            if o.plan.manifest is not None and o.plan.meeting.get("uuid") in done
        ]
        return archive_totals([summary], manifests=manifests)

    def _log_totals(self, summary: list[dict[str, Any]], failed: list[FileRow]) -> None:
        counts: dict[str, int] = {}
        for row in summary:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        archived_bytes = sum(r["bytes"] or 0 for r in summary if r["status"] == STATUS_ARCHIVED)
        self.log.info(
            "Done: %d archived (%d bytes), %d skipped, %d not ready, %d failed.",
            counts.get(STATUS_ARCHIVED, 0),
            archived_bytes,
            counts.get(STATUS_SKIPPED, 0),
            counts.get(STATUS_NOT_READY, 0),
            len(failed),
        )

    # ------------------------------------------------------------------ lineage
    def get_openlineage_facets_on_complete(self, task_instance: Any) -> Any:
        """Lineage for the OpenLineage provider: each meeting's recordings in, each archived file out."""
        from airflow_provider_zoom.transfers._lineage import recordings_lineage

        return recordings_lineage(getattr(self, "_lineage_rows", None) or [], self.zoom_conn_id)


def _count(field: str, value: Any, minimum: int, maximum: int | None = None) -> int:
    """An integer argument (not text: it is not templated) within bounds, naming ``field`` when it is not."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ZoomConfigError(field, f"must be an integer, got {value!r}")
    return check_int(field, value, minimum=minimum, maximum=maximum)
