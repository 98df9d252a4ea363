"""
Archive recordings from the emulator under download faults and count what went wrong.

Each run reseeds the emulator, turns one fault on, archives the account's recordings of the day to a
fresh local folder with ``delete_after_archive="trash"`` (odd runs with no ``file_size`` listed),
and then checks, independently of the
operator, three things that must all stay 0:

- **partial files left**: temporary ``*.partial`` names anywhere under the destination;
- **wrong bytes archived**: a file at a final path (or a manifest entry) whose sha256 is not the
  emulated file's;
- **deleted without a verified archive**: a meeting trashed in Zoom while one of its files is missing
  or wrong at the destination.

``crash_rerun`` kills the archive (a real subprocess, SIGKILL) mid-download, more than once, then
reruns it without faults. ``benchmarks/archive_faults.py`` prints the table; the test suite runs a
few of each.
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
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from airflow_provider_zoom.transfers._storage import PARTIAL_SUFFIX
from airflow_provider_zoom.transfers.recordings import (
    DEFAULT_PATH_TEMPLATE,
    MANIFEST_PREFIX,
    render_key,
)

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
}
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
    #: Partial files the kills left before the rerun (crash_rerun only): what the rerun cleaned.
    crash_litter: int = 0

    @property
    def clean(self) -> bool:
        return self.partial_files == self.wrong_bytes == self.deleted_unverified == 0


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


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


def expected_archive(zoom: Any, day: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(key below dest -> sha256 the copy must have, meeting uuid -> its keys), from Zoom's listing."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.testing.emulator.files import expected_sha256

    digests: dict[str, str] = {}
    meetings: dict[str, list[str]] = {}
    for meeting in ZoomHook().list_account_recordings(day, day):
        for item in meeting["recording_files"]:
            key = render_key(DEFAULT_PATH_TEMPLATE, meeting, item)
            info = zoom.state.download_file(item["download_url"])
            digests[key] = expected_sha256(info["key"], info["size"])
            meetings.setdefault(meeting["uuid"], []).append(key)
    return digests, meetings


def still_in_zoom(day: str) -> set[str]:
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    return {m["uuid"] for m in ZoomHook().list_account_recordings(day, day)}


def inspect(
    dest: Path, digests: dict[str, str], meetings: dict[str, list[str]], remaining: set[str]
) -> tuple[int, int, int]:
    """(partial files, wrong bytes, meetings deleted without a verified archive) at ``dest``."""
    partial = wrong = 0
    found: dict[str, str] = {}
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        key = path.relative_to(dest).as_posix()
        if path.name.endswith(PARTIAL_SUFFIX):
            partial += 1
            continue
        if path.name.startswith(MANIFEST_PREFIX):
            # An entry may lack a hash (a file found complete by size, archived by a killed run).
            for entry in json.loads(path.read_bytes()).get("files", []):
                wrong += entry.get("sha256") is not None and digests.get(entry.get("path")) != entry["sha256"]
            continue
        found[key] = _sha256(path)
        wrong += digests.get(key) != found[key]
    unverified = sum(
        1
        for uuid, keys in meetings.items()
        if uuid not in remaining and any(found.get(k) != digests[k] for k in keys)
    )
    return partial, wrong, unverified


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _prepare(zoom: Any, options: dict[str, Any], seed: int) -> None:
    zoom.state.reset()
    zoom.state.set_options(**{**NO_FAULTS, **options, "fault_seed": seed})


def _archive(dest: Path, day: str) -> bool:
    from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator

    try:
        ZoomRecordingsToObjectStorageOperator(task_id="archive", **operator_kwargs(dest, day)).execute(
            context={}
        )
    except Exception:
        return False
    return True


def run_fault(
    zoom: Any, fault: str, dest: Path, seed: int, *, crashes: int = 2
) -> tuple[bool, int, int, int, int]:
    """
    One run of ``fault``: (archive succeeded, partial files, wrong bytes, deleted unverified,
    partial files the crashes left before the rerun).
    """
    day = today()
    _prepare(zoom, {}, seed)
    digests, meetings = expected_archive(zoom, day)
    litter = 0
    if fault == "crash_rerun":
        litter = _crash(zoom, dest, day, seed, crashes)
        zoom.state.set_options(**NO_FAULTS)
    else:
        # Odd runs list no file_size, like Zoom's CC and TIMELINE files: only the answers tell the size.
        zoom.state.set_options(**FAULTS[fault], fault_seed=seed, list_file_sizes=seed % 2 == 0)
    with quick_retries():
        ok = _archive(dest, day)
    zoom.state.set_options(**NO_FAULTS)
    return (ok, *inspect(dest, digests, meetings, still_in_zoom(day)), litter)


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
            ok, partial, wrong, unverified, litter = run_fault(
                zoom, fault, root / fault / f"run-{number}", number
            )
            tally.runs += 1
            tally.crash_litter += litter
            tally.succeeded += ok
            tally.partial_files += partial
            tally.wrong_bytes += wrong
            tally.deleted_unverified += unverified
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
