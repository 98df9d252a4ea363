"""Poll results and Q&A of past meetings and webinars."""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase


class PollsMixin(ZoomApiBase):
    """
    Results of polls and Q&A after a meeting or webinar ended (rate-limit category Medium).

    The account-wide report versions (``/report/webinars/{id}/polls|qa``) are
    ``get_webinar_polls_report`` and ``get_webinar_qa_report``.
    """

    def list_past_meeting_polls(self, meeting_id: int | str) -> dict[str, Any]:
        """
        Poll results of a past meeting: ``{id, uuid, start_time, questions: [...]}``.

        Scope: ``meeting:read:list_poll_results:admin``.

        :param meeting_id: meeting id (latest instance) or instance UUID.
        """
        return self.request("GET", api_path("/past_meetings/{meeting_id}/polls", meeting_id=meeting_id))

    def get_past_meeting_qa(self, meeting_id: int | str) -> dict[str, Any]:
        """
        Q&A of a past meeting: ``{id, uuid, start_time, questions: [{name, email, question_details}]}``.

        Scope: ``meeting:read:past_qa:admin``.

        :param meeting_id: meeting id (latest instance) or instance UUID.
        """
        return self.request("GET", api_path("/past_meetings/{meeting_id}/qa", meeting_id=meeting_id))

    def list_past_webinar_polls(self, webinar_id: int | str) -> dict[str, Any]:
        """
        Poll results of a past webinar: ``{id, uuid, start_time, questions: [...]}``.

        Scope: ``webinar:read:list_past_polls:admin``.

        :param webinar_id: webinar id (latest instance) or instance UUID.
        """
        return self.request("GET", api_path("/past_webinars/{webinar_id}/polls", webinar_id=webinar_id))

    def get_past_webinar_qa(self, webinar_id: int | str) -> dict[str, Any]:
        """
        Q&A of a past webinar: ``{id, uuid, start_time, questions: [...]}``.

        Scope: ``webinar:read:past_qa:admin``.

        :param webinar_id: webinar id (latest instance) or instance UUID.
        """
        return self.request("GET", api_path("/past_webinars/{webinar_id}/qa", webinar_id=webinar_id))
