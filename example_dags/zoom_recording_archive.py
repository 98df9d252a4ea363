"""
Archive each day's Zoom cloud recordings to object storage, verified, and optionally trash them in Zoom.

What it shows:

- listing the account's cloud recordings of the run's data interval (the previous UTC day) with
  ``ZoomHook`` in a ``@task``;
- one ``ZoomRecordingsToObjectStorageOperator`` per meeting with dynamic task mapping
  (``.partial(...).expand(meeting_id=...)``): files stream to storage, are checked against Zoom's
  size and hashed, a manifest is written beside them, and reruns skip what is already archived;
- trashing in Zoom only what was verified (``delete_after_archive``), per meeting;
- small XComs at any scale: each mapped task returns its counts and manifest path
  (``max_xcom_rows=0``), and a summary task adds them up (``archive_totals``); the per-file rows
  (path, size, sha256) are in the manifests.

Configuration (environment of the scheduler and workers):

- ``ZOOM_ARCHIVE_DEST``: where the files go, default ``file:///tmp/zoom-archive/``; e.g.
  ``s3://my-bucket/zoom/`` with ``ZOOM_ARCHIVE_DEST_CONN_ID=aws_default``.
- ``ZOOM_ARCHIVE_DELETE``: default of the ``delete_after_archive`` param: empty (keep), ``trash`` or
  ``delete``. A manual run can override it with ``--conf '{"delete_after_archive": "trash"}'``.
- ``ZOOM_ARCHIVE_SCHEDULE``: cron of the nightly run in UTC, default ``0 0 * * *``; ``none`` for
  manual runs only.
- Pools, one per Zoom rate-limit category the tasks spend: listing recordings is a *Medium* API,
  getting and trashing a meeting's recordings are *Light*. Create them once, sized to your plan, e.g.
  ``airflow pools set zoom_medium 4 "Zoom Medium APIs"`` and ``airflow pools set zoom_light 8 "Zoom
  Light APIs"``; or name existing pools with ``ZOOM_POOL_MEDIUM`` / ``ZOOM_POOL_LIGHT``
  (``default_pool`` works too). Downloads themselves are not rate limited by Zoom, but each
  mapped task keeps up to ``max_active_downloads`` files in flight.

A manual run archives the data interval it is given: under a scheduler, start it through the REST API
with ``data_interval_start``/``data_interval_end`` (e.g. today 00:00 to tomorrow 00:00 UTC for
"archive today"), see docs/deploy.md. ``airflow dags trigger --logical-date <tomorrow>`` only works
under ``airflow dags test``: a scheduler waits until that date.

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
SCHEDULE = os.environ.get("ZOOM_ARCHIVE_SCHEDULE", "0 0 * * *").strip()


@dag(
    dag_id="zoom_recording_archive",
    # Interval semantics: the run at midnight UTC archives the previous UTC day.
    schedule=None
    if SCHEDULE.lower() in ("", "none")
    else CronDataIntervalTimetable(SCHEDULE, timezone="UTC"),
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
        # Counts and the manifest path, not per-file rows: 200 meetings stay a few KB of XCom.
        max_xcom_rows=0,
        pool=POOL_LIGHT,
        map_index_template="{{ task.meeting_id }}",
    ).expand(meeting_id=list_recorded_meetings())

    @task(trigger_rule="none_failed")
    def summarize(results: Any) -> dict[str, Any]:
        """Files, bytes and manifest paths of every archived (or already archived) meeting."""
        from airflow_provider_zoom.transfers.recordings import archive_totals

        totals = archive_totals(results or [])
        print(
            f"{totals['files']} file(s), {totals['bytes']} bytes archived to {DEST} ({totals['archived']} "
            f"new, {totals['skipped']} already there, {totals['not_ready']} not ready) with "
            f"{len(totals['manifests'])} manifest(s)."
        )
        return totals

    summarize(archive.output)


zoom_recording_archive()
