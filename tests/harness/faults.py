"""
Archive recordings from the emulator under download faults and count what went wrong.

Each run reseeds the emulator, turns one fault on, archives the account's recordings of the day to a
fresh local folder with ``delete_after_archive="trash"`` (odd runs with no ``file_size`` listed),
and then checks, independently of the operator, what must all stay 0:

- **partial files left**: temporary ``*.partial`` names anywhere under the destination;
- **wrong bytes archived**: a file at a final path (or a manifest entry, or the record of what an
  object holds) whose sha256 is not the emulated file's;
- **deleted without a verified archive**: a file gone from Zoom while its copy is missing or wrong
  at its path;
- **files lost**: a file gone from Zoom whose bytes are nowhere in the archive;
- **open uploads left**: unfinished S3 multipart uploads.

``crash_rerun`` kills the archive (a real subprocess, SIGKILL) mid-download, more than once, then
reruns it without faults. The world changes under the others: ``file_added`` lists a new transcript
for a meeting while its first file downloads; ``shared_name`` archives two meetings of one day,
topic and size, one task each, with a template that gives their files one name; ``long_names``
archives meetings named with 70 emoji, emoji and Japanese, or mathematical bold letters; and
``complete_fails`` archives to S3 (moto's server) where every ``CompleteMultipartUpload`` fails.
``phone_drops`` archives Zoom Phone call recordings under dropped connections and deletes them in
Zoom once verified. The ``archive_*`` runs archive compliance archive files (held in Zoom first, then
released to auto-delete or deleted once verified; a released file counts as gone from Zoom):
``archive_drops`` under dropped connections, ``archive_file_added`` with a file Zoom adds to an
instance's archive while its first file downloads, ``archive_store_fails`` to S3 where every
``CompleteMultipartUpload`` fails (the instance's large file fails, its small one is written).
``benchmarks/archive_faults.py`` prints the table; the test suite runs a few of each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

from airflow_provider_zoom._storage.objects import PARTIAL_SUFFIX
from airflow_provider_zoom.transfers.recordings import (
    DEFAULT_PATH_TEMPLATE,
    MANIFEST_PREFIX,
    render_key,
)
from airflow_provider_zoom.transfers.recordings.provenance import is_record_name

#: Emulator options of each fault; every run draws its own faults (``fault_seed`` = run number).
#: Range faults meet half the resumes, so some files restart from zero once and archive, others
#: meet a second wrong answer and fail.
FAULTS: dict[str, dict[str, Any]] = {
    "none": {},
    "drops": {"download_fault_rate": 0.3},
    **{
        name: {"download_fault_rate": 0.5, "range_fault": fault, "range_fault_rate": 0.5}
        for name, fault in (
            ("wrong_start", "wrong_start"),
            ("wrong_total", "wrong_total"),
            ("416", "unsatisfiable"),
            ("overflow", "overflow"),
            ("ignored_range", "ignore"),
        )
    },
    "stall": {"stall_rate": 0.5, "drip_bytes": 4096, "drip_interval": 0.1},
    "crash_rerun": {"stall_rate": 1.0, "drip_bytes": 8192, "drip_interval": 0.05},
    # The world changing under a run (no download fault): see the module's description.
    "file_added": {},
    "shared_name": {},
    "long_names": {},
    "complete_fails": {},
    "phone_drops": {},
    # Compliance archive files (released or deleted in Zoom once verified): see the module's description.
    "archive_drops": {"download_fault_rate": 0.3},
    "archive_file_added": {},
    "archive_store_fails": {},
}
#: What the archive-file runs ask of Zoom once a copy is verified: even runs release, odd runs delete.
ARCHIVE_ACTIONS = ("release", "delete")
#: A template that gives two meetings of one day and topic the same names (one task per meeting).
SHARED_TEMPLATE = "{host_email}/{start_date}/{topic}/{recording_type}.{ext}"
#: Topics whose names exceed a local file system's 255 bytes unless cut by bytes.
LONG_TOPICS = (
    "\N{GRINNING FACE}" * 70,
    ("定例会議\N{PARTY POPPER}" * 16)[:80],
    "".join(chr(0x1D400 + (i % 52)) for i in range(80)),
)
#: S3's smallest part: a file above it is uploaded in parts, and completed.
PART = 5 * 1024 * 1024
#: An archive's video file: (file_type, file_extension, recording_type).
DEFAULT_ARCHIVE_VIDEO = ("MP4", "MP4", "shared_screen_with_speaker_view")
#: The emulator's options with no fault at all.
NO_FAULTS: dict[str, Any] = {
    "fault_rate": 0.0,
    "download_fault_rate": None,
    "download_401_rate": 0.0,
    "range_fault": None,
    "range_fault_rate": 1.0,
    "stall_rate": 0.0,
    "list_file_sizes": True,
}
#: Low-speed limit of the archive under test: the stall fault's drip (40 KB/s) is below it.
SPEED = {"download_speed_limit": 100_000, "download_speed_time": 0.5}

_CHILD = """
import json, sys
from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator
ZoomRecordingsToObjectStorageOperator(task_id="archive", **json.loads(sys.argv[1])).execute(context={})
"""


@dataclass
class FaultTally:
    """What the runs of one fault gave."""

    fault: str
    runs: int = 0
    succeeded: int = 0
    partial_files: int = 0
    wrong_bytes: int = 0
    deleted_unverified: int = 0
    files_lost: int = 0
    open_uploads: int = 0
    #: Partial files the kills left before the rerun (crash_rerun only): what the rerun cleaned.
    crash_litter: int = 0

    @property
    def clean(self) -> bool:
        return (
            self.partial_files
            == self.wrong_bytes
            == self.deleted_unverified
            == self.files_lost
            == self.open_uploads
            == 0
        )


@dataclass(frozen=True)
class RunResult:
    """What one run gave; every count but ``crash_litter`` must be 0."""

    ok: bool
    partial_files: int = 0
    wrong_bytes: int = 0
    deleted_unverified: int = 0
    files_lost: int = 0
    open_uploads: int = 0
    crash_litter: int = 0


@dataclass(frozen=True)
class ZoomFile:
    """One file Zoom listed: its download token, where the template puts it, what a copy must hash to."""

    token: str
    key: str
    sha256: str


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def meeting_day(meeting: dict[str, Any]) -> str:
    """The UTC day a meeting started: an ended meeting added just after midnight started the day before."""
    return str(meeting["start_time"])[:10]


def operator_kwargs(dest: Path, day: str) -> dict[str, Any]:
    """The archive under test: the whole account's day, trashed in Zoom once verified."""
    return {
        "dest": f"file://{dest}/",
        "from_": day,
        "to": day,
        "delete_after_archive": "trash",
        "max_active_downloads": 3,
        **SPEED,
    }


