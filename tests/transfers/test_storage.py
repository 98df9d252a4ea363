"""Atomic writes and safe names on the local disk and on the object stores' emulators."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import threading

import pytest
from airflow.sdk import ObjectStoragePath

from airflow_provider_zoom._storage import objects as _storage
from airflow_provider_zoom._storage.objects import (
    NotVerified,
    WriteBehind,
    atomic_write,
    object_size,
    resolve_dest,
    safe_key,
    safe_segment,
    verify_stored,
)
from airflow_provider_zoom.exceptions import ZoomConfigError

MIB = 1024 * 1024


class Boom(Exception):
    pass


def test_complete_write_appears_whole(dest):
    path = ObjectStoragePath(dest.url + "a/b/file.bin", conn_id=dest.conn_id)
    with atomic_write(path, block_size=5 * MIB) as handle:
        for _ in range(7):  # > one multipart part on S3
            handle.write(b"x" * MIB)
    assert object_size(path) == 7 * MIB
    assert dest.list_keys() == ["a/b/file.bin"]


def test_failed_write_leaves_nothing_and_keeps_the_old_object(dest):
    path = ObjectStoragePath(dest.url + "a/file.bin", conn_id=dest.conn_id)
    if path.protocol == "file":
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"previous")
    with pytest.raises(Boom), atomic_write(path, block_size=5 * MIB) as handle:
        for _ in range(7):  # parts already uploaded on S3 when it fails
            handle.write(b"y" * MIB)
        raise Boom()
    assert path.read_bytes() == b"previous"
    assert dest.list_keys() == ["a/file.bin"]
    assert dest.open_uploads() == []


@pytest.mark.parametrize("size", [1000, 6 * MIB])  # one PUT, and a multipart upload on S3
def test_an_exclusive_write_never_replaces_an_object_that_appeared_meanwhile(dest, size):
    path = ObjectStoragePath(dest.url + "a/taken.bin", conn_id=dest.conn_id)
    with pytest.raises(FileExistsError), atomic_write(path, block_size=5 * MIB, exclusive=True) as handle:
        handle.write(b"m" * size)
        if path.protocol == "file":
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"the other writer's")
    assert path.read_bytes() == b"the other writer's"
    assert dest.list_keys() == ["a/taken.bin"]
    assert dest.open_uploads() == []


def test_a_writer_still_writing_keeps_its_temporary_file(tmp_path):
    path = ObjectStoragePath(f"file://{tmp_path}/a/file.bin")
    with atomic_write(path) as first:
        first.write(b"first")
        # Another writer of the same name cleans up after killed writers, not after live ones.
        with atomic_write(path) as second:
            second.write(b"second")
        first.write(b" and more")
    assert path.read_bytes() == b"first and more"
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["file.bin"]


def test_failed_first_write_creates_nothing(dest):
    path = ObjectStoragePath(dest.url + "new.bin", conn_id=dest.conn_id)
    with pytest.raises(Boom), atomic_write(path) as handle:
        handle.write(b"z" * 1000)
        raise Boom()
    assert dest.list_keys() == []


def test_what_a_killed_writer_left_is_removed_by_the_next_write(tmp_path):
    """A real SIGKILL mid-write leaves a temporary file; the next write of that file removes it."""
    target = tmp_path / "meeting" / "file.bin"
    child = textwrap.dedent(
        f"""
        import os, signal
        from airflow.sdk import ObjectStoragePath
        from airflow_provider_zoom._storage.objects import atomic_write
        with atomic_write(ObjectStoragePath("file://{target}")) as handle:
            handle.write(b"half of it")
            handle.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    killed = subprocess.run([sys.executable, "-c", child], capture_output=True, timeout=120)
    assert killed.returncode == -9, killed.stderr.decode()[-2000:]
    [leftover] = os.listdir(target.parent)
    assert leftover.startswith(".file.bin.") and leftover.endswith(".partial")
    (target.parent / ".other.bin.0123abcd.partial").write_bytes(b"another file's")
    with atomic_write(ObjectStoragePath(f"file://{target}")) as handle:
        handle.write(b"whole")
    assert sorted(os.listdir(target.parent)) == [".other.bin.0123abcd.partial", "file.bin"]
    assert target.read_bytes() == b"whole"


