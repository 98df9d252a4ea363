"""
Benchmark the recording archive against the local Zoom emulator on loopback.

For each recording size, archive one MP4 with ``ZoomRecordingsToObjectStorageOperator`` to the local
disk (file://) and to each object store's emulator on loopback: S3 (moto), Azure Blob Storage
(Azurite) and Google Cloud Storage (fake-gcs-server), each up to ``--store-max-size`` (2 GiB: they keep
objects in memory, moto several times over). Compare with the bound measured in the same run: for the
disk, the same download by ``curl -o``; for a store, the store's own fsspec writer (s3fs, adlfs,
gcsfs) uploading the same bytes, read from the local copy curl made, in parts of the same size to the
same server. A naive ``requests.get(url).content`` followed by one write is shown too. Then archive 16
small recordings with one download at a time (their bound) and with 4 in flight. The ``ratio`` column
divides each rate by its bound's.

Every case runs in its own subprocess; its peak memory is the process's high-water mark (VmHWM) minus
its resident size just before the transfer (for curl: the child's ``ru_maxrss``). The emulator and the
stores' servers run in processes of their own, so their memory is not counted.

Usage::

    python benchmarks/archive.py                 # 1 GiB and 4 GiB, and 16 x 16 MiB
    python benchmarks/archive.py --quick         # 256 MiB (naive on file:// only), 16 x 2 MiB (make bench)
    python benchmarks/archive.py --sizes 512M,2G --small-size 8M
    python benchmarks/archive.py --sizes 1G --workdir /dev/shm --part-size 32M
    python benchmarks/archive.py --quick --stores s3,gcs
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
# The stores' servers are started as the tests start them (tests/stores.py).
sys.path.insert(0, str(HERE.parent.parent))
BUCKET = "zoom-bench"
S3_CONN_ID = "aws_bench"
AZURE_CONN_ID = "azure_bench"
GCS_CONN_ID = "gcs_bench"
# The naive download holds the file at least twice (the chunks and their join): skip it above this.
NAIVE_MEMORY_LIMIT = 8 << 30
# The stores' emulators keep objects in memory: moto several times over (a 4 GiB upload grew the
# moto server past 23 GiB and got it OOM-killed on a 23 GiB machine). Larger store cases are skipped.
STORE_DEFAULT_MAX = 2 << 30


@dataclass(frozen=True)
class Store:
    """An object store on loopback: the table's name for it, its URL, connection and writer."""

    key: str
    target: str
    url: str
    conn_id: str
    writer: str


# Time to first byte of the emulated CDN for the small-recordings case (a WAN-like 100 ms).
SMALL_CDN_LATENCY = 0.1


