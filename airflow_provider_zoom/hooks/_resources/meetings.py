"""Meetings: create, get, update, delete, list, invitation, status, past meetings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import MEETING_PATH, api_path
from airflow_provider_zoom._values.dates import check_range
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import (
    MEETING,
    MeetingFields,
    build_meeting_payload,
    check_bool,
    check_choice,
    require,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

MEETING_LIST_TYPES = facts.enum("GET", "/users/{userId}/meetings", "query.type")
MEETING_STATUS_ACTIONS = facts.enum("PUT", "/meetings/{meetingId}/status", "body.action")


class MeetingsMixin(ZoomApiBase):
    """Meeting actions (scopes: ``meeting:read:meeting:admin``, ``meeting:write:meeting:admin``, ...)."""

    def create_meeting(
        self,
        user_id: str = "me",
        **fields: Unpack[MeetingFields],
    ) -> dict[str, Any]:
        """
        Create a meeting for a user (scope ``meeting:write:meeting:admin``; Zoom caps create and
        update at 100 per host per day). Every field is checked before the request.

        :param user_id: the host: user id, email or ``me`` (the connection's user).
        :param fields: the meeting's fields (:class:`~airflow_provider_zoom.validation.MeetingFields`);
            any other keyword is refused, naming it (fields Zoom added later go in ``extra_fields``).
        :return: the created meeting (``id``, ``join_url``, ``start_url``, ``password``, ...).
        """
        body = build_meeting_payload(fields, kind=MEETING, create=True)
        return self.request("POST", api_path("/users/{user_id}/meetings", user_id=user_id), json=body)

    def get_meeting(
        self,
        meeting_id: int | str,
        *,
        occurrence_id: str | None = None,
        show_previous_occurrences: bool | None = None,
    ) -> dict[str, Any]:
        """
        A meeting's details (scope ``meeting:read:meeting:admin``).

        :param meeting_id: the meeting id.
        :param occurrence_id: one occurrence of a recurring meeting.
        :param show_previous_occurrences: include past occurrences of a recurring meeting.
        """
        return self.request(
            "GET",
            api_path(MEETING_PATH, meeting_id=meeting_id),
            params=drop_none(
                {
                    "occurrence_id": occurrence_id,
                    "show_previous_occurrences": check_bool(
                        "show_previous_occurrences", show_previous_occurrences
                    ),
                }
            ),
        )

    def update_meeting(
        self,
        meeting_id: int | str,
        *,
        occurrence_id: str | None = None,
        **fields: Unpack[MeetingFields],
    ) -> dict[str, Any]:
        """
        Update a meeting, or one occurrence of it (scope ``meeting:update:meeting:admin``); only the
        given fields change, and at least one must be given. Every field is checked before the request.

        :param meeting_id: the meeting id.
        :param occurrence_id: update only this occurrence of a recurring meeting.
        :param fields: the meeting's fields (:class:`~airflow_provider_zoom.validation.MeetingFields`);
            any other keyword is refused, naming it (fields Zoom added later go in ``extra_fields``).
        :return: ``{}`` (Zoom answers 204).
        """
        body = build_meeting_payload(fields, kind=MEETING, create=False)
        return self.request(
            "PATCH",
            api_path(MEETING_PATH, meeting_id=meeting_id),
            params=drop_none({"occurrence_id": occurrence_id}),
            json=body,
        )

    def delete_meeting(
        self,
        meeting_id: int | str,
        *,
        occurrence_id: str | None = None,
        schedule_for_reminder: bool | None = None,
        cancel_meeting_reminder: bool | None = None,
    ) -> dict[str, Any]:
        """
        Delete a meeting, or one occurrence (scope ``meeting:delete:meeting:admin``).

        :param meeting_id: the meeting id.
        :param occurrence_id: delete only this occurrence.
        :param schedule_for_reminder: email the host (and alternative hosts) about the deletion.
        :param cancel_meeting_reminder: email registrants about the cancellation.
        """
        return self.request(
            "DELETE",
            api_path(MEETING_PATH, meeting_id=meeting_id),
            params=drop_none(
                {
                    "occurrence_id": occurrence_id,
                    "schedule_for_reminder": check_bool("schedule_for_reminder", schedule_for_reminder),
                    "cancel_meeting_reminder": check_bool("cancel_meeting_reminder", cancel_meeting_reminder),
                }
            ),
        )

    def list_meetings(
        self,
        user_id: str = "me",
        *,
        type: str | None = None,
        from_: Any = None,
        to: Any = None,
        timezone: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        A user's meetings, all pages (scope ``meeting:read:list_meetings:admin``).

        :param user_id: user id, email or ``me``.
        :param type: ``scheduled`` (default), ``live``, ``upcoming``, ``upcoming_meetings``,
            ``previous_meetings``.
        :param from_: only meetings from this day (yyyy-mm-dd).
        :param to: only meetings up to this day.
        :param timezone: the time zone ``from_``/``to`` are read in.
        :param max_results: stop after this many meetings.
        """
        start, end = check_range(from_, to)
        params = drop_none(
            {
                "type": check_choice("type", type, MEETING_LIST_TYPES),
                "from": start.isoformat() if start else None,
                "to": end.isoformat() if end else None,
                "timezone": timezone,
            }
        )
        return list(
            self.paginate(
                api_path("/users/{user_id}/meetings", user_id=user_id),
                items_key="meetings",
                params=params,
                max_results=max_results,
            )
        )

    def get_meeting_invitation(self, meeting_id: int | str) -> dict[str, Any]:
        """
        The meeting's invitation text (scope ``meeting:read:invitation:admin``).

        :param meeting_id: the meeting id.
        :return: ``{"invitation": "..."}``.
        """
        return self.request("GET", api_path("/meetings/{meeting_id}/invitation", meeting_id=meeting_id))

    def update_meeting_status(self, meeting_id: int | str, action: str) -> dict[str, Any]:
        """
        End a live meeting or recover a deleted one (scope ``meeting:update:status:admin``).

        :param meeting_id: the meeting id.
        :param action: ``end`` or ``recover``.
        """
        check_choice("action", require("action", action), MEETING_STATUS_ACTIONS)
        return self.request(
            "PUT",
            api_path("/meetings/{meeting_id}/status", meeting_id=meeting_id),
            json={"action": action},
        )

    def get_past_meeting(self, meeting_uuid: int | str) -> dict[str, Any]:
        """
        An ended meeting instance's details (scope ``meeting:read:past_meeting:admin``).

        :param meeting_uuid: the instance UUID (double-encoded when Zoom requires it), or the
            numeric id for the latest instance.
        """
        return self.request("GET", api_path("/past_meetings/{meeting_uuid}", meeting_uuid=meeting_uuid))

    def list_past_meeting_instances(self, meeting_id: int | str) -> list[dict[str, Any]]:
        """
        The ended instances of a meeting, ``[{"uuid", "start_time"}]`` (scope
        ``meeting:read:list_past_instances:admin``; Zoom returns them in one page).

        :param meeting_id: the meeting id.
        """
        body = self.request("GET", api_path("/past_meetings/{meeting_id}/instances", meeting_id=meeting_id))
        return list(body.get("meetings") or [])

    def list_past_meeting_participants(
        self, meeting_uuid: str, *, max_results: int | None = None
    ) -> list[dict[str, Any]]:
        """
        Who joined an ended meeting instance, all pages (scope
        ``meeting:read:list_past_participants:admin``).

        :param meeting_uuid: the instance UUID, or the numeric id for the latest instance.
        :param max_results: stop after this many participants.
        """
        return list(
            self.paginate(
                api_path("/past_meetings/{meeting_uuid}/participants", meeting_uuid=meeting_uuid),
                items_key="participants",
                max_results=max_results,
            )
        )
