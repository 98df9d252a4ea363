"""Archive Zoom cloud recordings to object storage: streamed, verified, idempotent."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import string
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from airflow_provider_zoom._http import DEFAULT_CONN_ID
from airflow_provider_zoom._http.download import (
    DEFAULT_SPEED_LIMIT,
    DEFAULT_SPEED_TIME,
    BadSpeedSetting,
    check_speed_settings,
)
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.transfers._storage import storage_url
from airflow_provider_zoom.version_compat import AirflowException

if TYPE_CHECKING:
    from airflow.sdk import Context, ObjectStoragePath

    from airflow_provider_zoom.hooks.zoom import ZoomHook

#: Default layout: one folder per host, day and meeting; file names sort by recording start.
DEFAULT_PATH_TEMPLATE = (
    "{host_email}/{start_date}/{topic}-{meeting_id}/{recording_start}-{recording_type}-{file_id}.{ext}"
)
#: The fields ``path_template`` may use.
PATH_FIELDS = (
    "host_email",
    "host_id",
    "account_id",
    "topic",
    "meeting_id",
    "meeting_uuid",
    "start_time",
    "start_date",
    "year",
    "month",
    "day",
    "recording_start",
    "recording_end",
    "recording_type",
    "file_id",
    "file_type",
    "ext",
)
MANIFEST_PREFIX = "zoom-manifest-"
DELETE_ACTIONS = ("trash", "delete")
STATUS_ARCHIVED = "archived"
STATUS_SKIPPED = "skipped"
STATUS_NOT_READY = "not_ready"
STATUS_FAILED = "failed"

_EXTENSIONS = {
    "MP4": "mp4",
    "M4A": "m4a",
    "TRANSCRIPT": "vtt",
    "CC": "vtt",
    "CHAT": "txt",
    "CSV": "csv",
    "TB": "json",
    "TIMELINE": "json",
    "CHAT_MESSAGE": "json",
    "SUMMARY": "json",
}


@dataclass
class _FileJob:
    """One selected recording file and where it goes."""

    meeting: dict[str, Any]
    file: dict[str, Any]
    file_key: str
    key: str
    path: ObjectStoragePath
    expected_size: int | None

    @property
    def url(self) -> str:
        return storage_url(self.path)


@dataclass
class _MeetingPlan:
    meeting: dict[str, Any]
    jobs: list[_FileJob] = field(default_factory=list)
    not_ready: list[dict[str, Any]] = field(default_factory=list)
    unselected: int = 0
    manifest: ObjectStoragePath | None = None


class ZoomRecordingsToObjectStorageOperator(BaseOperator):
    """
    Copy Zoom cloud recording files to object storage (S3, GCS, Azure, local disk), verified.

    Files stream from Zoom to storage in chunks (memory stays flat); each is checked against
    Zoom's ``file_size`` and hashed (sha256) in flight, and only ever appears complete at its final
    path. A JSON manifest per meeting (``zoom-manifest-<uuid>.json``) beside its files records what
    was archived. Files already archived with the same size are skipped, so a rerun (or a
    redelivered ``recording.completed`` event) costs only a listing.

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
        none is still processing. When filters left some of its files out, only the archived files are
        removed, one by one.
    :param download_token: a webhook event's ``download_token``, used instead of the OAuth token.
    :param download_token_ttl: lifetime (seconds) of the meeting download token fetched when Zoom
        refuses the OAuth token for a download.
    :param max_active_downloads: files in flight at once.
    :param verify_existing: re-read files that are already archived and compare their sha256 with
        the manifest before skipping them (slower; catches silent corruption).
    :param progress_interval: seconds between progress lines of a long download.
    :param upload_block_size: bytes per multipart part on S3/GCS (memory per file in flight).
    :param max_xcom_rows: return per-file rows for at most this many files (``None``: always); past it,
        return :func:`archive_totals` instead: counts and the manifest paths, which keeps the XCom
        small when a task archives many files (the manifests hold the per-file rows).
    :param download_speed_limit: bytes per second below which a download counts as stalled (curl's
        ``--speed-limit``); 0 turns it off. A stalled connection is dropped and the file resumes.
    :param download_speed_time: seconds a download may stay below ``download_speed_limit``.
    :param zoom_conn_id: the Zoom connection.
    :return: one row per file: ``meeting_uuid``, ``meeting_id``, ``file_id``, ``file_type``, ``path``,
        ``bytes``, ``sha256``, ``status`` (archived, skipped, not_ready), ``verified``; or, past
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
        super().__init__(**kwargs)
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
        self.download_token_ttl = download_token_ttl
        self.max_active_downloads = max_active_downloads
        self.verify_existing = verify_existing
        self.progress_interval = progress_interval
        self.upload_block_size = upload_block_size
        self.max_xcom_rows = max_xcom_rows

        self.download_speed_limit = download_speed_limit
        self.download_speed_time = download_speed_time
        self.zoom_conn_id = zoom_conn_id
        # Values that cannot hold a template are checked at once, so a DAG with them fails to parse.
        if not isinstance(max_active_downloads, int) or isinstance(max_active_downloads, bool):
            raise ZoomConfigError("max_active_downloads", f"must be an integer, got {max_active_downloads!r}")
        if not 1 <= max_active_downloads <= 64:
            raise ZoomConfigError(
                "max_active_downloads", f"must be between 1 and 64, got {max_active_downloads}"
            )
        if not 1 <= int(download_token_ttl) <= 604800:
            raise ZoomConfigError(
                "download_token_ttl", f"must be 1..604800 seconds, got {download_token_ttl!r}"
            )
        if upload_block_size < 5 * 1024 * 1024:
            raise ZoomConfigError("upload_block_size", "must be at least 5 MiB (S3's smallest part)")
        if max_xcom_rows is not None and (
            not isinstance(max_xcom_rows, int) or isinstance(max_xcom_rows, bool) or max_xcom_rows < 0
        ):
            raise ZoomConfigError(
                "max_xcom_rows", f"must be None or an integer of at least 0, got {max_xcom_rows!r}"
            )

        try:
            check_speed_settings(download_speed_limit, download_speed_time, prefix="download_")
        except BadSpeedSetting as err:
            raise ZoomConfigError(err.field, err.problem) from None

    # ------------------------------------------------------------------ input checks
    def _checked_inputs(self, context: Context | dict[str, Any]) -> dict[str, Any]:
        """Every rendered input, checked, before any call to Zoom."""
        from airflow_provider_zoom._http.dates import run_days, to_date
        from airflow_provider_zoom._http.values import blank_to_none, normalize_types
        from airflow_provider_zoom.transfers._storage import check_filesystem, resolve_dest

        meeting_id = blank_to_none(self.meeting_id)
        user_id = blank_to_none(self.user_id)
        account_id = blank_to_none(self.account_id)
        from_, to = blank_to_none(self.from_), blank_to_none(self.to)
        if meeting_id is not None:
            if user_id is not None or account_id is not None:
                raise ZoomConfigError(
                    "meeting_id", "give meeting_id, user_id or account_id, not several: they pick the source"
                )
            if from_ is not None or to is not None:
                raise ZoomConfigError(
                    "from_", "from_/to select meetings by date; with meeting_id there is nothing to select"
                )
        elif user_id is not None and account_id is not None:
            raise ZoomConfigError("user_id", "give user_id or account_id, not both")
        start = end = None
        if meeting_id is None:
            if from_ is None and to is None:
                start, end = run_days(context)
            elif from_ is None:
                raise ZoomConfigError("from_", f"missing while to={to!r} is given")
            else:
                start = to_date(from_, "from_")
                end = to_date(to, "to") if to is not None else start
            if start > end:
                raise ZoomConfigError("from_", f"{start.isoformat()} is after to={end.isoformat()}")
        delete = blank_to_none(self.delete_after_archive)
        if delete is not None:
            delete = str(delete).strip().lower()
            if delete not in DELETE_ACTIONS:
                raise ZoomConfigError(
                    "delete_after_archive",
                    f"must be None, 'trash' or 'delete', got {self.delete_after_archive!r}",
                )
        template = str(self.path_template or "").strip()
        _check_template(template)
        dest = resolve_dest(self.dest, blank_to_none(self.dest_conn_id))
        check_filesystem(dest)
        return {
            "meeting_id": meeting_id,
            "user_id": user_id,
            "account_id": account_id or "me",
            "from": start,
            "to": end,
            "file_types": normalize_types(self.file_types, "file_types", upper=True),
            "recording_types": normalize_types(self.recording_types, "recording_types", upper=False),
            "delete": delete,
            "template": template,
            "dest": dest,
            "download_token": blank_to_none(self.download_token),
        }

    # ------------------------------------------------------------------ execute
    def execute(self, context: Context) -> list[dict[str, Any]]:
        from airflow.sdk.log import mask_secret

        from airflow_provider_zoom.hooks.zoom import ZoomHook

        inputs = self._checked_inputs(context)
        if inputs["download_token"]:
            mask_secret(inputs["download_token"])
        hook = ZoomHook(zoom_conn_id=self.zoom_conn_id)
        meetings = self._list_meetings(hook, inputs)
        plans = [self._plan(meeting, inputs) for meeting in meetings]
        _check_collisions(plans)
        jobs = [job for plan in plans for job in plan.jobs]
        self.log.info(
            "Archiving %d file(s) of %d meeting(s) to %s with up to %d download(s) at a time.",
            len(jobs),
            len(plans),
            inputs["dest"],
            self.max_active_downloads,
        )
        tokens = _MeetingTokens(hook, self.download_token_ttl)
        results: dict[int, dict[str, Any]] = {}
        manifests = {id(plan): self._read_manifest(plan) for plan in plans}
        job_plan = {id(job): plan for plan in plans for job in plan.jobs}

        def run(job: _FileJob) -> dict[str, Any]:
            previous = manifests[id(job_plan[id(job)])].get(job.file_key)
            try:
                return self._archive_file(hook, job, previous, tokens, inputs["download_token"])
            except Exception as err:
                self.log.error("Could not archive %s: %s", job.url, err)
                return _row(job, STATUS_FAILED, error=f"{type(err).__name__}: {err}")

        with ThreadPoolExecutor(
            max_workers=self.max_active_downloads, thread_name_prefix="zoom-archive"
        ) as pool:
            for job, row in zip(jobs, pool.map(run, jobs), strict=True):
                results[id(job)] = row

        summary: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        for plan in plans:
            rows = [results[id(job)] for job in plan.jobs]
            summary.extend(r for r in rows if r["status"] != STATUS_FAILED)
            summary.extend(plan.not_ready)
            failed.extend(r for r in rows if r["status"] == STATUS_FAILED)
            self._write_manifest(plan, rows, manifests[id(plan)])
        # Deletions come after every manifest is written, and one meeting's failure stops no other.
        delete_errors: list[str] = []
        for plan in plans:
            if not inputs["delete"]:
                break
            try:
                self._delete_in_zoom(hook, plan, [results[id(job)] for job in plan.jobs], inputs["delete"])
            except Exception as err:
                self.log.error("Meeting %s: deleting in Zoom failed: %s", _meeting_label(plan.meeting), err)
                delete_errors.append(f"  meeting {_meeting_label(plan.meeting)}: {err}")
        self._lineage_rows = summary
        self._log_totals(summary, failed)
        if failed:
            lines = "\n".join(f"  {r['path']}: {r.get('error', '')}" for r in failed[:20])
            raise AirflowException(
                f"{len(failed)} of {len(jobs)} recording file(s) could not be archived; nothing was deleted "
                f"in Zoom for their meetings, and no partial file was left at a final path:\n{lines}"
            )
        if delete_errors:
            raise AirflowException(
                "Every file was archived and verified, but deleting in Zoom failed for:\n"
                + "\n".join(delete_errors)
            )
        if self.max_xcom_rows is None or len(summary) <= self.max_xcom_rows:
            return summary
        done = {r["meeting_uuid"] for r in summary if r["status"] in (STATUS_ARCHIVED, STATUS_SKIPPED)}
        manifests = [p.manifest for p in plans if p.manifest is not None and p.meeting.get("uuid") in done]
        return archive_totals([summary], manifests=[storage_url(m) for m in manifests])

    def _list_meetings(self, hook: ZoomHook, inputs: dict[str, Any]) -> list[dict[str, Any]]:
        from airflow_provider_zoom.exceptions import ZoomNotFoundError

        if inputs["meeting_id"] is not None:
            try:
                meeting = hook.get_meeting_recordings(inputs["meeting_id"])
            except ZoomNotFoundError as err:
                self.log.info(
                    "Meeting %s has no cloud recording (Zoom: %s); nothing to archive.",
                    inputs["meeting_id"],
                    err.zoom_message or err.status_code,
                )
                return []
            return [meeting] if meeting else []
        if inputs["user_id"] is not None:
            self.log.info(
                "Listing cloud recordings of user %s from %s to %s.",
                inputs["user_id"],
                inputs["from"],
                inputs["to"],
            )
            return _unique_meetings(hook.list_recordings(inputs["user_id"], inputs["from"], inputs["to"]))
        self.log.info("Listing the account's cloud recordings from %s to %s.", inputs["from"], inputs["to"])
        return _unique_meetings(
            hook.list_account_recordings(inputs["from"], inputs["to"], account_id=inputs["account_id"])
        )

    # ------------------------------------------------------------------ planning
    def _plan(self, meeting: dict[str, Any], inputs: dict[str, Any]) -> _MeetingPlan:
        plan = _MeetingPlan(meeting=meeting)
        label = _meeting_label(meeting)
        files = meeting.get("recording_files") or []
        if not files:
            self.log.info("Meeting %s has no recording files; nothing to archive.", label)
            return plan
        processing = next(
            (str(f["status"]) for f in files if f.get("status") and str(f["status"]).lower() != "completed"),
            None,
        )
        for item in files:
            if not _selected(item, inputs["file_types"], inputs["recording_types"]):
                plan.unselected += 1
                continue
            file_key = file_identity(meeting, item)
            key = render_key(inputs["template"], meeting, item)
            path = inputs["dest"] / key
            # Files Zoom lists without a status (CC, TIMELINE) follow the rest of their recording.
            status = item.get("status") or processing
            if status is not None and str(status).lower() != "completed":
                self.log.info(
                    "Meeting %s: %s file %s is still %s; skipping it (and not deleting this meeting).",
                    label,
                    item.get("file_type"),
                    file_key,
                    status,
                )
                plan.not_ready.append(
                    _row_from(meeting, item, file_key, key, path, STATUS_NOT_READY, reason=str(status))
                )
                continue
            if not item.get("download_url"):
                self.log.info(
                    "Meeting %s: %s file %s has no download_url yet; skipping it.",
                    label,
                    item.get("file_type"),
                    file_key,
                )
                plan.not_ready.append(
                    _row_from(meeting, item, file_key, key, path, STATUS_NOT_READY, reason="no download_url")
                )
                continue
            size = item.get("file_size")
            expected = int(size) if isinstance(size, int | float) and size > 0 else None
            if expected is None:
                self.log.info(
                    "Meeting %s: %s file %s comes without a file_size; it is verified by its sha256 only.",
                    label,
                    item.get("file_type"),
                    file_key,
                )
            plan.jobs.append(_FileJob(meeting, item, file_key, key, path, expected))
        if plan.jobs or plan.not_ready:
            plan.manifest = inputs["dest"] / manifest_key(
                [j.key for j in plan.jobs] or [r["key"] for r in plan.not_ready], meeting
            )
        if plan.unselected:
            self.log.info(
                "Meeting %s: %d file(s) left out by file_types/recording_types.", label, plan.unselected
            )
        return plan

    # ------------------------------------------------------------------ one file
    def _archive_file(
        self,
        hook: ZoomHook,
        job: _FileJob,
        previous: dict[str, Any] | None,
        tokens: _MeetingTokens,
        download_token: str | None,
    ) -> dict[str, Any]:
        from airflow_provider_zoom.transfers._storage import atomic_write, verify_stored

        skipped = self._already_archived(job, previous)
        if skipped is not None:
            return skipped
        uuid = job.meeting.get("uuid") or job.meeting.get("id")
        reporter = _Progress(self.log, storage_url(job.path), job.expected_size, self.progress_interval)
        started = time.monotonic()
        with atomic_write(job.path, block_size=self.upload_block_size) as handle:
            result = hook.download(
                job.file["download_url"],
                handle,
                expected_size=job.expected_size,
                access_token=download_token,
                fallback_access_token=(lambda: tokens.get(uuid)) if uuid else None,
                progress=reporter,
                speed_limit=self.download_speed_limit,
                speed_time=self.download_speed_time,
            )
        verify_stored(job.path, result.bytes_written, result.sha256)
        elapsed = max(time.monotonic() - started, 1e-6)
        self.log.info(
            "Archived %s: %d bytes, sha256 %s, %.1f MB/s%s.",
            job.url,
            result.bytes_written,
            result.sha256,
            result.bytes_written / elapsed / 1e6,
            f", resumed {result.resumed} time(s)" if result.resumed else "",
        )
        return _row(job, STATUS_ARCHIVED, size=result.bytes_written, sha256=result.sha256, verified=True)

    def _already_archived(self, job: _FileJob, previous: dict[str, Any] | None) -> dict[str, Any] | None:
        """The skipped row when the file is at its path already with the right size (and hash)."""
        from airflow_provider_zoom.transfers._storage import object_size, sha256_of

        size = object_size(job.path)
        if size is None:
            return None
        known = previous if previous and previous.get("path") == job.key else None
        if job.expected_size is not None and size != job.expected_size:
            self.log.warning(
                "%s exists with %d bytes but Zoom's file_size is %d; archiving it again.",
                job.url,
                size,
                job.expected_size,
            )
            return None
        if known is not None and known.get("size") != size:
            self.log.warning("%s exists but differs from its manifest entry; archiving it again.", job.url)
            return None
        if job.expected_size is None and known is None:
            # Nothing to compare with (CC, TIMELINE): such files are small, fetch them again.
            return None
        sha = known.get("sha256") if known else None
        if self.verify_existing and sha:
            actual = sha256_of(job.path)
            if actual != sha:
                self.log.warning("%s does not match its manifest's sha256; archiving it again.", job.url)
                return None
        self.log.info(
            "Skipping %s: already archived (%d bytes%s).",
            job.url,
            size,
            ", sha256 checked" if self.verify_existing and sha else "",
        )
        return _row(job, STATUS_SKIPPED, size=size, sha256=sha, verified=True)

    # ------------------------------------------------------------------ manifests
    def _read_manifest(self, plan: _MeetingPlan) -> dict[str, dict[str, Any]]:
        """The previous manifest's entries by file identity ({} when there is none or it is unreadable)."""
        if plan.manifest is None:
            return {}
        try:
            with plan.manifest.fs.open(plan.manifest.path, "rb") as handle:
                data = json.loads(handle.read())
        except FileNotFoundError:
            return {}
        except Exception as err:
            self.log.warning("Ignoring the unreadable manifest %s: %s", plan.manifest, err)
            return {}
        return {e["file_key"]: e for e in data.get("files", []) if isinstance(e, dict) and e.get("file_key")}

    def _write_manifest(
        self, plan: _MeetingPlan, rows: list[dict[str, Any]], previous: dict[str, dict[str, Any]]
    ) -> None:
        from airflow_provider_zoom.transfers._storage import atomic_write

        done = [r for r in rows if r["status"] in (STATUS_ARCHIVED, STATUS_SKIPPED)]
        if plan.manifest is None or not done:
            return
        entries = dict(previous)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        for row in done:
            old = entries.get(row["file_key"], {})
            entries[row["file_key"]] = {
                "file_key": row["file_key"],
                "file_id": row["file_id"],
                "file_type": row["file_type"],
                "recording_type": row["recording_type"],
                "recording_start": row["recording_start"],
                "recording_end": row["recording_end"],
                "path": row["key"],
                "url": row["path"],
                "size": row["bytes"],
                "sha256": row["sha256"] or old.get("sha256"),
                "archived_at": old.get("archived_at") if row["status"] == STATUS_SKIPPED and old else now,
            }
        meeting = plan.meeting
        document = {
            "meeting_uuid": meeting.get("uuid"),
            "meeting_id": meeting.get("id"),
            "topic": meeting.get("topic"),
            "host_id": meeting.get("host_id"),
            "host_email": meeting.get("host_email"),
            "start_time": meeting.get("start_time"),
            "updated_at": now,
            "files": sorted(entries.values(), key=lambda e: e["path"]),
        }
        with atomic_write(plan.manifest) as handle:
            handle.write(json.dumps(document, indent=2, sort_keys=True).encode())

    # ------------------------------------------------------------------ lineage
    def get_openlineage_facets_on_complete(self, task_instance: Any) -> Any:
        """Lineage for the OpenLineage provider: each meeting's recordings in, each archived file out."""
        from airflow_provider_zoom.transfers._lineage import recordings_lineage

        return recordings_lineage(getattr(self, "_lineage_rows", None) or [], self.zoom_conn_id)

    # ------------------------------------------------------------------ delete after archive
    def _delete_in_zoom(
        self, hook: ZoomHook, plan: _MeetingPlan, rows: list[dict[str, Any]], action: str
    ) -> None:
        label = _meeting_label(plan.meeting)
        if not plan.jobs:
            return
        if any(r["status"] not in (STATUS_ARCHIVED, STATUS_SKIPPED) or not r.get("verified") for r in rows):
            self.log.warning(
                "Meeting %s: not deleting anything in Zoom, some file(s) were not archived and verified.",
                label,
            )
            return
        if plan.not_ready:
            self.log.info(
                "Meeting %s: not deleting anything in Zoom, some file(s) are still processing.", label
            )
            return
        meeting_ref = plan.meeting.get("uuid") or plan.meeting.get("id")
        if plan.unselected == 0:
            hook.delete_meeting_recordings(meeting_ref, action=action)
            self.log.info(
                "Meeting %s: %s all %d recording file(s) in Zoom after verifying the archive (%s).",
                label,
                "trashed" if action == "trash" else "deleted",
                len(rows),
                ", ".join(str(r["path"]) for r in rows),
            )
            return
        for row in rows:
            if not row["file_id"]:
                continue  # files without an id cannot be removed one by one; they stay in Zoom
            hook.delete_recording_file(meeting_ref, row["file_id"], action=action)
            self.log.info(
                "Meeting %s: %s file %s (archived at %s).", label, action, row["file_id"], row["path"]
            )

    def _log_totals(self, summary: list[dict[str, Any]], failed: list[dict[str, Any]]) -> None:
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