def parse_size(text: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().removesuffix("IB").removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def human(size: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} B"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proc_status(field: str) -> int:
    """``VmRSS`` / ``VmHWM`` of this process in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# ---------------------------------------------------------------------- helper processes
def serve_emulator() -> None:
    """Run an emulator until stdin closes; print its connection env as one JSON line."""
    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator(users=2, meetings_per_user=0, recording_size=1 << 20, seed=1) as zoom:
        print(json.dumps({"env": zoom.connection_env(), "base_url": zoom.base_url}), flush=True)
        sys.stdin.read()


def start_emulator() -> tuple[subprocess.Popen, dict[str, str], str]:
    emulator = subprocess.Popen(
        [sys.executable, str(HERE), "--serve-emulator"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    info = json.loads(emulator.stdout.readline())
    return emulator, info["env"], info["base_url"]


@contextlib.contextmanager
def moto_server() -> Any:
    """moto's S3 server on a free port; yields its endpoint."""
    port = free_port()
    moto = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield endpoint
    finally:
        moto.terminate()
        moto.wait(timeout=30)


def start_stores(stack: contextlib.ExitStack, keys: list[str]) -> tuple[list[Store], dict[str, str]]:
    """Start the stores named in ``keys`` (s3, azure, gcs) with a bucket each; their connections' env."""
    from tests.stores import AzureContainer, GcsBucket, azure_conn_json, azurite, fake_gcs, gcs_conn_json

    stores, env = [], {}
    if "s3" in keys:
        endpoint = stack.enter_context(moto_server())
        _Bucket(endpoint)
        s3_conn = {
            "conn_type": "aws",
            "login": "testing",
            "password": "testing",
            "extra": {"endpoint_url": endpoint, "region_name": "us-east-1"},
        }
        env[f"AIRFLOW_CONN_{S3_CONN_ID.upper()}"] = json.dumps(s3_conn)
        stores.append(Store("s3", "s3 (moto)", f"s3://{BUCKET}/", S3_CONN_ID, "s3fs"))
    if "azure" in keys:
        endpoint = stack.enter_context(azurite())
        AzureContainer(endpoint, BUCKET).create()
        env[f"AIRFLOW_CONN_{AZURE_CONN_ID.upper()}"] = azure_conn_json(endpoint)
        stores.append(Store("azure", "azure (Azurite)", f"abfs://{BUCKET}/", AZURE_CONN_ID, "adlfs"))
    if "gcs" in keys:
        server = stack.enter_context(fake_gcs())
        GcsBucket(server, BUCKET).create()
        env[f"AIRFLOW_CONN_{GCS_CONN_ID.upper()}"] = gcs_conn_json(server)
        stores.append(Store("gcs", "gcs (fake-gcs-server)", f"gs://{BUCKET}/", GCS_CONN_ID, "gcsfs"))
    return stores, env


# ---------------------------------------------------------------------- one measured case (subprocess)
def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one case in this fresh process and report bytes, seconds, sha256 and peak memory."""
    method = spec["method"]
    if method == "curl":
        return _curl(spec)
    if method == "store writer":
        return _store_upload(spec)
    import hashlib

    import requests
    from airflow.sdk import ObjectStoragePath

    from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator

    dest = ObjectStoragePath(spec["dest"], conn_id=spec.get("conn_id"))
    _ = dest.fs  # connect before the baseline so only the transfer is measured
    baseline = proc_status("VmRSS")
    started = time.perf_counter()
    if spec.get("no_hash"):
        _skip_sha256()
    if method == "operator":
        kwargs = {k: spec[k] for k in ("meeting_id", "user_id", "from_", "to") if spec.get(k)}
        op = ZoomRecordingsToObjectStorageOperator(
            task_id="bench",
            dest=spec["dest"],
            dest_conn_id=spec.get("conn_id"),
            file_types=["MP4"],
            max_active_downloads=spec.get("max_active_downloads", 4),
            upload_block_size=spec.get("part_size", 16 << 20),
            progress_interval=3600,
            **kwargs,
        )
        rows = op.execute(context={})
        size = sum(r["bytes"] or 0 for r in rows)
        digest = rows[0]["sha256"] if len(rows) == 1 else None
        files = len(rows)
    else:  # naive: the whole body in memory, then one write
        reply = requests.get(spec["url"], headers={"Authorization": f"Bearer {spec['token']}"}, timeout=600)
        reply.raise_for_status()
        body = reply.content
        target = dest / "naive.mp4"
        if target.protocol == "file":
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        size, files = len(body), 1
        digest = hashlib.sha256(body).hexdigest()
    elapsed = time.perf_counter() - started
    return {
        "bytes": size,
        "seconds": elapsed,
        "sha256": digest,
        "files": files,
        "peak": proc_status("VmHWM") - baseline,
    }


def _skip_sha256() -> None:
    """A diagnostic: the download's sha256 does nothing, to show what hashing costs."""
    import types

    from airflow_provider_zoom._http import download

    class Nothing:
        def update(self, data: Any) -> None:
            pass

        def hexdigest(self) -> str:
            return "0" * 64

    download.hashlib = types.SimpleNamespace(sha256=Nothing)  # type: ignore[assignment]


def _curl(spec: dict[str, Any]) -> dict[str, Any]:
    out = Path(spec["dest_dir"]) / "curl.mp4"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            "curl",
            "-sS",
            "-f",
            "-L",
            "-o",
            str(out),
            "-H",
            f"Authorization: Bearer {spec['token']}",
            spec["url"],
        ]
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"curl failed with status {status}")
    size = out.stat().st_size
    if not spec.get("keep"):
        out.unlink()
    return {"bytes": size, "seconds": elapsed, "sha256": None, "files": 1, "peak": usage.ru_maxrss * 1024}


