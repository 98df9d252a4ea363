"""Object storage helpers shared by the transfers: destination parsing, safe names, atomic writes."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import re
import secrets
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, cast

from airflow_provider_zoom._storage.azure import is_azure
from airflow_provider_zoom._storage.azure import move as azure_move
from airflow_provider_zoom._storage.gcs import GCS_PROTOCOLS, GcsWriter, is_gcs, md5_differs
from airflow_provider_zoom.exceptions import ZoomConfigError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: temporary files are not locked
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from airflow.sdk import ObjectStoragePath

log = logging.getLogger(__name__)

#: Stores whose writers upload on ``close()`` and can throw an unfinished upload away with
#: ``discard()``: nothing is visible at the key until the upload completes, so writing there
#: directly is atomic. Every other store writes to a temporary name and moves it into place.
DISCARDING_PROTOCOLS = frozenset({"s3", "s3a", "s3n", "gs", "gcs"})
LOCAL_PROTOCOLS = frozenset({"file", "local"})
_S3_PROTOCOLS = frozenset({"s3", "s3a", "s3n"})
#: Stores whose writers can create an object only where none is, in the store (S3's and GCS's
#: conditional writes).
_CONDITIONAL_CREATE = _S3_PROTOCOLS | GCS_PROTOCOLS
PARTIAL_SUFFIX = ".partial"
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")

# Characters some backend refuses or treats specially (Windows/Azure, S3 "avoid" list, URL syntax).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*#%{}^~`\[\]]+")
_SPACES = re.compile(r"\s+")
_UNDERSCORES = re.compile(r"__+")
MAX_SEGMENT = 80
#: Most UTF-8 bytes of one value in a name: 80 four-byte characters would not fit a local name.
MAX_SEGMENT_BYTES = 120
#: Most UTF-8 bytes of one path segment. Local file systems allow 255 per name; the rest is room
#: for what is added to a name while writing it: the temporary ``.<name>.<8 hex>.partial`` (18
#: bytes) and the hidden source record ``.<name>.zoom.json`` with its own temporary name (29 bytes).
MAX_NAME_BYTES = 200
MAX_KEY = 900  # S3 and GCS keys are limited to 1024 bytes; leave room for a prefix
_DIGEST = 10  # hex digits of the hash that keeps a shortened name distinct


def resolve_dest(dest: Any, conn_id: str | None, field: str = "dest") -> ObjectStoragePath:
    """
    An :class:`~airflow.sdk.ObjectStoragePath` for ``dest`` (a URL string or a path).

    :raises ZoomConfigError: naming ``field`` when ``dest`` is empty, not a URL, or of a scheme no
        installed filesystem handles.
    """
    from airflow.sdk import ObjectStoragePath

    if isinstance(dest, ObjectStoragePath):
        if conn_id and not dest.conn_id:
            return ObjectStoragePath(str(dest), conn_id=conn_id)
        return dest
    if not isinstance(dest, str) or not dest.strip():
        raise ZoomConfigError(
            field, f"must be a URL such as s3://bucket/prefix/ or file:///data/, got {dest!r}"
        )
    text = dest.strip()
    if not _URL.match(text):
        raise ZoomConfigError(
            field, f"must be a URL with a scheme (s3://, gs://, abfs://, file://), got {text!r}"
        )
    try:
        path = ObjectStoragePath(text, conn_id=conn_id or None)
    except (ValueError, ImportError) as err:
        raise ZoomConfigError(field, f"cannot open {text!r}: {err}") from None
    return path


def storage_url(path: Any) -> str:
    """``protocol://bucket/key`` of a path, without the connection id ObjectStoragePath shows."""
    protocol = getattr(path, "protocol", "")
    inner = getattr(path, "path", None)
    if not protocol or inner is None:
        return str(path)
    return f"{protocol}://{inner}" if protocol not in LOCAL_PROTOCOLS else f"file://{inner}"