# ---------------------------------------------------------------------- helpers (pure, tested alone)
def archive_totals(
    results: Iterable[Sequence[dict[str, Any]] | dict[str, Any] | None], manifests: Iterable[str] = ()
) -> dict[str, Any]:
    """
    Totals of archive results: each item is a task's per-file rows or totals returned before.

    :param results: the return values of archive tasks (e.g. the mapped tasks' output).
    :param manifests: manifest paths to list besides those of totals in ``results``.
    :return: ``{"files", "archived", "skipped", "not_ready", "bytes", "manifests"}``: ``files`` counts
        the archived and already archived files, ``bytes`` their size, ``manifests`` the manifest paths.
    """
    totals: dict[str, Any] = {"files": 0, "archived": 0, "skipped": 0, "not_ready": 0, "bytes": 0}
    paths: list[str] = []
    for result in results:
        if isinstance(result, dict):
            for name in totals:
                totals[name] += int(result.get(name) or 0)
            paths.extend(result.get("manifests") or [])
            continue
        for row in result or []:
            status = row.get("status")
            if status in (STATUS_ARCHIVED, STATUS_SKIPPED):
                totals["files"] += 1
                totals[status] += 1
                totals["bytes"] += int(row.get("bytes") or 0)
            elif status == STATUS_NOT_READY:
                totals["not_ready"] += 1
    paths.extend(manifests)
    totals["manifests"] = sorted(set(paths))
    return totals