@contextmanager
def quick_retries() -> Iterator[None]:
    """Hooks made meanwhile wait at most 50 ms between retries (the faults, not the backoff, are tested)."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    real_init = ZoomHook.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        real_init(self, *args, **kwargs)
        self._sleep = lambda seconds: time.sleep(min(seconds, 0.05))

    ZoomHook.__init__ = init  # type: ignore[method-assign]
    try:
        yield
    finally:
        ZoomHook.__init__ = real_init  # type: ignore[method-assign]


def zoom_files(
    zoom: Any, meetings: Iterable[dict[str, Any]], template: str = DEFAULT_PATH_TEMPLATE
) -> list[ZoomFile]:
    """The files of ``meetings`` (as Zoom lists them): where ``template`` puts each, what it must hold."""
    from airflow_provider_zoom.testing.emulator.files import expected_sha256

    files = []
    for meeting in meetings:
        for item in meeting["recording_files"]:
            info = zoom.state.download_file(item["download_url"])
            files.append(
                ZoomFile(
                    _token(item["download_url"]),
                    render_key(template, meeting, item),
                    expected_sha256(info["key"], info["size"]),
                )
            )
    return files


def day_meetings(day: str) -> list[dict[str, Any]]:
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    return ZoomHook().list_account_recordings(day, day)


def live_tokens(day: str) -> set[str]:
    """The download tokens of the files Zoom still lists (not trashed, not deleted)."""
    return {_token(item["download_url"]) for m in day_meetings(day) for item in m["recording_files"]}


def _token(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Stored:
    """What a destination holds: objects (key -> sha256), manifest entries, records, partial names."""

    objects: dict[str, str]
    entries: list[dict[str, Any]]
    records: list[tuple[str, dict[str, Any]]]
    partial: int = 0


def stored_locally(dest: Path) -> Stored:
    stored = Stored({}, [], [])
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        key = path.relative_to(dest).as_posix()
        if path.name.endswith(PARTIAL_SUFFIX):
            stored.partial += 1
        elif path.name.startswith(MANIFEST_PREFIX):
            stored.entries.extend(json.loads(path.read_bytes()).get("files", []))
        elif is_record_name(path.name):
            owner = key[: -len(path.name)] + path.name[1 : -len(".zoom.json")]
            stored.records.append((owner, json.loads(path.read_bytes())))
        else:
            stored.objects[key] = _sha256(path)
    return stored


def assess(files: list[ZoomFile], live: set[str], stored: Stored) -> tuple[int, int, int]:
    """(wrong bytes, deleted without a verified archive, files lost)."""
    expected: dict[str, set[str]] = {}
    for file in files:
        expected.setdefault(file.key, set()).add(file.sha256)
    objects = stored.objects
    wrong = sum(sha not in expected.get(key, ()) for key, sha in objects.items())
    # An entry may lack a hash (a file found complete by size, archived by a killed run).
    for entry in stored.entries:
        sha, key = entry.get("sha256"), str(entry.get("path"))
        wrong += sha is not None and (sha not in expected.get(key, ()) or objects.get(key, sha) != sha)
    wrong += sum(r.get("sha256") is not None and objects.get(key) != r["sha256"] for key, r in stored.records)
    gone = [f for f in files if f.token not in live]
    unverified = sum(objects.get(f.key) != f.sha256 for f in gone)
    lost = sum(f.sha256 not in set(objects.values()) for f in gone)
    return wrong, unverified, lost


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _prepare(zoom: Any, options: dict[str, Any], seed: int) -> None:
    zoom.state.reset()
    zoom.state.set_options(**{**NO_FAULTS, **options, "fault_seed": seed})


def _archive(dest: Path, day: str, **overrides: Any) -> bool:
    return _run_archive({**operator_kwargs(dest, day), **overrides})


def _run_archive(kwargs: dict[str, Any], operator: type | None = None) -> bool:
    from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator

    try:
        with quick_retries():
            (operator or ZoomRecordingsToObjectStorageOperator)(task_id="archive", **kwargs).execute(
                context={}
            )
    except Exception:
        return False
    return True


def run_fault(zoom: Any, fault: str, dest: Path, seed: int, *, crashes: int = 2) -> RunResult:
    """One run of ``fault`` into ``dest``."""
    if fault in _WORLD_CHANGES:
        return _WORLD_CHANGES[fault](zoom, dest, seed)
    day = today()
    _prepare(zoom, {}, seed)
    files = zoom_files(zoom, day_meetings(day))
    litter = 0
    if fault == "crash_rerun":
        litter = _crash(zoom, dest, day, seed, crashes)
        zoom.state.set_options(**NO_FAULTS)
    else:
        # Odd runs list no file_size, like Zoom's CC and TIMELINE files: only the answers tell the size.
        zoom.state.set_options(**FAULTS[fault], fault_seed=seed, list_file_sizes=seed % 2 == 0)
    ok = _archive(dest, day)
    zoom.state.set_options(**NO_FAULTS)
    return _result(ok, files, day, dest, crash_litter=litter)


def _result(ok: bool, files: list[ZoomFile], day: str, dest: Path, **extra: int) -> RunResult:
    stored = stored_locally(dest)
    wrong, unverified, lost = assess(files, live_tokens(day), stored)
    return RunResult(ok, stored.partial, wrong, unverified, lost, **extra)


def _file_added(zoom: Any, dest: Path, seed: int) -> RunResult:
    """A transcript of a meeting is listed while that meeting's first file downloads."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.testing.emulator.files import expected_sha256

    day = today()
    _prepare(zoom, {"list_file_sizes": seed % 2 == 0}, seed)
    meetings = {m["uuid"]: m for m in day_meetings(day)}
    files = zoom_files(zoom, meetings.values())
    lock = threading.Lock()
    real = ZoomHook.download

    def download(self: Any, url: str, *args: Any, **kwargs: Any) -> Any:
        with lock:
            if len(files) == expected:
                uuid = zoom.state.download_file(url)["meeting_uuid"]
                record = zoom.state.add_recording_file(uuid, size=0)
                item = {k: v for k, v in record.items() if not k.startswith("_")}
                key = render_key(DEFAULT_PATH_TEMPLATE, meetings[uuid], item)
                files.append(
                    ZoomFile(record["_token"], key, expected_sha256(record["_key"], record["_size"]))
                )
        return real(self, url, *args, **kwargs)

    expected = len(files)
    ZoomHook.download = download  # type: ignore[method-assign]
    try:
        ok = _archive(dest, day)
    finally:
        ZoomHook.download = real  # type: ignore[method-assign]
    return _result(ok, files, day, dest)


