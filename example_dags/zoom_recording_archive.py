"""
Archive each day's Zoom cloud recordings to object storage, verified, and optionally trash them in Zoom.

What it shows:

- listing the account's cloud recordings of the run's data interval (the previous UTC day) with
  ``ZoomHook`` in a ``@task``;
- one ``ZoomRecordingsToObjectStorageOperator`` per meeting with dynamic task mapping
  (``.partial(...).expand(meeting_id=...)``): files stream to storage, are checked against Zoom's
  size and hashed, a manifest is written beside them, and reruns skip what is already archived;
- trashing in Zoom only what was verified (``delete_after_archive``), per meeting;
- a summary task that returns one ``{path, size, sha256}`` row per archived file.

Configuration (environment of the scheduler and workers):

- ``ZOOM_ARCHIVE_DEST``: where the files go, default ``file:///tmp/zoom-archive/``; e.g.
  ``s3://my-bucket/zoom/`` with ``ZOOM_ARCHIVE_DEST_CONN_ID=aws_default``.
- ``ZOOM_ARCHIVE_DELETE``: default of the ``delete_after_archive`` param: empty (keep), ``trash`` or
  ``delete``. A manual run can override it with ``--conf '{"delete_after_archive": "trash"}'``.
- Pools, one per Zoom rate-limit category the tasks spend: listing recordings is a *Medium* API,
  getting and trashing a meeting's recordings are *Light*. Create them once, sized to your plan, e.g.
  ``airflow pools set zoom_medium 4 "Zoom Medium APIs"`` and ``airflow pools set zoom_light 8 "Zoom
  Light APIs"``; or name existing pools with ``ZOOM_POOL_MEDIUM`` / ``ZOOM_POOL_LIGHT``
  (``default_pool`` works too). Downloads themselves are not rate limited by Zoom, but each
  mapped task keeps up to ``max_active_downloads`` files in flight.

Zoom scopes (Server-to-Server OAuth app): ``cloud_recording:read:list_account_recordings:admin``,
``cloud_recording:read:list_recording_files:admin`` (with its download access token), and, only with
``delete_after_archive``, ``cloud_recording:delete:recording_file:admin``.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from airflow.sdk import Param, dag, task

from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator
from airflow_provider_zoom.version_compat import CronDataIntervalTimetable

DEST = os.environ.get("ZOOM_ARCHIVE_DEST", "file:///tmp/zoom-archive/")
DEST_CONN_ID = os.environ.get("ZOOM_ARCHIVE_DEST_CONN_ID") or None
DELETE_DEFAULT = os.environ.get("ZOOM_ARCHIVE_DELETE") or None
POOL_MEDIUM = os.environ.get("ZOOM_POOL_MEDIUM", "zoom_medium")
POOL_LIGHT = os.environ.get("ZOOM_POOL_LIGHT", "zoom_light")


@dag(
    dag_id="zoom_recording_archive",
    # Interval semantics: the run at midnight UTC archives the previous UTC day.
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["zoom", "example"],
    params={
        "delete_after_archive": Param(
            DELETE_DEFAULT,
            type=["null", "string"],
            enum=[None, "trash", "delete"],
            description="After a meeting's files are archived and verified: keep (null), trash, delete.",
        )
    },
    doc_md=__doc__,
)
def zoom_recording_archive() -> None:
    @task(pool=POOL_MEDIUM)
    def list_recorded_meetings(data_interval_start=None, data_interval_end=None) -> list[str]:
        """The UUIDs of the meetings recorded in the data interval (its end is exclusive)."""
        from datetime import timedelta

        from airflow_provider_zoom.hooks.zoom import ZoomHook

        first = data_interval_start.date()
        last = max(first, (data_interval_end - timedelta(microseconds=1)).date())
        meetings = ZoomHook().list_account_recordings(first, last)
        uuids = [m["uuid"] for m in meetings if m.get("recording_files")]
        print(f"{len(uuids)} recorded meeting(s) from {first} to {last}.")
        return uuids

    archive = ZoomRecordingsToObjectStorageOperator.partial(
        task_id="archive_meeting",
        dest=DEST,
        dest_conn_id=DEST_CONN_ID,
        delete_after_archive="{{ params.delete_after_archive }}",
        max_active_downloads=4,
        pool=POOL_LIGHT,
        map_index_template="{{ task.meeting_id }}",
    ).expand(meeting_id=list_recorded_meetings())

    @task(trigger_rule="none_failed")
    def summarize(results: Any) -> list[dict[str, Any]]:
        """One ``{path, size, sha256}`` row per archived (or already archived) file."""
        rows = [
            {"path": row["path"], "size": row["bytes"], "sha256": row["sha256"]}
            for meeting_rows in (results or [])
            for row in (meeting_rows or [])
            if row["status"] in ("archived", "skipped")
        ]
        total = sum(r["size"] or 0 for r in rows)
        print(f"{len(rows)} file(s), {total} bytes archived to {DEST}")
        for row in rows:
            print(f"{row['size'] or 0:>12}  {row['sha256'] or '-':64}  {row['path']}")
        return rows

    summarize(archive.output)


zoom_recording_archive()