def file_identity(meeting: dict[str, Any], item: dict[str, Any]) -> str:
    """
    A stable identity for a recording file: its ``id``, or for files Zoom sends without one
    (CC, TIMELINE) the file type plus a hash of the meeting UUID, recording start/end and extension.
    """
    if item.get("id"):
        return str(item["id"])
    basis = "|".join(
        str(v or "")
        for v in (
            meeting.get("uuid") or meeting.get("id"),
            item.get("file_type"),
            item.get("recording_start"),
            item.get("recording_end"),
            item.get("file_extension"),
        )
    )
    return f"{str(item.get('file_type') or 'file').lower()}-{hashlib.sha256(basis.encode()).hexdigest()[:16]}"


def path_values(meeting: dict[str, Any], item: dict[str, Any]) -> dict[str, str]:
    """The raw values ``path_template`` can use for one file (see :data:`PATH_FIELDS`)."""
    start_time = str(meeting.get("start_time") or item.get("recording_start") or "")
    start_date = start_time[:10] if len(start_time) >= 10 else "unknown-date"
    file_type = str(item.get("file_type") or "FILE").upper()
    ext = str(item.get("file_extension") or _EXTENSIONS.get(file_type, "bin")).lower()
    uuid = str(meeting.get("uuid") or "")
    return {
        "host_email": str(meeting.get("host_email") or meeting.get("host_id") or "unknown-host"),
        "host_id": str(meeting.get("host_id") or "unknown-host"),
        "account_id": str(meeting.get("account_id") or ""),
        "topic": str(meeting.get("topic") or "untitled"),
        "meeting_id": str(meeting.get("id") or meeting.get("meeting_id") or item.get("meeting_id") or ""),
        # Zoom UUIDs are base64: the URL-safe alphabet keeps them distinct and path-safe.
        "meeting_uuid": uuid.replace("+", "-").replace("/", "_"),
        "start_time": _compact_time(start_time),
        "start_date": start_date,
        "year": start_date[:4],
        "month": start_date[5:7],
        "day": start_date[8:10],
        "recording_start": _compact_time(str(item.get("recording_start") or start_time)),
        "recording_end": _compact_time(str(item.get("recording_end") or "")),
        "recording_type": str(item.get("recording_type") or file_type.lower()),
        "file_id": file_identity(meeting, item),
        "file_type": file_type,
        "ext": ext,
    }