def check_filesystem(path: ObjectStoragePath, field: str = "dest") -> Any:
    """The path's fsspec filesystem; :class:`ZoomConfigError` when its backend is not installed."""
    try:
        return path.fs
    except (ValueError, ImportError) as err:
        raise ZoomConfigError(
            field,
            f"no filesystem for {path.protocol}:// ({err}); install the provider that brings it "
            "(s3: apache-airflow-providers-amazon[s3fs], gs: apache-airflow-providers-google, "
            "abfs: apache-airflow-providers-microsoft-azure)",
        ) from None


def safe_segment(
    value: Any, *, max_len: int = MAX_SEGMENT, max_bytes: int = MAX_SEGMENT_BYTES, default: str = "_"
) -> str:
    """
    Make one value safe as (part of) a path segment on every backend, stably.

    Control characters, ``/`` and characters that some store or URL refuses become ``_``;
    whitespace becomes ``_``; leading dots and trailing dots/spaces go (no ``..`` segments).
    A value longer than ``max_len`` characters or ``max_bytes`` UTF-8 bytes keeps its start (cut at
    a character boundary) plus a short hash of the whole, so two long values that share a start
    still get different names, and the same value always the same name.
    """
    text = unicodedata.normalize("NFC", "" if value is None else str(value))
    text = _UNSAFE.sub("_", text)
    text = _UNDERSCORES.sub("_", _SPACES.sub("_", text)).strip("_ ").lstrip(".").rstrip(". ")
    if not text:
        return default
    if len(text) > max_len or _utf8_len(text) > max_bytes:
        digest = hashlib.sha256(str(value).encode("utf-8", "surrogatepass")).hexdigest()[:_DIGEST]
        head = cut_utf8(text[: max_len - _DIGEST - 1], max_bytes - _DIGEST - 1).rstrip(". ")
        text = head + "-" + digest
    return text


def cut_utf8(text: str, max_bytes: int) -> str:
    """The longest start of ``text`` that is at most ``max_bytes`` in UTF-8, cut between characters."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data) <= max_bytes:
        return text
    # Dropping the bytes of a character cut in two leaves whole characters only.
    return data[:max_bytes].decode("utf-8", "ignore")


def _utf8_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _cap_name(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """One path segment within ``max_bytes``: its start, a hash of the whole, and its extension kept."""
    if _utf8_len(name) <= max_bytes:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:_DIGEST]
    stem, dot, ext = name.rpartition(".")
    suffix = "." + ext if dot and stem and _utf8_len(ext) <= 16 else ""
    stem = name[: len(name) - len(suffix)]
    head = cut_utf8(stem, max_bytes - _DIGEST - 1 - _utf8_len(suffix)).rstrip(". ")
    return f"{head}-{digest}{suffix}"


def safe_key(key: str) -> str:
    """Join path segments back, dropping empty ones; cap each segment's and the key's bytes stably."""
    parts = [_cap_name(p) for p in key.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    joined = "/".join(parts)
    if _utf8_len(joined) > MAX_KEY:
        digest = hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        head, _, name = joined.rpartition("/")
        stem, dot, ext = name.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        budget = MAX_KEY - len(digest) - _utf8_len(ext) - 3
        joined = (
            cut_utf8(head + "/" + (stem or name), budget).rstrip("/. ")
            + "-"
            + digest
            + ("." + ext if ext else "")
        )
    return joined


def object_info(path: ObjectStoragePath) -> dict[str, Any] | None:
    """The store's own answer for ``path`` (a HEAD on object stores, never a cached listing)."""
    fs = path.fs
    try:
        fs.invalidate_cache(path.path)
    except Exception:  # pragma: no cover - every fsspec filesystem has it; a cache is only an optimisation
        pass
    try:
        # refresh: adlfs otherwise answers from a listing of the folder another writer cached.
        info = fs.info(path.path, refresh=True)
    except (FileNotFoundError, OSError):
        return None
    if info.get("type") not in (None, "file"):
        return None
    return info


def object_size(path: ObjectStoragePath) -> int | None:
    """Size of the object at ``path``, or None when there is none (or it is a directory)."""
    info = object_info(path)
    size = info.get("size") if info else None
    return int(size) if size is not None else None


