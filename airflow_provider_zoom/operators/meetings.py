"""Operators for Zoom meetings: create, get, update, delete, list, invitation, status, past meetings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.links import MEETING_ID_XCOM_KEY, ZoomMeetingLink
from airflow_provider_zoom.operators.base import (
    ZoomBaseOperator,
    ZoomHostUrlOperator,
    ZoomListOperator,
    push_xcom,
)

if TYPE_CHECKING:
    from airflow.sdk import Context

# Shown as JSON in the UI's rendered-template view.
SCHEDULE_RENDERERS = {"recurrence": "json", "settings": "json", "settings_extra": "json"}


class ZoomCreateMeetingOperator(ZoomHostUrlOperator):
    """
    Create a Zoom meeting and return it (``id``, ``join_url``, ``password``, ...; ``start_url`` only
    when ``include_start_url``).

    Scope ``meeting:write:meeting:admin`` (or ``meeting:write:admin``). Zoom allows 100 meeting
    create/update calls per host per day. Every input is templated.
    """

    hook_method = "create_meeting"
    template_fields_renderers = SCHEDULE_RENDERERS
    operator_extra_links = (ZoomMeetingLink(),)

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Created meeting %s (%s).", reply.get("id"), reply.get("topic"))
        push_xcom(context, self, MEETING_ID_XCOM_KEY, reply.get("id"))
        return reply


class ZoomUpdateMeetingOperator(ZoomHostUrlOperator):
    """
    Update a meeting (only the given fields change) and return the meeting as Zoom now has it.

    Scope ``meeting:update:meeting:admin`` (or ``meeting:write:admin``); the read-back needs
    ``meeting:read:meeting:admin``.

    :param return_meeting: read the meeting back after the update (one more call); else return
        ``{"id": meeting_id}``.
    """

    hook_method = "update_meeting"
    template_fields_renderers = SCHEDULE_RENDERERS
    operator_extra_links = (ZoomMeetingLink(),)

    def __init__(self, *, return_meeting: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.return_meeting = return_meeting

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Updated meeting %s.", sent["meeting_id"])
        push_xcom(context, self, MEETING_ID_XCOM_KEY, sent["meeting_id"])
        if self.return_meeting:
            return self.hook.get_meeting(sent["meeting_id"], occurrence_id=sent["occurrence_id"])
        return {"id": sent["meeting_id"]}


class ZoomGetMeetingOperator(ZoomHostUrlOperator):
    """Return a meeting's details. Scope ``meeting:read:meeting:admin`` (or ``meeting:read:admin``)."""

    hook_method = "get_meeting"
    operator_extra_links = (ZoomMeetingLink(),)

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        push_xcom(context, self, MEETING_ID_XCOM_KEY, reply.get("id") or sent["meeting_id"])
        return reply


class ZoomDeleteMeetingOperator(ZoomBaseOperator):
    """
    Delete a meeting, or one occurrence of it, and return ``{"id": meeting_id, "occurrence_id": ...,
    "deleted": True}``. Scope ``meeting:delete:meeting:admin`` (or ``meeting:write:admin``).
    """

    hook_method = "delete_meeting"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Deleted meeting %s.", sent["meeting_id"])
        return {"id": sent["meeting_id"], "occurrence_id": sent["occurrence_id"], "deleted": True}


class ZoomListMeetingsOperator(ZoomListOperator):
    """
    Return a user's meetings, every page. Scope ``meeting:read:list_meetings:admin``
    (or ``meeting:read:admin``).

    The whole list goes to XCom: for large lists write it to object storage with the transfer
    operators in :mod:`airflow_provider_zoom.transfers` instead.
    """

    hook_method = "list_meetings"


class ZoomGetMeetingInvitationOperator(ZoomBaseOperator):
    """
    Return the meeting's invitation, ``{"invitation": "..."}``. Scope ``meeting:read:invitation:admin``
    (or ``meeting:read:admin``).
    """

    hook_method = "get_meeting_invitation"


class ZoomUpdateMeetingStatusOperator(ZoomBaseOperator):
    """
    End a running meeting or recover a deleted one and return ``{"id": meeting_id, "action": ...}``.
    Scope ``meeting:update:status:admin`` (or ``meeting:write:admin``).
    """

    hook_method = "update_meeting_status"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Meeting %s: %s.", sent["meeting_id"], sent["action"])
        return {"id": sent["meeting_id"], "action": sent["action"]}


class ZoomGetPastMeetingOperator(ZoomBaseOperator):
    """
    Return an ended meeting instance's details. Scope ``meeting:read:past_meeting:admin``
    (or ``meeting:read:admin``).
    """

    hook_method = "get_past_meeting"


class ZoomListPastMeetingInstancesOperator(ZoomListOperator):
    """
    Return the ended instances of a meeting, ``[{"uuid", "start_time"}]``.
    Scope ``meeting:read:list_past_instances:admin`` (or ``meeting:read:admin``).
    """

    hook_method = "list_past_meeting_instances"


class ZoomListPastMeetingParticipantsOperator(ZoomListOperator):
    """
    Return who joined an ended meeting instance, every page.
    Scope ``meeting:read:list_past_participants:admin`` (or ``meeting:read:admin``).

    For large meetings write the list to object storage with the transfer operators in
    :mod:`airflow_provider_zoom.transfers` instead of XCom.
    """

    hook_method = "list_past_meeting_participants"
