"""
Archive a meeting's cloud recordings when Zoom's event WebSocket says they are ready: no public endpoint.

The triggerer keeps an outbound WebSocket open to Zoom's event subscription (the
``ZoomWebSocketEventTrigger`` watching ``zoom://<account_id>/recording.completed``); every
``recording.completed`` becomes an asset event in the same shape as a webhook-made one, and this DAG
runs with it in ``triggering_asset_events``. Recordings that complete while the socket is down are
found in Zoom's recordings listing after the next connection and sent once (``zoom_source:
"reconciled"``). It archives exactly the meetings named by the triggering events.

Environment:
    ZOOM_ACCOUNT_ID           the Zoom account ID (default ``emulator-account``, the local emulator's)
    ZOOM_SUBSCRIPTION_ID      the event subscription's id (method WebSockets; default
                              ``emulator-subscription``, the emulator's)
    ZOOM_WEBSOCKET_URL        Zoom's WebSocket endpoint (default ``wss://ws.zoom.us/ws``)
    ZOOM_ARCHIVE_DEST         where recordings go (default ``file:///tmp/zoom-archive``)

Zoom scopes: the archive's (``cloud_recording:read:list_recording_files:admin``), and for the
reconciliation ``cloud_recording:read:list_account_recordings:admin`` (the account's recordings
listing); the app's event subscription uses the method WebSockets with the ``recording.completed``
event. See docs/events.md.
"""

from __future__ import annotations

import os

from airflow.sdk import DAG, Asset, AssetWatcher, task

from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator
from airflow_provider_zoom.triggers.websocket import DEFAULT_WEBSOCKET_URL, ZoomWebSocketEventTrigger
from airflow_provider_zoom.webhooks.events import meeting_uuids

ZOOM_ACCOUNT_ID = os.environ.get("ZOOM_ACCOUNT_ID", "emulator-account")
SUBSCRIPTION_ID = os.environ.get("ZOOM_SUBSCRIPTION_ID", "emulator-subscription")
WEBSOCKET_URL = os.environ.get("ZOOM_WEBSOCKET_URL", DEFAULT_WEBSOCKET_URL)
ARCHIVE_DEST = os.environ.get("ZOOM_ARCHIVE_DEST", "file:///tmp/zoom-archive")

recording_completed = Asset(
    f"zoom://{ZOOM_ACCOUNT_ID}/recording.completed",
    watchers=[
        AssetWatcher(
            name="zoom_recordings_websocket",
            # Only recording.completed becomes an asset event; other events of the subscription are dropped
            # in the triggerer.
            trigger=ZoomWebSocketEventTrigger(
                subscription_id=SUBSCRIPTION_ID,
                websocket_url=WEBSOCKET_URL,
                events=["recording.completed"],
            ),
        )
    ],
)

with DAG(
    dag_id="zoom_websocket_archive",
    schedule=[recording_completed],
    catchup=False,
    max_active_runs=4,
    tags=["zoom", "recordings", "websocket"],
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
    ).expand(meeting_id=meetings_to_archive())