def _shared_name(zoom: Any, dest: Path, seed: int) -> RunResult:
    """Two meetings of one day, topic and size, one archive task each, one name for their files."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    day = today()
    _prepare(zoom, {"list_file_sizes": seed % 2 == 0}, seed)
    midnight = dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc)
    added = [
        zoom.state.add_recorded_meeting(
            "me", topic="Weekly sync", start_time=midnight + dt.timedelta(minutes=minutes), duration=1
        )
        for minutes in (1, 3)
    ]
    hook = ZoomHook()
    meetings = [hook.get_meeting_recordings(m["uuid"]) for m in added]
    files = zoom_files(zoom, meetings, SHARED_TEMPLATE)
    first, second = meetings if seed % 2 == 0 else meetings[::-1]
    done = [
        _archive(dest, day, meeting_id=m["uuid"], from_=None, to=None, path_template=SHARED_TEMPLATE)
        for m in (first, second)
    ]
    # Right: the first meeting archived, the second refused (its names hold the first's recordings).
    return _result(done == [True, False], files, day, dest)


def _long_names(zoom: Any, dest: Path, seed: int) -> RunResult:
    """A meeting whose topic is 70 emoji, emoji and Japanese, or mathematical bold letters."""
    _prepare(zoom, {"list_file_sizes": seed % 2 == 0}, seed)
    meeting = zoom.state.add_recorded_meeting("me", topic=LONG_TOPICS[seed % len(LONG_TOPICS)])
    day = meeting_day(meeting)
    files = zoom_files(zoom, day_meetings(day))
    return _result(_archive(dest, day), files, day, dest)


def _complete_fails(zoom: Any, dest: Path, seed: int) -> RunResult:
    """An archive to S3 (moto's server) where every CompleteMultipartUpload fails."""
    _prepare(zoom, {"list_file_sizes": seed % 2 == 0}, seed)
    meeting = zoom.state.add_recorded_meeting("me", topic="Large", recording_size=PART + 64 * 1024)
    day = meeting_day(meeting)
    files = zoom_files(zoom, day_meetings(day))
    with s3_bucket(seed) as (fs, bucket, conn_id), completions_fail():
        done = _run_archive(
            {
                "dest": f"s3://{bucket}/zoom/",
                "dest_conn_id": conn_id,
                "meeting_id": meeting["uuid"],
                "delete_after_archive": "trash",
                "upload_block_size": PART,
                **SPEED,
            }
        )
        objects, uploads = s3_contents(fs, bucket)
    wrong, unverified, lost = assess(files, live_tokens(day), Stored(objects, [], []))
    # Right: the large file failed (no object, nothing deleted), the task said so.
    return RunResult(not done, 0, wrong, unverified, lost, uploads)


@contextmanager
def s3_bucket(seed: int) -> Iterator[tuple[Any, str, str]]:
    """A fresh bucket on moto's S3 server: (a store of its own to read it with, bucket, connection id)."""
    import s3fs

    with moto_s3() as (endpoint, conn_id):
        # A store of its own, not the archive's: what it lists is the server's answer.
        fs = s3fs.S3FileSystem(
            key="testing",
            secret="testing",
            client_kwargs={"endpoint_url": endpoint, "region_name": "us-east-1"},
            skip_instance_cache=True,
            use_listings_cache=False,
        )
        # moto keeps its buckets for the whole process: a name of its own per run.
        bucket = f"zoom-faults-{seed}-{uuid4().hex[:12]}"
        fs.call_s3("create_bucket", Bucket=bucket)
        yield fs, bucket, conn_id


def s3_contents(fs: Any, bucket: str) -> tuple[dict[str, str], int]:
    """The objects below ``zoom/`` but manifests (key -> sha256), and the multipart uploads left open."""
    objects = {
        name.removeprefix(f"{bucket}/zoom/"): hashlib.sha256(fs.cat_file(name)).hexdigest()
        for name in fs.find(bucket)
        if MANIFEST_PREFIX not in name
    }
    return objects, len(fs.call_s3("list_multipart_uploads", Bucket=bucket).get("Uploads", []))


@contextmanager
def moto_s3() -> Iterator[tuple[str, str]]:
    """moto's S3 server on loopback and a connection to it: (endpoint, connection id)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    # Airflow keeps a store per connection id for the process: one id per server, so none is reused.
    conn_id = f"zoom_faults_s3_{port}"
    name = f"AIRFLOW_CONN_{conn_id.upper()}"
    previous = os.environ.get(name)
    os.environ[name] = json.dumps(
        {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            "extra": {"endpoint_url": endpoint, "region_name": "us-east-1"},
        }
    )
    try:
        yield endpoint, conn_id
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous
        server.stop()


@contextmanager
def completions_fail() -> Iterator[None]:
    """Every CompleteMultipartUpload meanwhile names parts S3 never received, so S3 refuses it."""
    import s3fs

    real = s3fs.S3FileSystem.call_s3

    def call_s3(self: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        if method == "complete_multipart_upload":
            parts = kwargs["MultipartUpload"]["Parts"]
            kwargs["MultipartUpload"] = {"Parts": [{**p, "PartNumber": p["PartNumber"] + 100} for p in parts]}
        return real(self, method, *args, **kwargs)

    s3fs.S3FileSystem.call_s3 = call_s3
    try:
        yield
    finally:
        s3fs.S3FileSystem.call_s3 = real


def _phone_drops(zoom: Any, dest: Path, seed: int) -> RunResult:
    """Zoom Phone call recordings of the last nine days, deleted in Zoom once verified, under drops."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.transfers.phone import (
        PHONE_PATH_TEMPLATES,
        ZoomPhoneRecordingsToObjectStorageOperator,
        as_calls,
    )

    day = today()
    first = (dt.date.fromisoformat(day) - dt.timedelta(days=9)).isoformat()

    def calls() -> list[dict[str, Any]]:
        return as_calls(ZoomHook().list_phone_recordings(first, day), "recording")

    _prepare(zoom, {}, seed)
    files = zoom_files(zoom, calls(), PHONE_PATH_TEMPLATES["recording"])
    zoom.state.set_options(**FAULTS["drops"], fault_seed=seed)
    kwargs = {**operator_kwargs(dest, day), "from_": first, "delete_after_archive": "delete"}
    try:
        with quick_retries():
            ZoomPhoneRecordingsToObjectStorageOperator(task_id="phone", **kwargs).execute(context={})
        ok = True
    except Exception:
        ok = False
    zoom.state.set_options(**NO_FAULTS)
    stored = stored_locally(dest)
    live = {_token(item["download_url"]) for call in calls() for item in call["recording_files"]}
    wrong, unverified, lost = assess(files, live, stored)
    return RunResult(ok, stored.partial, wrong, unverified, lost)


