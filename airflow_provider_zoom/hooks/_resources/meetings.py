"""Meetings: create, get, update, delete, list, invitation, status, past meetings."""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none


class MeetingsMixin(ZoomApiBase):
    """Meeting actions (scopes: ``meeting:read:meeting:admin``, ``meeting:write:meeting:admin``, ...)."""

    def get_meeting(
        self,
        meeting_id: int | str,
        *,
        occurrence_id: str | None = None,
        show_previous_occurrences: bool | None = None,
    ) -> dict[str, Any]:
        """
        A meeting's details.

        :param meeting_id: the meeting id.
        :param occurrence_id: one occurrence of a recurring meeting.
        :param show_previous_occurrences: include past occurrences of a recurring meeting.
        """
        return self.request(
            "GET",
            api_path("/meetings/{meeting_id}", meeting_id=meeting_id),
            params=drop_none(
                {"occurrence_id": occurrence_id, "show_previous_occurrences": show_previous_occurrences}
            ),
        )