def render_key(template: str, meeting: dict[str, Any], item: dict[str, Any]) -> str:
    """The object key (relative to ``dest``) of one file, safe on every store."""
    from airflow_provider_zoom.transfers._storage import safe_key, safe_segment

    values = {name: safe_segment(value) for name, value in path_values(meeting, item).items()}
    return safe_key(template.format(**values))


def manifest_key(keys: Iterable[str], meeting: dict[str, Any]) -> str:
    """The manifest's key: in the folder the meeting's files share, named after the meeting UUID."""
    from airflow_provider_zoom.transfers._storage import safe_segment

    folders = [posixpath.dirname(k) for k in keys]
    folder = posixpath.commonpath(folders) if folders and all(folders) else ""
    uuid = str(meeting.get("uuid") or meeting.get("id") or "meeting").replace("+", "-").replace("/", "_")
    name = f"{MANIFEST_PREFIX}{safe_segment(uuid)}.json"
    return f"{folder}/{name}" if folder else name


def _check_template(template: str) -> None:
    if not template:
        raise ZoomConfigError("path_template", "must not be empty")
    try:
        names = [name for _, name, spec, conv in string.Formatter().parse(template) if name is not None]
    except ValueError as err:
        raise ZoomConfigError("path_template", f"is not a valid format string: {err}") from None
    unknown = sorted({n for n in names if n not in PATH_FIELDS})
    if unknown:
        raise ZoomConfigError(
            "path_template", f"unknown field(s) {', '.join(unknown)}; use {', '.join(PATH_FIELDS)}"
        )
    if template.startswith("/") or ".." in template.split("/"):
        raise ZoomConfigError("path_template", "must be relative to dest (no leading / and no ..)")
    if not names:
        raise ZoomConfigError("path_template", "must use at least one field, e.g. {file_id}")


