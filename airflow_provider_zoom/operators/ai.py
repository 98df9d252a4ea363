"""Operators for Zoom AI Companion: meeting summaries and meeting transcripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.operators._days import DayRangeListOperator
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.validation import check_id

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomGetMeetingSummaryOperator(ZoomBaseOperator):
    """
    Return the AI Companion summary of a meeting instance (``summary_overview``, ``summary_details``,
    ``next_steps``, ...). Scope ``meeting:read:summary:admin``.
    """

    hook_method = "get_meeting_summary"


class ZoomListMeetingSummariesOperator(DayRangeListOperator):
    """
    List the account's AI Companion summaries for meetings that started in a date range.
    Scope ``meeting:read:list_summaries:admin``.
    """

    hook_method = "list_meeting_summaries"


class ZoomGetMeetingTranscriptOperator(ZoomBaseOperator):
    """
    Fetch a meeting's transcript (WebVTT): return its text, or write it to object storage.

    With ``dest`` the file is written atomically (a temporary name, renamed when complete; on S3/GCS an
    upload that only appears when complete) and the operator returns ``{"path", "bytes_written",
    "sha256", "meeting_id"}``; without it, the VTT text. Scope
    ``cloud_recording:read:meeting_transcript:admin``. Every input is templated.

    :param meeting_id: meeting id (latest instance) or instance UUID.
    :param dest: optional destination: a file URL (``s3://bucket/transcripts/123.vtt``) or a folder
        URL ending in ``/`` (the file is then named ``<meeting_id>.vtt``).
    :param dest_conn_id: Airflow connection for the destination store.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_id", "dest", "dest_conn_id")

    def __init__(
        self,
        *,
        meeting_id: int | str,
        dest: str | None = None,
        dest_conn_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.dest = dest
        self.dest_conn_id = dest_conn_id

    def execute(self, context: Context) -> Any:
        meeting_id = check_id("meeting_id", self.meeting_id)
        if not self.dest:
            text = self.hook.download_meeting_transcript(meeting_id)
            self.log.info("Fetched the transcript of meeting %s (%d characters).", meeting_id, len(text))
            return text
        from airflow_provider_zoom._storage.objects import (
            atomic_write,
            check_filesystem,
            resolve_dest,
            safe_segment,
        )

        dest = str(self.dest).strip()
        if dest.endswith("/"):
            dest += f"{safe_segment(meeting_id)}.vtt"
        path = resolve_dest(dest, self.dest_conn_id)
        check_filesystem(path)
        with atomic_write(path) as handle:
            result = self.hook.download_meeting_transcript_to(meeting_id, handle)
        self.log.info(
            "Wrote the transcript of meeting %s to %s (%d bytes).",
            meeting_id,
            path,
            result.bytes_written,
        )
        return {
            "path": str(path),
            "bytes_written": result.bytes_written,
            "sha256": result.sha256,
            "meeting_id": self.meeting_id,
        }
