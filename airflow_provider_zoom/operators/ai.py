"""Operators for Zoom AI Companion: meeting summaries and meeting transcripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, check_max_results
from airflow_provider_zoom.validation import require

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomGetMeetingSummaryOperator(ZoomBaseOperator):
    """
    Return the AI Companion summary of a meeting instance (``summary_overview``, ``summary_details``,
    ``next_steps``, ...).

    Scope ``meeting:read:summary:admin``. Every input is templated.

    :param meeting_uuid: the meeting instance's UUID (or a meeting id for its latest instance).
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_uuid")

    def __init__(self, *, meeting_uuid: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_uuid = meeting_uuid

    def execute(self, context: Context) -> dict[str, Any]:
        require("meeting_uuid", self.meeting_uuid)
        return self.hook.get_meeting_summary(self.meeting_uuid)


class ZoomListMeetingSummariesOperator(ZoomListOperator):
    """
    List the account's AI Companion summaries for meetings that started in a date range.

    Incremental by default: without ``from_``/``to`` it covers the DAG run's data interval (end
    exclusive), so consecutive runs cover each day once. Scope ``meeting:read:list_summaries:admin``.
    Every input is templated.

    :param from_: first day (date, datetime or ``yyyy-mm-dd``); default: the data interval's start.
    :param to: last day, inclusive; default: the last day of the data interval.
    :param max_results: stop after this many summaries.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "from_", "to", "max_results")

    def __init__(
        self, *, from_: Any = None, to: Any = None, max_results: int | str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.from_ = from_
        self.to = to
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        start, end = self.date_range(context, self.from_, self.to)
        summaries = self.hook.list_meeting_summaries(
            start, end, max_results=check_max_results(self.max_results)
        )
        self.log.info("Found %d meeting summaries from %s to %s.", len(summaries), start, end)
        return summaries


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
        require("meeting_id", self.meeting_id)
        if not self.dest:
            text = self.hook.download_meeting_transcript(self.meeting_id)
            self.log.info("Fetched the transcript of meeting %s (%d characters).", self.meeting_id, len(text))
            return text
        from airflow_provider_zoom.transfers._storage import (
            atomic_write,
            check_filesystem,
            resolve_dest,
            safe_segment,
        )

        dest = str(self.dest).strip()
        if dest.endswith("/"):
            dest += f"{safe_segment(self.meeting_id)}.vtt"
        path = resolve_dest(dest, self.dest_conn_id)
        check_filesystem(path)
        with atomic_write(path) as handle:
            result = self.hook.download_meeting_transcript_to(self.meeting_id, handle)
        self.log.info(
            "Wrote the transcript of meeting %s to %s (%d bytes).",
            self.meeting_id,
            path,
            result.bytes_written,
        )
        return {
            "path": str(path),
            "bytes_written": result.bytes_written,
            "sha256": result.sha256,
            "meeting_id": self.meeting_id,
        }