def test_a_writer_whose_new_temporary_file_another_writer_cleans_up_writes_a_fresh_one(tmp_path, monkeypatch):
    """
    Another task writing the same name starts, and removes leftovers, in the instant between this
    writer creating its temporary file and locking it: the write still completes, whole.
    """
    target = tmp_path / "file.bin"
    path = ObjectStoragePath(f"file://{target}")
    real_lock = _storage._lock
    cleanups: list[int] = []

    def lock_after_another_writers_cleanup(name: str):
        if not cleanups:
            cleanups.append(_storage.remove_leftovers(path))
        return real_lock(name)

    monkeypatch.setattr(_storage, "_lock", lock_after_another_writers_cleanup)
    with atomic_write(path, exclusive=True) as handle:
        handle.write(b"whole")
    assert cleanups == [1]  # the other writer did take the unlocked file for a leftover
    assert target.read_bytes() == b"whole"
    assert os.listdir(tmp_path) == ["file.bin"]


def test_a_locked_temporary_file_is_left_to_its_writer(tmp_path):
    target = tmp_path / "file.bin"
    path = ObjectStoragePath(f"file://{target}")
    with atomic_write(path) as handle:
        handle.write(b"half")
        assert _storage.remove_leftovers(path) == 0
        handle.write(b" and the rest")
    assert target.read_bytes() == b"half and the rest"


def test_unfinished_uploads_of_the_key_are_aborted_by_the_next_write(s3_bucket):
    """A writer killed mid multipart upload leaves it open on S3; the next write of the key aborts it."""
    client = s3_bucket.client
    client.create_multipart_upload(Bucket=s3_bucket.name, Key="zoom/a/file.bin")
    client.create_multipart_upload(Bucket=s3_bucket.name, Key="zoom/a/file.bin.other")
    path = ObjectStoragePath(f"s3://{s3_bucket.name}/zoom/a/file.bin", conn_id="aws_s3_test")
    with atomic_write(path) as handle:
        handle.write(b"whole")
    assert s3_bucket.open_uploads() == ["zoom/a/file.bin.other"]
    assert s3_bucket.read("zoom/a/file.bin") == b"whole"


def test_a_failed_gcs_write_cancels_its_resumable_upload(gcs_bucket):
    """GCS keeps an unfinished resumable upload for a week; a write that fails cancels its own."""
    fs = ObjectStoragePath(f"gs://{gcs_bucket.name}/", conn_id="gcs_test").fs
    # What the check sees: a session with a part sent, neither completed nor cancelled, is open.
    left_open = fs.open(f"{gcs_bucket.name}/zoom/open.bin", "wb", block_size=5 * MIB)
    left_open.write(b"o" * 6 * MIB)
    left_open.flush()
    assert gcs_bucket.open_uploads() == gcs_bucket.sessions != []
    left_open.discard()
    assert gcs_bucket.open_uploads() == []

    path = ObjectStoragePath(f"gs://{gcs_bucket.name}/zoom/a/file.bin", conn_id="gcs_test")
    with pytest.raises(Boom), atomic_write(path, block_size=5 * MIB) as handle:
        handle.write(b"z" * 7 * MIB)  # a part is sent: the upload is open
        raise Boom
    assert len(gcs_bucket.sessions) == 2
    assert gcs_bucket.open_uploads() == []
    assert gcs_bucket.list_keys() == []


@pytest.mark.parametrize("size", [1000, 6 * MIB])  # the final part only, and a part before it
def test_a_gcs_object_whose_md5_differs_from_the_bytes_sent_is_not_kept(gcs_bucket, monkeypatch, size):
    """Bytes changed on the way (the store's MD5 is of other bytes) fail the write and leave nothing."""
    import gcsfs.core

    request = gcsfs.core.GCSFileSystem._request

    async def one_byte_changed(self, method, path, *args, **kwargs):
        data = kwargs.get("data")
        if isinstance(data, io.BytesIO):  # older gcsfs sends its one-request uploads so
            data = data.getvalue()
        at = bytes(data).find(b"m" * 64) if isinstance(data, (bytes, bytearray, memoryview)) else -1
        if "/upload/" in str(path) and at >= 0:
            changed = bytearray(data)
            changed[at] ^= 0xFF
            kwargs["data"] = bytes(changed)
            monkeypatch.setattr(gcsfs.core.GCSFileSystem, "_request", request)  # one request only
        return await request(self, method, path, *args, **kwargs)

    monkeypatch.setattr(gcsfs.core.GCSFileSystem, "_request", one_byte_changed)
    path = ObjectStoragePath(f"gs://{gcs_bucket.name}/zoom/a/file.bin", conn_id="gcs_test")
    with pytest.raises(NotVerified, match="MD5 differs"), atomic_write(path, block_size=5 * MIB) as handle:
        handle.write(b"m" * size)
    assert gcs_bucket.list_keys() == []
    assert gcs_bucket.open_uploads() == []