def _store_upload(spec: dict[str, Any]) -> dict[str, Any]:
    """A store's bound: its own fsspec writer uploads a local copy, in reads of the download's chunk size."""
    from airflow.sdk import ObjectStoragePath

    from airflow_provider_zoom._http.download import DOWNLOAD_CHUNK_SIZE

    dest = ObjectStoragePath(spec["dest"], conn_id=spec["conn_id"]) / "writer-bound.mp4"
    fs = dest.fs
    buffer = bytearray(DOWNLOAD_CHUNK_SIZE)
    view = memoryview(buffer)
    size = 0
    baseline = proc_status("VmRSS")
    started = time.perf_counter()
    with open(spec["source"], "rb") as source, fs.open(dest.path, "wb", block_size=spec["part_size"]) as out:
        while read := source.readinto(buffer):
            out.write(view[:read])
            size += read
    elapsed = time.perf_counter() - started
    return {
        "bytes": size,
        "seconds": elapsed,
        "sha256": None,
        "files": 1,
        "peak": proc_status("VmHWM") - baseline,
    }


def run_case(spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(HERE), "--worker", json.dumps(spec)],
        env={**os.environ, **env, "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING"},
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"case {spec['method']} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- the run
def control(base_url: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    import requests

    reply = requests.post(f"{base_url}/_emulator/{path}", json=body, timeout=30)
    reply.raise_for_status()
    return reply.json()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sizes", default="1G,4G", help="recording sizes, e.g. 1G,4G (default)")
    parser.add_argument("--small-size", default="16M", help="size of each of the 16 small recordings")
    parser.add_argument("--small-count", type=int, default=16)
    parser.add_argument(
        "--workdir",
        default=None,
        help="where file:// copies are written, e.g. /dev/shm to leave the disk out (default: a temp dir)",
    )
    parser.add_argument("--quick", action="store_true", help="short run: 256M and 16 x 2M")
    parser.add_argument("--stores", default="s3,azure,gcs", help="stores besides file:// (s3,azure,gcs)")
    parser.add_argument("--skip-s3", action="store_true", help="file:// only (the same as --stores '')")
    parser.add_argument(
        "--diagnose", action="store_true", help="also time the disk case with the sha256 turned off"
    )
    parser.add_argument(
        "--part-size", default="16M", help="a store's upload part size, the operator's and its bound's (16M)"
    )
    parser.add_argument(
        "--store-max-size",
        "--s3-max-size",
        default="2G",
        help="largest recording sent to a store's emulator (they hold it in RAM; 2G)",
    )
    parser.add_argument("--serve-emulator", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_emulator:
        serve_emulator()
        return 0
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    if args.quick:
        args.sizes, args.small_size = "256M", "2M"
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    small = parse_size(args.small_size)
    store_max = parse_size(args.store_max_size)
    part_size = parse_size(args.part_size)
    keys = [] if args.skip_s3 else [k.strip() for k in args.stores.split(",") if k.strip()]

    emulator, env, base_url = start_emulator()
    workdir = Path(tempfile.mkdtemp(prefix="zoom-bench-", dir=args.workdir))
    with contextlib.ExitStack() as stack:
        try:
            stores, store_env = start_stores(stack, keys)
            env.update(store_env)
            os.environ.update(env)
            run = Run(env, workdir, base_url, stores)
            run.diagnose, run.quick = args.diagnose, args.quick
            for size in sizes:
                run.large(size, size <= store_max, part_size)
            if args.small_count:
                run.small(args.small_count, small)
        finally:
            emulator.stdin.close()
            emulator.wait(timeout=30)
            shutil.rmtree(workdir, ignore_errors=True)
    print_table(run.rows)
    return 0


class Run:
    """The cases of one run, each measured beside its bound; ``rows`` is the table."""

    def __init__(self, env: dict[str, str], workdir: Path, base_url: str, stores: list[Store]) -> None:
        from airflow_provider_zoom.hooks.zoom import ZoomHook

        self.env, self.workdir, self.base_url, self.stores = env, workdir, base_url, stores
        self.hook = ZoomHook()
        self.token = self.hook.get_access_token()
        self.rows: list[tuple[str, ...]] = []
        self.diagnose = False
        self.quick = False

    def measure(self, size: str, method: str, target: str, spec: dict[str, Any], **kw: Any) -> float | None:
        row, rate = measured(size, method, target, spec, self.env, **kw)
        self.rows.append(row)
        if spec.get("conn_id"):
            # The emulators keep objects in memory and moto slows as it grows: every store case
            # starts from an empty bucket.
            try:
                empty(spec["dest"], spec["conn_id"])
            except Exception as err:  # the server gone (e.g. out of memory): the next rows say so
                print(f"could not empty the bucket: {err}", file=sys.stderr, flush=True)
        return rate

    def large(self, size: int, to_stores: bool, part_size: int) -> None:
        """One recording of ``size`` bytes: curl, then the operator and naive copies to disk and stores."""
        from airflow_provider_zoom.testing import expected_sha256

        meeting = control(self.base_url, "recordings", {"user_id": "me", "recording_size": size})
        mp4 = next(f for f in meeting["recording_files"] if f["file_type"] == "MP4")
        expected = expected_sha256(mp4["id"], size)
        download = {"url": mp4["download_url"], "token": self.token}
        label = human(size)
        # curl's copy stays on the local disk as the source of the S3 bound.
        curl = {"method": "curl", "dest_dir": str(self.workdir), "keep": True, **download}
        bound = self.measure(label, "curl -o (bound)", "file", curl, ratio_of="curl")
        targets: list[tuple[str, str, str | None, str]] = [("file", f"file://{self.workdir}/", None, "")]
        for store in self.stores:
            if to_stores:
                targets.append((store.target, store.url, store.conn_id, store.writer))
            else:
                why = "emulator holds objects in RAM"
                self.rows.append(skipped(label, "operator / naive", store.target, why))
        for target, dest, conn_id, writer in targets:
            case_dest = f"{dest}{size}/"
            if conn_id:
                upload = {"method": "store writer", "dest": case_dest, "conn_id": conn_id}
                upload.update(part_size=part_size, source=str(self.workdir / "curl.mp4"))
                name = f"{writer} writer, {human(part_size)} parts (bound)"
                bound = self.measure(label, name, target, upload, ratio_of=writer)
            spec = {
                "method": "operator",
                "meeting_id": meeting["uuid"],
                "dest": case_dest,
                "conn_id": conn_id,
            }
            spec["part_size"] = part_size
            self.measure(label, "operator", target, spec, expected_sha256=expected, bound=bound)
            if self.diagnose and not conn_id:
                # The copy is not checked against Zoom's bytes: the row shows the loop's speed alone.
                self.measure(
                    label,
                    "operator, no sha256 (diagnostic)",
                    target,
                    {**spec, "no_hash": True, "dest": f"{case_dest}no-sha256/"},
                    bound=bound,
                )
            if 2 * size > NAIVE_MEMORY_LIMIT:
                self.rows.append(skipped(label, "naive requests", target, f"would hold >{human(2 * size)}"))
            elif conn_id and self.quick:
                self.rows.append(skipped(label, "naive requests", target, "--quick: on file:// only"))
            else:
                spec = {"method": "naive", "dest": case_dest, "conn_id": conn_id, **download}
                self.measure(label, "naive requests", target, spec, bound=bound)
        shutil.rmtree(self.workdir / str(size), ignore_errors=True)
        (self.workdir / "curl.mp4").unlink(missing_ok=True)

    def small(self, count: int, size: int) -> None:
        """``count`` small recordings of one user, one download at a time (the bound), then 4 in flight."""
        user = [u for u in self.hook.paginate("/users", items_key="users") if u.get("role_id") != "0"][-1]
        for _ in range(count):
            control(self.base_url, "recordings", {"user_id": user["id"], "recording_size": size})
        today = dt.datetime.now(dt.timezone.utc).date()
        # Small files are dominated by the CDN's time to first byte, which parallel downloads hide.
        control(self.base_url, "options", {"cdn_latency": SMALL_CDN_LATENCY})
        label = f"{count} x {human(size)}, {SMALL_CDN_LATENCY * 1000:.0f} ms TTFB"
        bound = None
        for in_flight in (1, 4):
            spec = {
                "method": "operator",
                "user_id": user["id"],
                "from_": (today - dt.timedelta(days=1)).isoformat(),
                "to": today.isoformat(),
                "dest": f"file://{self.workdir}/small-{in_flight}/",
                "max_active_downloads": in_flight,
            }
            name = f"operator, {in_flight} in flight" + (" (bound)" if in_flight == 1 else "")
            rate = self.measure(label, name, "file", spec, bound=bound, ratio_of="1 in flight")
            bound = bound or rate


class _Bucket:
    def __init__(self, endpoint: str) -> None:
        import boto3

        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
        self.client.create_bucket(Bucket=BUCKET)


def empty(dest: str, conn_id: str) -> None:
    """Delete what a case left under ``dest`` in its store."""
    from airflow.sdk import ObjectStoragePath

    path = ObjectStoragePath(dest, conn_id=conn_id)
    if path.fs.exists(path.path):
        path.fs.rm(path.path, recursive=True)


def measured(
    size: str,
    method: str,
    target: str,
    spec: dict[str, Any],
    env: dict[str, str],
    *,
    expected_sha256: str | None = None,
    bound: float | None = None,
    ratio_of: str = "",
) -> tuple[tuple[str, ...], float | None]:
    """
    Run one case: its row and its rate in MB/s. A failed case becomes a row saying why (rate None)
    instead of ending the run. The row's ratio is the rate over ``bound``'s; 1.00 is the bound itself.
    """
    # Start every case with no dirty pages left by the previous one, so no case pays for another's writeback.
    os.sync()
    rate = None
    try:
        result = run_case(spec, env)
    except Exception as err:
        last = str(err).strip().splitlines()[-1][:70]
        row = (size, method, target, "failed", "", "", "", last)
    else:
        if expected_sha256 and result["sha256"] != expected_sha256:
            row = (size, method, target, "failed", "", "", "", "copy does not match Zoom's bytes")
        else:
            rate = result["bytes"] / result["seconds"] / 1e6
            ratio = f"{rate / bound:.2f}x" if bound else ("1.00x" if ratio_of else "")
            row = (
                size,
                method,
                target,
                f"{rate:,.0f}",
                f"{result['seconds']:.1f}",
                f"{result['peak'] / (1 << 20):,.0f}",
                ratio,
                "",
            )
    print("  ".join(row).rstrip(), file=sys.stderr, flush=True)  # progress, in case the run is cut short
    return row, rate


def skipped(size: str, method: str, target: str, why: str) -> tuple[str, ...]:
    return (size, method, target, "skipped", "", "", "", why)


def print_table(rows: list[tuple[str, ...]]) -> None:
    header = ("recording", "method", "target", "MB/s", "seconds", "peak MiB", "ratio", "note")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    print()
    print("peak MiB: the case's memory high-water mark above its resident size before the transfer.")
    print("ratio: MB/s over the bound's in the same run (curl for the disk, the store's own writer for")
    print("a store, one download at a time for the small recordings).")


if __name__ == "__main__":
    sys.exit(main())
