"""
Wait for a Zoom meeting to end and its cloud recording to be processed, without holding a worker slot.

What it shows:

- ``ZoomMeetingEndedSensor`` and ``ZoomRecordingReadySensor`` in deferrable mode: each looks once,
  then hands the waiting to the triggerer, which polls Zoom every ``poke_interval`` seconds;
- the recording JSON returned by the sensor (pushed to XCom) feeding the next task, here a summary of
  the files that a copy task would archive.

Run it for a meeting with
``airflow dags trigger zoom_wait_for_recording --conf '{"meeting_id": 85746065432}'``,
or set ``ZOOM_MEETING_ID`` for the default. ``ZOOM_POKE_INTERVAL`` (seconds, default 60) sets
how often Zoom is asked.

The sensors run in their own pool, ``zoom_sensors`` (or the pool named by ``ZOOM_POOL_SENSORS``), so
that a fan-out of archive tasks in the other Zoom pools never delays their first look; create it once,
e.g. ``airflow pools set zoom_sensors 4 "Zoom sensors"``. Deferred, they hold no slot.

Connection: ``zoom_default`` (Server-to-Server OAuth app). Scopes:
``meeting:read:meeting:admin``, ``meeting:read:past_meeting:admin`` and
``cloud_recording:read:list_recording_files:admin`` (classic: ``meeting:read:admin`` and
``recording:read:admin``).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from airflow.sdk import DAG, Param, task

from airflow_provider_zoom.sensors.zoom import ZoomMeetingEndedSensor, ZoomRecordingReadySensor

POKE_INTERVAL = float(os.environ.get("ZOOM_POKE_INTERVAL", "60"))
POOL_SENSORS = os.environ.get("ZOOM_POOL_SENSORS", "zoom_sensors")

with DAG(
    dag_id="zoom_wait_for_recording",
    schedule=None,
    start_date=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc),
    catchup=False,
    tags=["zoom", "example"],
    params={
        "meeting_id": Param(
            os.environ.get("ZOOM_MEETING_ID", ""),
            type=["string", "integer"],
            description="Numeric id of the meeting (the latest instance is used).",
        ),
    },
) as dag:
    meeting_ended = ZoomMeetingEndedSensor(
        task_id="meeting_ended",
        meeting_id="{{ params.meeting_id }}",
        deferrable=True,
        poke_interval=POKE_INTERVAL,
        timeout=dt.timedelta(hours=12).total_seconds(),
        pool=POOL_SENSORS,
    )

    recording_ready = ZoomRecordingReadySensor(
        task_id="recording_ready",
        meeting_id="{{ params.meeting_id }}",
        file_types=["MP4", "M4A"],
        deferrable=True,
        poke_interval=POKE_INTERVAL,
        timeout=dt.timedelta(hours=24).total_seconds(),
        pool=POOL_SENSORS,
    )

    @task
    def summarise(recording: dict[str, Any]) -> dict[str, Any]:
        """What an archive task would copy: one line per file, no URLs (they can carry tokens)."""
        files = [
            {
                "file_type": f.get("file_type"),
                "file_size": f.get("file_size"),
                "status": f.get("status", "listed"),
            }
            for f in recording.get("recording_files", [])
        ]
        print(f"Recording {recording.get('uuid')} of meeting {recording.get('id')} is ready: {files}")
        return {"uuid": recording.get("uuid"), "files": len(files)}

    meeting_ended >> recording_ready
    summarise(recording_ready.output)