def test_gcs_keeps_the_md5_of_what_was_written(gcs_bucket):
    import base64
    import hashlib

    path = ObjectStoragePath(f"gs://{gcs_bucket.name}/zoom/a/file.bin", conn_id="gcs_test")
    data = os.urandom(6 * MIB + 17)
    with atomic_write(path, block_size=5 * MIB, write_behind=True) as handle:
        handle.write(data)
    info = gcs_bucket.info("zoom/a/file.bin")
    assert base64.b64decode(info["md5Hash"]) == hashlib.md5(data).digest()
    assert int(info["size"]) == len(data)


class HeldWriter:
    """A store's writer whose ``write`` (an upload) waits until released; records what it got, where."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.chunks: list[bytes] = []
        self.threads: set[str] = set()

    def write(self, data: bytes) -> int:
        self.threads.add(threading.current_thread().name)
        self.release.wait()
        self.chunks.append(bytes(data))
        return len(data)


@pytest.mark.timeout(60)
def test_store_writes_return_while_a_part_uploads():
    held = HeldWriter()
    behind = WriteBehind(held, depth=2)
    buffer = bytearray(10)
    for letter in b"abc":  # one in the held upload, two waiting: the caller never waits for it
        buffer[:] = bytes([letter]) * 10
        assert behind.write(memoryview(buffer)) == 10
    held.release.set()
    behind.finish()
    # Each chunk was copied when queued: the caller's buffer is free again once write returns.
    assert held.chunks == [b"a" * 10, b"b" * 10, b"c" * 10]
    assert held.threads == {"zoom-upload"}


def test_a_failed_upload_is_raised_to_the_writer():
    class Refusing:
        def write(self, data: bytes) -> int:
            raise OSError("part refused")

    behind = WriteBehind(Refusing())  # type: ignore[arg-type]
    behind.write(b"x")
    with pytest.raises(OSError, match="part refused"):
        behind.finish()
    with pytest.raises(OSError, match="part refused"):
        behind.write(b"y")


def test_a_part_that_fails_to_upload_fails_the_write_and_leaves_no_upload(s3_bucket, monkeypatch):
    import s3fs

    uploaded = []
    original = s3fs.core.S3File._upload_chunk

    def second_part_fails(self, final=False):
        if uploaded:
            raise OSError("part refused")
        uploaded.append(self.buffer.tell())
        return original(self, final=final)

    monkeypatch.setattr(s3fs.core.S3File, "_upload_chunk", second_part_fails)
    path = ObjectStoragePath(f"s3://{s3_bucket.name}/a/file.bin", conn_id="aws_s3_test")
    with (
        pytest.raises(OSError, match="part refused"),
        atomic_write(path, block_size=5 * MIB, write_behind=True) as handle,
    ):
        assert isinstance(handle, WriteBehind)
        for _ in range(12):
            handle.write(b"z" * MIB)
    assert uploaded and s3_bucket.list_keys() == []
    assert s3_bucket.open_uploads() == []


def test_local_file_and_directory_are_fsynced_around_the_move(tmp_path, monkeypatch):
    target = tmp_path / "file.bin"
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append((os.readlink(f"/proc/self/fd/{fd}"), target.exists()))
        real_fsync(fd)

    monkeypatch.setattr(_storage.os, "fsync", fsync)
    with atomic_write(ObjectStoragePath(f"file://{target}")) as handle:
        handle.write(b"data")
    [(file_synced, moved_before), (dir_synced, moved_after)] = synced
    assert os.path.basename(file_synced).startswith(".file.bin.") and not moved_before
    assert dir_synced == str(tmp_path) and moved_after


def test_verify_stored_asks_the_store(dest):
    path = ObjectStoragePath(dest.url + "v/file.bin", conn_id=dest.conn_id)
    with pytest.raises(NotVerified, match="not there"):
        verify_stored(path, 5)
    with atomic_write(path) as handle:
        handle.write(b"12345")
    verify_stored(path, 5)
    with pytest.raises(NotVerified, match="holds 5 bytes after writing 6"):
        verify_stored(path, 6)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a/b", "a_b"),
        ("  ..hidden. ", "hidden"),
        ("tab\there", "tab_here"),
        ("", "_"),
        (None, "_"),
        ("Réunion d'équipe", "Réunion_d'équipe"),
    ],
)
def test_safe_segment(value, expected):
    assert safe_segment(value) == expected


def test_safe_key_caps_length_stably():
    long = "/".join(["x" * 80] * 20) + "/name.mp4"
    assert len(safe_key(long).encode()) <= 900
    assert safe_key(long) == safe_key(long) and safe_key(long).endswith(".mp4")
    assert safe_key("a//./b/../c") == "a/b/c"


@pytest.mark.parametrize("value", ["", "relative/path", None, 42])
def test_resolve_dest_refuses_non_urls(value):
    with pytest.raises(ZoomConfigError) as err:
        resolve_dest(value, None)
    assert err.value.field == "dest"