# ---------------------------------------------------------------------- compliance archive files
def archive_window() -> dict[str, str]:
    """The archive-file runs' window: nine days back to now (two of Zoom's seven-day windows)."""
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    return {"from_": (now - dt.timedelta(days=9)).isoformat(), "to": now.isoformat()}


def archived_meetings(window: dict[str, str]) -> list[dict[str, Any]]:
    """The archived meetings of ``window`` as Zoom lists them, in the recordings pipeline's shape."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.transfers.archives import as_recording

    return [as_recording(m) for m in ZoomHook().list_archive_files(window["from_"], window["to"])]


def _archive_records(zoom: Any) -> list[dict[str, Any]]:
    with zoom.state.lock:
        return [
            r for p in zoom.state.past_meetings.values() for r in (p.get("_archive") or {}).get("_files", [])
        ]


def hold_archives(zoom: Any) -> None:
    """Every archive file held (``auto_delete`` off): a file Zoom may remove is one a run released."""
    for record in _archive_records(zoom):
        record["auto_delete"] = False


def archive_live(zoom: Any) -> set[str]:
    """The download tokens of the archive files Zoom keeps: listed, and not released to auto-delete."""
    return {r["_token"] for r in _archive_records(zoom) if not r.get("auto_delete")}


def _archive_files(seed: int, **kwargs: Any) -> bool:
    from airflow_provider_zoom.transfers.archives import ZoomArchiveFilesToObjectStorageOperator

    kwargs = {
        "delete_after_archive": ARCHIVE_ACTIONS[seed % 2],
        "max_active_downloads": 3,
        **SPEED,
        **kwargs,
    }
    return _run_archive(kwargs, ZoomArchiveFilesToObjectStorageOperator)


def _archive_result(ok: bool, zoom: Any, files: list[ZoomFile], dest: Path) -> RunResult:
    stored = stored_locally(dest)
    wrong, unverified, lost = assess(files, archive_live(zoom), stored)
    return RunResult(ok, stored.partial, wrong, unverified, lost)


def _archive_drops(zoom: Any, dest: Path, seed: int) -> RunResult:
    """The archive files of nine days under dropped connections, released or deleted once verified."""
    _prepare(zoom, {}, seed)
    hold_archives(zoom)
    window = archive_window()
    files = zoom_files(zoom, archived_meetings(window))
    zoom.state.set_options(**FAULTS["archive_drops"], fault_seed=seed)
    try:
        ok = _archive_files(seed, dest=f"file://{dest}/", **window)
    finally:
        zoom.state.set_options(**NO_FAULTS)
    return _archive_result(ok, zoom, files, dest)


def _archive_file_added(zoom: Any, dest: Path, seed: int) -> RunResult:
    """Zoom adds a file to an instance's archive while that instance's first file downloads."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.testing.emulator.files import expected_sha256
    from airflow_provider_zoom.testing.emulator.routes.archiving import add_archive_file
    from airflow_provider_zoom.transfers.archives import as_recording

    _prepare(zoom, {}, seed)
    hold_archives(zoom)
    window = archive_window()
    meetings = {m["uuid"]: m for m in archived_meetings(window)}
    files = zoom_files(zoom, meetings.values())
    expected = len(files)
    lock = threading.Lock()
    real = ZoomHook.download

    def download(self: Any, url: str, *args: Any, **kwargs: Any) -> Any:
        with lock:
            if len(files) == expected:
                uuid = zoom.state.download_file(url)["meeting_uuid"]
                record = add_archive_file(zoom.state, uuid, size=2048)
                record["auto_delete"] = False  # held, like the rest
                item = {k: v for k, v in record.items() if not k.startswith("_")}
                item = as_recording({"archive_files": [item]})["recording_files"][0]
                key = render_key(DEFAULT_PATH_TEMPLATE, meetings[uuid], item)
                files.append(
                    ZoomFile(record["_token"], key, expected_sha256(record["_key"], record["_size"]))
                )
        return real(self, url, *args, **kwargs)

    ZoomHook.download = download  # type: ignore[method-assign]
    try:
        ok = _archive_files(seed, dest=f"file://{dest}/", **window)
    finally:
        ZoomHook.download = real  # type: ignore[method-assign]
    return _archive_result(ok, zoom, files, dest)


