"""AI Companion: meeting summaries and meeting transcripts."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom._values.dates import utc_today
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase

DateLike = dt.date | dt.datetime | str


def _whole_utc_days(first: dt.date, last: dt.date) -> dict[str, str]:
    return {"from": f"{first.isoformat()}T00:00:00Z", "to": f"{last.isoformat()}T23:59:59Z"}


class AiCompanionMixin(ZoomApiBase):
    """
    AI Companion actions.

    Scopes: ``meeting:read:summary:admin`` (one summary), ``meeting:read:list_summaries:admin`` (the
    account's summaries), ``cloud_recording:read:meeting_transcript:admin`` (transcripts).
    """

    def get_meeting_summary(self, meeting_uuid: int | str) -> dict[str, Any]:
        """
        The AI Companion summary of one meeting or webinar instance.

        Scope: ``meeting:read:summary:admin`` (rate-limit category Light).

        :param meeting_uuid: the instance UUID (encoded twice when it starts with ``/`` or holds
            ``//``), or a meeting id for its latest instance.
        :return: ``summary_title``, ``summary_overview``, ``summary_details``, ``next_steps`` and the
            meeting's ids, topic and times.
        """
        return self.request(
            "GET", api_path("/meetings/{meeting_uuid}/meeting_summary", meeting_uuid=meeting_uuid)
        )

    def list_meeting_summaries(
        self,
        from_: DateLike | None = None,
        to: DateLike | None = None,
        *,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        The account's AI Companion summaries (headers only) created in a date range (Zoom filters
        ``from``/``to`` by the summary's creation time).

        Zoom serves one month per call; longer ranges are walked month by month, each window sent as
        whole UTC days (``from`` at 00:00:00Z, ``to`` at 23:59:59Z) so no day is cut short.
        Scope: ``meeting:read:list_summaries:admin`` (rate-limit category Medium).

        :param from_: first day (default: today).
        :param to: last day, inclusive (default: ``from_``).
        :param max_results: stop after this many summaries.
        :return: summaries with ``meeting_uuid``, ``meeting_id``, ``meeting_topic``, start and end times.
        """
        start = from_ or utc_today()
        return list(
            self.paginate_date_range(
                "/meetings/meeting_summaries",
                items_key="summaries",
                from_=start,
                to=to or start,
                max_results=max_results,
                window_params=_whole_utc_days,
            )
        )

    def get_meeting_transcript(self, meeting_id: int | str) -> dict[str, Any]:
        """
        A meeting's transcript metadata, with the ``download_url`` of its VTT file.

        Scope: ``cloud_recording:read:meeting_transcript:admin`` (rate-limit category Medium).

        :param meeting_id: meeting id (latest instance) or instance UUID.
        :return: ``meeting_id``, ``meeting_topic``, ``host_id``, ``transcript_created_time``,
            ``can_download``, ``download_url`` and the auto-delete fields.
        """
        return self.request("GET", api_path("/meetings/{meeting_id}/transcript", meeting_id=meeting_id))

    def download_meeting_transcript(self, meeting_id: int | str, *, encoding: str = "utf-8") -> str:
        """
        A meeting's transcript as WebVTT text.

        :param meeting_id: meeting id (latest instance) or instance UUID.
        :param encoding: text encoding of the file (Zoom writes UTF-8).
        :raises ZoomApiError: when the transcript cannot be downloaded.
        """
        buffer = io.BytesIO()
        self.download_meeting_transcript_to(meeting_id, buffer)
        return buffer.getvalue().decode(encoding)

    def download_meeting_transcript_to(self, meeting_id: int | str, fileobj: Any) -> Any:
        """
        Stream a meeting's transcript file into ``fileobj``; return the hook's download result.

        :param meeting_id: meeting id (latest instance) or instance UUID.
        :param fileobj: a writable binary file object.
        """
        meta = self.get_meeting_transcript(meeting_id)
        url = meta.get("download_url")
        if not url or meta.get("can_download") is False:
            from airflow_provider_zoom.exceptions import ZoomApiError

            raise ZoomApiError(
                status_code=200,
                zoom_message="Zoom lists a transcript for this meeting but does not allow downloading it",
                method="GET",
                path=api_path("/meetings/{meeting_id}/transcript", meeting_id=meeting_id),
                hint="Check the account's cloud recording settings (transcript download permission).",
            )
        return self.download(url, fileobj)  # type: ignore[attr-defined]