class NotVerified(OSError):
    """The object at a final path is missing or differs from what was written."""


def verify_stored(path: ObjectStoragePath, size: int, sha256: str | None = None) -> None:
    """
    Confirm the object at ``path`` landed whole: it exists with ``size`` bytes, and where the store
    keeps a full-object SHA-256 (S3 ``ChecksumSHA256``), that it matches ``sha256``.

    :raises NotVerified: saying what differs.
    """
    info = object_info(path)
    if info is None:
        raise NotVerified(f"{storage_url(path)} is not there after writing it")
    stored = info.get("size")
    if stored is None or int(stored) != size:
        raise NotVerified(f"{storage_url(path)} holds {stored} bytes after writing {size}")
    checksum = info.get("ChecksumSHA256")
    if sha256 and isinstance(checksum, str) and "-" not in checksum:
        # A full-object checksum (multipart uploads get a composite one, marked "-N", not comparable).
        import base64

        if base64.b64decode(checksum).hex() != sha256:
            raise NotVerified(f"{storage_url(path)}: the store's SHA-256 differs from the bytes sent")


def sha256_of(path: ObjectStoragePath, chunk_size: int = 1 << 20) -> str:
    """Read an object back and hash it (for ``verify_existing``)."""
    digest = hashlib.sha256()
    with path.fs.open(path.path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def uses_discard(path: ObjectStoragePath) -> bool:
    """Whether writes to ``path`` go straight to the final key (see :data:`DISCARDING_PROTOCOLS`)."""
    return path.protocol in DISCARDING_PROTOCOLS


def temp_path_for(path: ObjectStoragePath) -> ObjectStoragePath:
    """
    A sibling name for an in-progress write: ``.<name>.<random>.partial``. Hidden on local disks and
    ignored by the skip logic; unique, so two writers never share one, yet found again from the
    final name by :func:`remove_leftovers`.
    """
    return path.parent / f".{path.name}.{secrets.token_hex(4)}{PARTIAL_SUFFIX}"


def is_leftover_of(name: str, final_name: str) -> bool:
    """Whether ``name`` is a temporary sibling :func:`temp_path_for` gives ``final_name``."""
    prefix = f".{final_name}."
    return (
        name.startswith(prefix)
        and name.endswith(PARTIAL_SUFFIX)
        and len(name) > len(prefix) + len(PARTIAL_SUFFIX)
    )


def remove_leftovers(path: ObjectStoragePath) -> int:
    """
    Delete the temporary siblings an earlier, killed attempt left for ``path``; return how many.

    A process killed with SIGKILL (or a power cut) runs no cleanup, so the next write of the same
    file does it. On a local disk a writer holds a lock on its temporary file (released by the
    system when the process dies), so one still writing keeps it; elsewhere a concurrent writer
    whose temporary name goes this way fails its final move cleanly and never leaves a wrong file.
    """
    fs = path.fs
    try:
        names = fs.ls(path.parent.path, detail=False)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    local = path.protocol in LOCAL_PROTOCOLS
    for full in names:
        name = str(full).rstrip("/").rsplit("/", 1)[-1]
        if is_leftover_of(name, path.name):
            leftover = path.parent / name
            if local and not _remove_unless_in_use(leftover.path):
                continue
            if not local:
                _remove_quietly(leftover)
            removed += 1
    if removed:
        log.info("Removed %d unfinished temporary file(s) an earlier attempt left for %s.", removed, path)
    return removed


def keeps_metadata(path: ObjectStoragePath) -> bool:
    """Whether the store keeps user metadata with an object, written with it (S3)."""
    return path.protocol in _S3_PROTOCOLS


def object_metadata(path: ObjectStoragePath) -> dict[str, str] | None:
    """The user metadata of the object at ``path`` (S3), asked of the store; None where there is none."""
    if not keeps_metadata(path):
        return None
    try:
        return dict(path.fs.metadata(path.path, refresh=True) or {})
    except (FileNotFoundError, OSError):
        return None


@contextmanager
def atomic_write(
    path: ObjectStoragePath,
    *,
    block_size: int | None = None,
    metadata: dict[str, str] | None = None,
    exclusive: bool = False,
    write_behind: bool = False,
) -> Iterator[IO[bytes]]:
    """
    Open ``path`` for binary writing so that it only ever appears complete.

    On object stores that upload on close (S3, GCS) the writer goes to the final key and, on an
    exception, is discarded instead of closed, because closing would commit the partial bytes;
    when the completion itself fails, the multipart upload is aborted too, so none stays open; on
    S3, unfinished uploads of the key a killed earlier attempt left are aborted first. On GCS the
    MD5 GCS computed of the completed object is compared with one of the bytes written; an object
    that differs is deleted again and :class:`NotVerified` raised.
    Elsewhere (local disk, Azure, memory) the bytes go to a temporary sibling that is moved over
    the final path after a clean close (on Azure a server-side copy, conditional when exclusive)
    and deleted on failure; temporary siblings a killed earlier attempt left are removed first.
    On local disk the file is fsynced before the move and its directory after it, so a power cut
    cannot lose a file that was reported written.

    :param block_size: bytes per multipart part (per block) of the store's writer.
    :param metadata: user metadata stored with the object where the store keeps it (S3); ignored elsewhere.
    :param exclusive: never replace an object that is there: :class:`FileExistsError` instead (S3's
        and GCS's conditional writes, a hard link on local disk, Azure's conditional copy, a check just before
        the move elsewhere).
    :param write_behind: on S3 and GCS, give a :class:`WriteBehind` (``write`` only; it is not
        seekable), so the caller goes on while a part uploads.
    """
    kwargs: dict[str, Any] = {"block_size": block_size} if block_size else {}
    if metadata and keeps_metadata(path):
        kwargs["Metadata"] = dict(metadata)
    if uses_discard(path):
        with _write_in_place(path, kwargs, exclusive, write_behind) as handle:
            yield handle
    else:
        with _write_and_move(path, kwargs, exclusive) as handle:
            yield handle


@contextmanager
def _write_in_place(
    path: ObjectStoragePath, kwargs: dict[str, Any], exclusive: bool, write_behind: bool
) -> Iterator[IO[bytes]]:
    """:func:`atomic_write` to a store whose writer uploads on close and can discard (S3, GCS)."""
    abort_stale_uploads(path)
    mode = "xb" if exclusive and path.protocol in _CONDITIONAL_CREATE else "wb"
    if is_gcs(path.protocol):
        handle: Any = GcsWriter(path.fs, path.path, mode, kwargs.get("block_size"))
    else:
        handle = path.fs.open(path.path, mode, **kwargs)
    if not hasattr(handle, "discard"):  # pragma: no cover - every DISCARDING_PROTOCOLS writer has it
        handle.close()
        raise RuntimeError(f"{type(handle).__name__} cannot discard an unfinished upload")
    behind = (
        WriteBehind(handle, depth=_write_behind_depth(kwargs.get("block_size"))) if write_behind else None
    )
    try:
        yield handle if behind is None else cast("IO[bytes]", behind)
        if behind is not None:
            behind.finish()
    except BaseException:
        if behind is not None:
            behind.abandon()
        _discard(handle)
        raise
    # Asked on GCS too: a resumable upload's create-only condition is honoured by GCS, not by
    # every emulator (one-request uploads' is).
    if exclusive and (mode == "wb" or is_gcs(path.protocol)) and object_info(path) is not None:
        _discard(handle)
        raise FileExistsError(f"{storage_url(path)} appeared while it was being written")
    try:
        handle.close()
    except BaseException:
        # A failed completion (CompleteMultipartUpload) leaves the upload open, invisible and billed.
        _discard(handle)
        raise
    if isinstance(handle, GcsWriter) and md5_differs(object_info(path), handle):
        # The upload completed, so the object is there, holding other bytes than were written.
        _remove_quietly(path)
        raise NotVerified(f"{storage_url(path)}: the store's MD5 differs from the bytes sent")


@contextmanager
def _write_and_move(path: ObjectStoragePath, kwargs: dict[str, Any], exclusive: bool) -> Iterator[IO[bytes]]:
    """:func:`atomic_write` through a temporary sibling moved into place (local disk, Azure, memory)."""
    fs = path.fs
    local = path.protocol in LOCAL_PROTOCOLS
    if local:
        fs.makedirs(path.parent.path, exist_ok=True)
    remove_leftovers(path)
    if local:
        temp, handle, lock = _open_locked_temp(path, kwargs)
    else:
        temp, lock = temp_path_for(path), None
        handle = fs.open(temp.path, "wb", **kwargs)
    try:
        try:
            yield handle
        finally:
            handle.close()
        if local:
            _move_local(temp.path, path.path, exclusive)
        elif is_azure(path.protocol):
            azure_move(fs, temp.path, path.path, exclusive=exclusive)
        else:
            if exclusive and object_info(path) is not None:
                raise FileExistsError(f"{storage_url(path)} appeared while it was being written")
            fs.mv(temp.path, path.path)
    except BaseException:
        _remove_quietly(temp)
        raise
    finally:
        if lock is not None:
            os.close(lock)


def _move_local(temp: str, final: str, exclusive: bool) -> None:
    """Put a written local file in place, durably: fsynced before the move, its directory after."""
    fsync_path(temp)
    if exclusive:
        # A hard link is created only where no name is: an object that appeared meanwhile stays.
        os.link(temp, final)
        os.unlink(temp)
    else:
        os.replace(temp, final)
    fsync_path(os.path.dirname(final))


#: Chunks a :class:`WriteBehind` holds at most, whatever the block size.
WRITE_BEHIND_DEPTH = 16
_CHUNK = 1 << 20


def _write_behind_depth(block_size: int | None) -> int:
    """One block's worth of chunks: the next part is ready when an upload ends."""
    if not block_size:
        return WRITE_BEHIND_DEPTH
    return max(2, min(WRITE_BEHIND_DEPTH, -(-int(block_size) // _CHUNK)))


class WriteBehind:
    """
    A store writer fed from a second thread, so the download goes on while a part uploads.

    A store's writer (s3fs, gcsfs) uploads a part inside ``write`` each time it holds a block;
    written directly, the download would wait for every upload. Here ``write`` copies the bytes
    into a queue of at most ``depth`` chunks and returns; the thread hands them to the writer. An
    error on the thread is raised by the next ``write`` and by :meth:`finish`.

    :param handle: the store's writer.
    :param depth: chunks that may wait (the memory this adds).
    """

    def __init__(self, handle: IO[bytes], depth: int = WRITE_BEHIND_DEPTH) -> None:
        self.handle = handle
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=max(1, depth))
        self._error: BaseException | None = None
        self._abandoned = False
        self._thread = threading.Thread(target=self._run, name="zoom-upload", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._error is None and not self._abandoned:
                try:
                    self.handle.write(chunk)
                except BaseException as err:  # handed to the writing thread
                    self._error = err

    def write(self, data: Any) -> int:
        """Queue a copy of ``data`` (waits while ``depth`` chunks wait); the number of bytes."""
        self._raise()
        chunk = bytes(data)
        self._queue.put(chunk)
        return len(chunk)

    def seekable(self) -> bool:
        return False

    def writable(self) -> bool:
        return True

    def finish(self) -> None:
        """Wait until every queued byte reached the writer; raise the thread's error, if any."""
        self._stop()
        self._raise()

    def abandon(self) -> None:
        """Drop what is queued and wait for the thread (it may be uploading a part)."""
        self._abandoned = True
        self._stop()

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


def _lock(name: str) -> int | None:
    """Hold an exclusive lock on a local temporary file while it is written (None where unsupported)."""
    if fcntl is None:  # pragma: no cover - not POSIX
        return None
    fd = os.open(name, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _remove_unless_in_use(name: str) -> bool:
    """
    Delete a local temporary file unless a live writer holds its lock; whether it is gone.

    The file is unlinked while this lock is held, so a writer that created it a moment ago and is
    waiting for its own lock finds it gone once it gets the lock (:func:`_open_locked_temp`).
    """
    try:
        fd = os.open(name, os.O_RDONLY)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        return True
    finally:
        os.close(fd)


#: Temporary files a writer may lose to other writers' clean-up before it gives up.
_TEMP_ATTEMPTS = 5


def _open_locked_temp(
    path: ObjectStoragePath, kwargs: dict[str, Any]
) -> tuple[ObjectStoragePath, IO[bytes], int | None]:
    """
    A new local temporary sibling of ``path``, open for writing and locked.

    Between creating the file and locking it, another writer of the same name may take it for a
    killed attempt's leftover and delete it; the lock then holds a file no name points at, so a
    fresh one is made.
    """
    for _ in range(_TEMP_ATTEMPTS):
        temp = temp_path_for(path)
        handle = path.fs.open(temp.path, "wb", **kwargs)
        try:
            lock = _lock(temp.path)
        except FileNotFoundError:
            handle.close()
            continue
        if lock is None or _names(lock, temp.path):
            return temp, handle, lock
        os.close(lock)
        handle.close()
    raise OSError(f"{storage_url(path)}: other writers kept removing its temporary file")


def _names(fd: int, name: str) -> bool:
    """Whether ``name`` still points at the open file ``fd``."""
    try:
        return os.stat(name).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def abort_stale_uploads(path: ObjectStoragePath) -> int:
    """
    On S3, abort the unfinished multipart uploads of exactly ``path``'s key that a killed writer
    left (invisible, but stored and billed until a lifecycle rule expires them); return how many.
    """
    fs = path.fs
    if path.protocol not in _S3_PROTOCOLS or not hasattr(fs, "call_s3"):
        return 0
    bucket, key, _ = fs.split_path(path.path)
    try:
        reply = fs.call_s3("list_multipart_uploads", Bucket=bucket, Prefix=key)
        stale = [u["UploadId"] for u in reply.get("Uploads", []) if u.get("Key") == key]
        for upload_id in stale:
            fs.call_s3("abort_multipart_upload", Bucket=bucket, Key=key, UploadId=upload_id)
    except Exception as err:  # e.g. no s3:ListBucketMultipartUploads permission: nothing is at risk
        log.info("Could not look for unfinished uploads of %s: %s", storage_url(path), err)
        return 0
    if stale:
        log.info(
            "Aborted %d unfinished upload(s) an earlier attempt left for %s.", len(stale), storage_url(path)
        )
    return len(stale)


def fsync_path(name: str) -> None:
    """Flush a local file's (or directory's) data and metadata to the disk."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if os.path.isdir(name) else 0)
    fd = os.open(name, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _discard(handle: Any) -> None:
    """Throw an unfinished upload away: abort its multipart upload, whatever state the writer is in."""
    upload = getattr(handle, "mpu", None)
    try:
        handle.discard()
    except Exception:
        # A writer whose completion failed may refuse discard(); its upload id still aborts it.
        if not _abort_upload(handle, upload):
            log.warning("Could not abort the unfinished upload of %s cleanly.", getattr(handle, "path", "?"))
    # A discarded buffered writer must not flush again when garbage-collected.
    try:
        handle.closed = True
    except Exception:  # pragma: no cover
        pass


def _abort_upload(handle: Any, upload: Any) -> bool:
    """Abort an S3 writer's multipart upload by its id; whether that worked (or there was none)."""
    upload_id = upload.get("UploadId") if isinstance(upload, dict) else None
    if upload_id is None:
        return getattr(handle, "mpu", None) is None
    try:
        handle.fs.call_s3("abort_multipart_upload", Bucket=handle.bucket, Key=handle.key, UploadId=upload_id)
    except Exception:
        return False
    handle.mpu = None
    return True


def _remove_quietly(path: ObjectStoragePath) -> None:
    try:
        path.fs.rm(path.path)
    except FileNotFoundError:
        pass
    except Exception:
        log.warning("Could not remove the temporary object %s.", path, exc_info=True)
