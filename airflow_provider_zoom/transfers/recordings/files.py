"""Archiving one file: skip it when already there, else stream it to its final path and verify it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.log import Log
from airflow_provider_zoom._storage.objects import atomic_write, object_size, sha256_of, verify_stored
from airflow_provider_zoom.exceptions import ZoomAuthError
from airflow_provider_zoom.transfers.recordings.naming import meeting_ref
from airflow_provider_zoom.transfers.recordings.provenance import (
    SourceRecord,
    claim,
    drop_claim,
    name_taken,
    read_record,
    write_record,
)
from airflow_provider_zoom.transfers.recordings.results import (
    STATUS_ARCHIVED,
    STATUS_FAILED,
    STATUS_SKIPPED,
    FileRow,
)
from airflow_provider_zoom.version_compat import AirflowException

if TYPE_CHECKING:
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.transfers.recordings.manifest import ManifestEntry
    from airflow_provider_zoom.transfers.recordings.plan import RecordingFile


@dataclass(frozen=True)
class TransferSettings:
    """
    How each file is copied.

    :param download_token: a webhook event's ``download_token``, used instead of the OAuth token.
    :param download_token_ttl: lifetime (seconds) of a meeting download token fetched on demand.
    :param verify_existing: re-hash files already archived before skipping them.
    :param progress_interval: seconds between progress lines of a long download.
    :param upload_block_size: bytes per multipart part on S3/GCS.
    :param speed_limit: low-speed limit of a download, bytes per second (0: off).
    :param speed_time: seconds a download may stay below ``speed_limit``.
    """

    download_token: str | None
    download_token_ttl: int
    verify_existing: bool
    progress_interval: float
    upload_block_size: int
    speed_limit: float
    speed_time: float


class FileArchiver:
    """
    Archive files one by one (safe to call from several threads at once).

    An object already at a file's name is skipped only when the store records that it holds that
    very file (S3 user metadata, or the hidden ``.<name>.zoom.json`` elsewhere; the meeting's own
    manifest for copies written before such records), with the right size. An object that holds
    another recording is never overwritten: that file fails, naming both and the template.

    :param hook: the Zoom hook.
    :param settings: how each file is copied.
    :param log: where to report.
    :param template: the ``path_template``, named when two recordings get one name.
    :param fallback: the token to retry a download with, given the meeting's reference, when Zoom
        refuses the OAuth token for it; None: such a download fails (the source's files have no other).
    :param refused: what the failure of a download Zoom refused says, when there is no ``fallback``.
    """

    def __init__(
        self,
        hook: ZoomHook,
        settings: TransferSettings,
        log: Log,
        template: str = "",
        fallback: Callable[[str], str] | None = None,
        refused: str | None = None,
    ) -> None:
        self._hook = hook
        self._settings = settings
        self._log = log
        self._template = template
        self._fallback = fallback
        self._refused = refused

    def archive(self, file: RecordingFile, previous: ManifestEntry | None) -> FileRow:
        """
        The file's outcome: skipped, archived, or failed (never raised: other files go on).

        :param file: the file and where it goes.
        :param previous: its entry in the meeting's manifest before this run, if any.
        """
        try:
            known = previous if previous is not None and previous.path == file.key else None
            size = object_size(file.path)
            if size is None:
                return self._copy(file, exclusive=True)
            held = read_record(file.path)
            if held is not None and held.file_key != file.file_key:
                raise name_taken(file, held, self._template)
            if held is None and known is None:
                # Bytes nothing vouches for: written only if none are there, kept if they are these.
                return self._copy(file, exclusive=True)
            return self._already_archived(file, size, held, known) or self._copy(file, exclusive=False)
        except Exception as err:
            self._log.error("Could not archive %s: %s", file.url, err)
            return FileRow(file, STATUS_FAILED, error=f"{type(err).__name__}: {err}")

    def _copy(self, file: RecordingFile, *, exclusive: bool) -> FileRow:
        settings = self._settings
        ref = meeting_ref(file.meeting)
        reporter = Progress(self._log, file.url, file.expected_size, settings.progress_interval)
        started = time.monotonic()
        result: Any = None
        claimed = exclusive and claim(file, self._template)
        try:
            with atomic_write(
                file.path,
                block_size=settings.upload_block_size,
                metadata=SourceRecord.of(file).metadata(),
                exclusive=exclusive,
                write_behind=True,
            ) as handle:
                result = self._hook.download(
                    file.item["download_url"],
                    handle,
                    expected_size=file.expected_size,
                    access_token=settings.download_token,
                    fallback_access_token=self._fallback_for(ref),
                    progress=reporter,
                    speed_limit=settings.speed_limit,
                    speed_time=settings.speed_time,
                )
        except FileExistsError:
            if result is None:
                raise
            return self._taken_meanwhile(file, result.bytes_written, result.sha256, claimed)
        except BaseException as err:
            if claimed:
                drop_claim(file.path)
            if isinstance(err, ZoomAuthError) and err.status_code == 401 and self._refused:
                raise replace_hint(err, self._refused) from None
            raise
        verify_stored(file.path, result.bytes_written, result.sha256)
        write_record(file.path, SourceRecord.of(file, result.bytes_written, result.sha256))
        elapsed = max(time.monotonic() - started, 1e-6)
        self._log.info(
            "Archived %s: %d bytes, sha256 %s, %.1f MB/s%s.",
            file.url,
            result.bytes_written,
            result.sha256,
            result.bytes_written / elapsed / 1e6,
            f", resumed {result.resumed} time(s)" if result.resumed else "",
        )
        return FileRow(file, STATUS_ARCHIVED, size=result.bytes_written, sha256=result.sha256, verified=True)

    def _fallback_for(self, ref: str | None) -> Callable[[], str] | None:
        fallback = self._fallback
        if fallback is None or not ref:
            return None
        return lambda: fallback(ref)

    def _taken_meanwhile(self, file: RecordingFile, size: int, sha256: str, claimed: bool) -> FileRow:
        """
        An object took the name while this file was downloaded (or was there with nothing recorded):
        it counts as this file only when it is recorded as this file or holds exactly its bytes.
        """
        held = read_record(file.path)
        if held is not None and held.file_key != file.file_key:
            raise name_taken(file, held, self._template)
        if object_size(file.path) != size or sha256_of(file.path) != sha256:
            if claimed:
                drop_claim(file.path)
                held = None
            raise name_taken(file, held, self._template)
        write_record(file.path, SourceRecord.of(file, size, sha256))
        self._log.info("%s already holds exactly these bytes (sha256 %s); keeping it.", file.url, sha256)
        return FileRow(file, STATUS_ARCHIVED, size=size, sha256=sha256, verified=True)

    def _already_archived(
        self, file: RecordingFile, size: int, held: SourceRecord | None, known: ManifestEntry | None
    ) -> FileRow | None:
        """The skipped row when the object is recorded as this file, with the right size (and hash)."""
        if file.expected_size is not None and size != file.expected_size:
            self._log.warning(
                "%s exists with %d bytes but Zoom's file_size is %d; archiving it again.",
                file.url,
                size,
                file.expected_size,
            )
            return None
        recorded = [r for r in (held, known) if r is not None and r.size is not None]
        if any(r.size != size for r in recorded):
            self._log.warning("%s exists but differs from its record; archiving it again.", file.url)
            return None
        if file.expected_size is None and not recorded:
            # Nothing to compare with (CC, TIMELINE): such files are small, fetch them again.
            return None
        sha = next((r.sha256 for r in (held, known) if r is not None and r.sha256), None)
        checked = bool(self._settings.verify_existing and sha)
        if checked and sha256_of(file.path) != sha:
            self._log.warning("%s does not match its recorded sha256; archiving it again.", file.url)
            return None
        self._log.info(
            "Skipping %s: already archived (%d bytes%s).",
            file.url,
            size,
            ", sha256 checked" if checked else "",
        )
        return FileRow(file, STATUS_SKIPPED, size=size, sha256=sha, verified=True)


def replace_hint(err: ZoomAuthError, hint: str) -> ZoomAuthError:
    """``err`` saying ``hint`` instead of its own advice."""
    return ZoomAuthError(
        status_code=err.status_code,
        code=err.code,
        zoom_message=err.zoom_message,
        method=err.method,
        path=err.path,
        errors=err.errors,
        hint=hint,
        missing_scopes=err.missing_scopes,
    )


class MeetingTokens:
    """
    Fetch each meeting's ``download_access_token`` once, on the first download Zoom refuses.

    :param hook: the Zoom hook.
    :param ttl: the token's lifetime in seconds.
    """

    def __init__(self, hook: ZoomHook, ttl: int) -> None:
        self._hook = hook
        self._ttl = int(ttl)
        self._tokens: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, meeting_ref: str) -> str:
        """The meeting's download token (fetched on the first call, masked in logs)."""
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


class Progress:
    """
    Log bytes, percent and MB/s of a long download every ``interval`` seconds.

    :param log: where to log.
    :param label: the file's name in the lines.
    :param expected: its expected size, when known.
    :param interval: seconds between lines.
    """

    def __init__(self, log: Log, label: str, expected: int | None, interval: float) -> None:
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