def _unique_meetings(meetings: list[dict[str, Any]]) -> list[dict[str, Any]]:
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


def _check_collisions(plans: list[_MeetingPlan]) -> None:
    seen: dict[str, str] = {}
    for plan in plans:
        for job in plan.jobs:
            other = seen.setdefault(job.key, job.file_key)
            if other != job.file_key:
                raise ZoomConfigError(
                    "path_template",
                    f"gives two files the same name {job.key!r}; add {{file_id}} (or {{meeting_uuid}}) to it",
                )


def _selected(
    item: dict[str, Any], file_types: frozenset[str] | None, recording_types: frozenset[str] | None
) -> bool:
    if file_types is not None and str(item.get("file_type") or "").upper() not in file_types:
        return False
    rtype = item.get("recording_type")
    return recording_types is None or not rtype or str(rtype) in recording_types


def _compact_time(value: str) -> str:
    """``2024-01-02T10:00:00Z`` -> ``20240102T100000Z``: sortable and free of ``:``."""
    return value.replace("-", "").replace(":", "") if value else ""


def _meeting_label(meeting: dict[str, Any]) -> str:
    return f"{meeting.get('id', '?')} ({meeting.get('uuid', '?')})"


def _row_from(
    meeting: dict[str, Any],
    item: dict[str, Any],
    file_key: str,
    key: str,
    path: Any,
    status: str,
    *,
    size: int | None = None,
    sha256: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    dest = storage_url(path)
    return {
        "meeting_uuid": meeting.get("uuid"),
        "meeting_id": meeting.get("id"),
        "file_id": item.get("id"),
        "file_key": file_key,
        "file_type": item.get("file_type"),
        "recording_type": item.get("recording_type"),
        "recording_start": item.get("recording_start"),
        "recording_end": item.get("recording_end"),
        "key": key,
        "path": dest,
        "bytes": size,
        "sha256": sha256,
        "status": status,
        **extra,
    }


def _row(
    job: _FileJob, status: str, *, size: int | None = None, sha256: str | None = None, **extra: Any
) -> dict[str, Any]:
    return _row_from(
        job.meeting, job.file, job.file_key, job.key, job.path, status, size=size, sha256=sha256, **extra
    )


class _MeetingTokens:
    """Fetch each meeting's ``download_access_token`` once, on the first download Zoom refuses."""

    def __init__(self, hook: ZoomHook, ttl: int) -> None:
        self._hook = hook
        self._ttl = int(ttl)
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, meeting_ref: str) -> str:
        with self._lock:
            token = self._tokens.get(meeting_ref)
            if token is None:
                reply = self._hook.get_meeting_recordings(
                    meeting_ref, include_fields="download_access_token", ttl=self._ttl
                )
                token = reply.get("download_access_token")
                if not token:
                    raise AirflowException(
                        "Zoom refused the OAuth token for a download and returned no download_access_token "
                        "(the app needs the cloud_recording:read:recording scope with token access)."
                    )
                from airflow.sdk.log import mask_secret

                mask_secret(token)
                self._tokens[meeting_ref] = token
            return token


class _Progress:
    """Log bytes, percent and MB/s of a long download every ``interval`` seconds."""

    def __init__(self, log: Any, label: str, expected: int | None, interval: float) -> None:
        self._log = log
        self._label = label
        self._expected = expected
        self._interval = interval
        self._started = time.monotonic()
        self._next = self._started + interval

    def __call__(self, written: int, expected: int | None) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self._interval
        total = expected or self._expected
        rate = written / max(now - self._started, 1e-6) / 1e6
        if total:
            self._log.info(
                "Downloading %s: %.1f of %.1f MiB (%.0f%%), %.1f MB/s.",
                self._label,
                written / 2**20,
                total / 2**20,
                100.0 * written / total,
                rate,
            )
        else:
            self._log.info("Downloading %s: %.1f MiB, %.1f MB/s.", self._label, written / 2**20, rate)


__all__ = [
    "DEFAULT_PATH_TEMPLATE",
    "PATH_FIELDS",
    "ZoomRecordingsToObjectStorageOperator",
    "archive_totals",
    "file_identity",
    "manifest_key",
    "path_values",
    "render_key",
]
