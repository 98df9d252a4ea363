"""
Archive a meeting's cloud recordings as soon as Zoom says they are ready.

Zoom posts ``recording.completed`` to the Airflow API server at
``/zoom/webhooks/zoom_default``; the provider's webhook plugin records it as an asset event on
``zoom://<account_id>/recording.completed``, and this DAG runs with that event in
``triggering_asset_events``. It archives exactly the meetings named by the triggering events
(several events can arrive before one run starts, hence the mapped archive task).

Environment:
    ZOOM_ACCOUNT_ID      the Zoom account ID (default ``emulator-account``, the local emulator's)
    ZOOM_ARCHIVE_DEST    where recordings go (default ``file:///tmp/zoom-archive``)
    ZOOM_ARCHIVE_DELETE  ``trash`` or ``delete`` to remove what was archived and verified from Zoom
                         (default: keep everything in Zoom)

With deletion on, each meeting's files are read again from Zoom right before: files Zoom added
after the event (a transcript or summary that completes later) were not archived and stay, and
every file that stays is named in the task's log and result. A later ``recording.completed``
for the same meeting archives them.

The event carries no download token (it is a credential and asset events are visible in the
UI); the transfer asks Zoom for the recordings and a fresh download token itself.

Zoom scopes: ``cloud_recording:read:list_recording_files:admin`` (classic ``recording:read:admin``)
for the archive, with deletion also ``cloud_recording:delete:recording_file:admin``; the app's
event subscription needs the ``recording.completed`` event and its secret token in the
connection's ``webhook_secret_token``.
"""

from __future__ import annotations

import os

from airflow.sdk import DAG, Asset, task

from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator
from airflow_provider_zoom.webhooks.events import meeting_uuids

ZOOM_ACCOUNT_ID = os.environ.get("ZOOM_ACCOUNT_ID", "emulator-account")
ARCHIVE_DEST = os.environ.get("ZOOM_ARCHIVE_DEST", "file:///tmp/zoom-archive")
ARCHIVE_DELETE = os.environ.get("ZOOM_ARCHIVE_DELETE") or None

recording_completed = Asset(f"zoom://{ZOOM_ACCOUNT_ID}/recording.completed")

with DAG(
    dag_id="zoom_event_driven_archive",
    schedule=[recording_completed],
    catchup=False,
    max_active_runs=4,
    tags=["zoom", "recordings", "webhooks"],
    doc_md=__doc__,
):

    @task
    def meetings_to_archive(triggering_asset_events=None) -> list[str]:
        """Read the meeting UUIDs from the recording.completed events that triggered this run."""
        uuids = meeting_uuids(triggering_asset_events or {}, "recording.completed")
        print(f"Archiving {len(uuids)} meeting(s) named by the triggering events.")
        return uuids

    ZoomRecordingsToObjectStorageOperator.partial(
        task_id="archive_recordings",
        dest=ARCHIVE_DEST,
        delete_after_archive=ARCHIVE_DELETE,
    ).expand(meeting_id=meetings_to_archive())