def _archive_store_fails(zoom: Any, dest: Path, seed: int) -> RunResult:
    """An instance's archive to S3 (moto's server) where every CompleteMultipartUpload fails."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.testing.emulator.routes.archiving import add_archive, add_archive_file
    from airflow_provider_zoom.transfers.archives import as_recording

    _prepare(zoom, {}, seed)
    past = zoom.state.add_recorded_meeting("me", topic="Large archive")
    add_archive(zoom.state, past["uuid"], files=(DEFAULT_ARCHIVE_VIDEO,), size=PART + 64 * 1024)
    add_archive_file(zoom.state, past["uuid"], size=2048)  # small: one plain upload, which succeeds
    hold_archives(zoom)
    files = zoom_files(zoom, [as_recording(ZoomHook().get_meeting_archive_files(past["uuid"]))])
    with s3_bucket(seed) as (fs, bucket, conn_id), completions_fail():
        done = _archive_files(
            seed,
            dest=f"s3://{bucket}/zoom/",
            dest_conn_id=conn_id,
            meeting_uuid=past["uuid"],
            upload_block_size=PART,
        )
        objects, uploads = s3_contents(fs, bucket)
    wrong, unverified, lost = assess(files, archive_live(zoom), Stored(objects, [], []))
    # Right: the large file failed (no object), nothing of the instance released or deleted, and the
    # task said so.
    return RunResult(not done, 0, wrong, unverified, lost, uploads)


_WORLD_CHANGES: dict[str, Callable[[Any, Path, int], RunResult]] = {
    "file_added": _file_added,
    "shared_name": _shared_name,
    "long_names": _long_names,
    "complete_fails": _complete_fails,
    "phone_drops": _phone_drops,
    "archive_drops": _archive_drops,
    "archive_file_added": _archive_file_added,
    "archive_store_fails": _archive_store_fails,
}


def _crash(zoom: Any, dest: Path, day: str, seed: int, crashes: int) -> int:
    """
    Start the archive in a subprocess under a slow drip and SIGKILL it mid-download, ``crashes``
    times; return how many partial files the kills left.
    """
    rng = random.Random(seed)
    env = {**os.environ, **zoom.connection_env(), "AIRFLOW__CORE__UNIT_TEST_MODE": "True"}
    command = [sys.executable, "-c", _CHILD, json.dumps(operator_kwargs(dest, day))]
    for _ in range(crashes):
        zoom.state.set_options(**FAULTS["crash_rerun"], fault_seed=rng.randrange(1 << 30))
        _kill_mid_download(command, env, dest, rng.uniform(0.0, 0.3))
    return len(list(dest.rglob(f"*{PARTIAL_SUFFIX}")))


def _kill_mid_download(command: list[str], env: dict[str, str], dest: Path, delay: float) -> None:
    before = set(dest.rglob(f"*{PARTIAL_SUFFIX}"))
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: set(dest.rglob(f"*{PARTIAL_SUFFIX}")) - before or child.poll() is not None)
        time.sleep(delay)
    finally:
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
        child.wait()


def _wait_for(condition: Callable[[], object], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the archive subprocess never started a download")
        time.sleep(0.02)


def run_faults(zoom: Any, faults: list[str], runs: int, root: Path) -> list[FaultTally]:
    """``runs`` runs of each fault, each into its own folder below ``root``."""
    tallies = []
    for fault in faults:
        tally = FaultTally(fault)
        for number in range(runs):
            result = run_fault(zoom, fault, root / fault / f"run-{number}", number)
            tally.runs += 1
            tally.crash_litter += result.crash_litter
            tally.succeeded += result.ok
            tally.partial_files += result.partial_files
            tally.wrong_bytes += result.wrong_bytes
            tally.deleted_unverified += result.deleted_unverified
            tally.files_lost += result.files_lost
            tally.open_uploads += result.open_uploads
        tallies.append(tally)
    return tallies


def table(tallies: list[FaultTally]) -> str:
    """The tallies as a fixed-width table."""
    head = (
        "fault",
        "runs",
        "archive ok",
        "partial files left",
        "wrong bytes archived",
        "deleted unverified",
        "files lost",
        "open uploads left",
        "partials before rerun",
    )
    rows = [head] + [
        (
            t.fault,
            t.runs,
            t.succeeded,
            t.partial_files,
            t.wrong_bytes,
            t.deleted_unverified,
            t.files_lost,
            t.open_uploads,
            t.crash_litter if t.fault == "crash_rerun" else "-",
        )
        for t in tallies
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(head))]
    return "\n".join(
        "  ".join(
            str(v).ljust(w) if i == 0 else str(v).rjust(w)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )
