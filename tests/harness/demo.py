"""
``make demo``: run the recording-archive example DAG end to end against the local Zoom emulator.

Starts the emulator on loopback, prepares an AIRFLOW_HOME with SQLite under ``.airflow-demo/``,
points ``zoom_default`` at the emulator, runs ``airflow dags test zoom_recording_archive`` and prints
what was archived (path, size, sha256). The emulator stops also when something fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sys
from pathlib import Path

from airflow_provider_zoom.testing import ZoomEmulator
from airflow_provider_zoom.transfers.recordings import MANIFEST_PREFIX
from airflow_provider_zoom.transfers.recordings.provenance import is_record_name
from tests.harness.airflow_env import dag_run_succeeded, run_dag_test

DAG_ID = "zoom_recording_archive"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _archived_files(archive: Path) -> list[Path]:
    return sorted(
        p
        for p in archive.rglob("*")
        if p.is_file() and not p.name.startswith(MANIFEST_PREFIX) and not is_record_name(p.name)
    )


def _print_table(archive: Path, files: list[Path]) -> None:
    rows = [(str(p.relative_to(archive)), p.stat().st_size, _sha256(p)) for p in files]
    width = max([len("path")] + [len(r[0]) for r in rows])
    print(f"\nArchived to {archive}:\n")
    print(f"{'path':<{width}}  {'bytes':>10}  sha256")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 64}")
    for path, size, digest in rows:
        print(f"{path:<{width}}  {size:>10}  {digest}")
    manifests = sorted(archive.rglob(f"{MANIFEST_PREFIX}*.json"))
    total = sum(r[1] for r in rows)
    print(f"\n{len(rows)} file(s), {total} bytes, {len(manifests)} manifest(s).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--workdir", default=".airflow-demo", help="where AIRFLOW_HOME and the archive go")
    parser.add_argument("--dag-file", default="example_dags/zoom_recording_archive.py")
    parser.add_argument("--recording-size", type=int, default=4 << 20, help="bytes per MP4 in the emulator")
    args = parser.parse_args(argv)

    workdir = Path(args.workdir).resolve()
    shutil.rmtree(workdir, ignore_errors=True)
    archive = workdir / "archive"
    archive.mkdir(parents=True)
    # A daily DAG's manual run covers the previous day; the emulator seeds recordings "today",
    # so the run's logical date is tomorrow and its data interval is today (UTC).
    logical_date = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    with ZoomEmulator(recording_size=args.recording_size) as zoom:
        print(f"Zoom emulator on {zoom.base_url}; zoom_default points at it.")
        # Trash in Zoom what was archived and verified, as a nightly archive job would.
        env = {
            **zoom.connection_env(),
            "ZOOM_ARCHIVE_DEST": archive.as_uri() + "/",
            "ZOOM_ARCHIVE_DELETE": "trash",
        }
        print(f"Running `airflow dags test {DAG_ID}` (AIRFLOW_HOME={workdir / 'home'}, SQLite) ...")
        result = run_dag_test(
            args.dag_file,
            DAG_ID,
            env=env,
            logical_date=logical_date.isoformat(),
            home=workdir / "home",
        )
        (workdir / "dags-test.log").write_text(result.stdout + result.stderr)
        if not dag_run_succeeded(result):
            print("\n".join((result.stdout + result.stderr).splitlines()[-60:]), file=sys.stderr)
            print(f"\nThe DAG run failed; full log: {workdir / 'dags-test.log'}", file=sys.stderr)
            return 1
        trashed = [r for r in zoom.state.requests if r["method"] == "DELETE" and "/recordings" in r["path"]]
    files = _archived_files(archive)
    if not files:
        print("The DAG run succeeded but archived nothing.", file=sys.stderr)
        return 1
    _print_table(archive, files)
    print(f"Recordings trashed in the emulator after verification: {len(trashed)}.")
    print(json.dumps({"archive": str(archive), "files": len(files)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
