"""
Archive one team's recordings and transcripts as soon as Zoom says either is ready.

The DAG runs on **any** of two Zoom events (``Asset | Asset``): ``recording.completed`` and
``recording.transcript_completed`` of the account, both recorded by the provider's webhook plugin.
Every triggering event of the run is then narrowed down with
:func:`~airflow_provider_zoom.webhooks.filters.matching_events`: only meetings hosted by the team's
hosts, whose topic matches the pattern, and that carry a video or transcript file. A run whose
events all fail the rule archives nothing.

Environment:
    ZOOM_ACCOUNT_ID      the Zoom account ID (default ``emulator-account``, the local emulator's)
    ZOOM_ARCHIVE_DEST    where recordings go (default ``file:///tmp/zoom-archive``)
    ZOOM_TEAM_HOSTS      comma-separated host emails or user ids (default ``host@example.com``)
    ZOOM_TOPIC_PATTERN   shell-style topic pattern, case-insensitive (default ``*sync*``)

Zoom scopes: ``cloud_recording:read:list_recording_files:admin`` (classic ``recording:read:admin``)
for the archive; the app's event subscription needs both events and its secret token in the
connection's ``webhook_secret_token``.
"""

from __future__ import annotations

import os

from airflow.sdk import DAG, Asset, task

from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator

ZOOM_ACCOUNT_ID = os.environ.get("ZOOM_ACCOUNT_ID", "emulator-account")
ARCHIVE_DEST = os.environ.get("ZOOM_ARCHIVE_DEST", "file:///tmp/zoom-archive")
TEAM_HOSTS = [h for h in os.environ.get("ZOOM_TEAM_HOSTS", "host@example.com").split(",") if h.strip()]
TOPIC_PATTERN = os.environ.get("ZOOM_TOPIC_PATTERN", "*sync*")
FILE_TYPES = ["MP4", "TRANSCRIPT"]

recording_completed = Asset(f"zoom://{ZOOM_ACCOUNT_ID}/recording.completed")
transcript_completed = Asset(f"zoom://{ZOOM_ACCOUNT_ID}/recording.transcript_completed")

with DAG(
    dag_id="zoom_event_filters",
    # Either event starts a run; several events queued before it starts arrive together.
    schedule=recording_completed | transcript_completed,
    catchup=False,
    max_active_runs=4,
    tags=["zoom", "recordings", "webhooks"],
    doc_md=__doc__,
):

    @task
    def team_meetings(triggering_asset_events=None) -> list[str]:
        """The meeting UUIDs of the triggering events that match the team's rule."""
        from airflow_provider_zoom.webhooks.events import meeting_uuids
        from airflow_provider_zoom.webhooks.filters import matching_events

        events = matching_events(
            triggering_asset_events or {},
            host=TEAM_HOSTS,
            topic=TOPIC_PATTERN,
            file_types=FILE_TYPES,
        )
        uuids = meeting_uuids(events)
        print(f"{len(uuids)} meeting(s) of the team among the triggering events.")
        return uuids

    ZoomRecordingsToObjectStorageOperator.partial(
        task_id="archive_team_recordings",
        dest=ARCHIVE_DEST,
        file_types=FILE_TYPES,
    ).expand(meeting_id=team_meetings())
