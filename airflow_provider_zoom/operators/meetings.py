"""Operators for Zoom meetings: create, get, update, delete, list, invitation, status, past meetings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._http.dates import check_range
from airflow_provider_zoom.hooks._resources.meetings import MEETING_LIST_TYPES, MEETING_STATUS_ACTIONS
from airflow_provider_zoom.links import MEETING_ID_XCOM_KEY, ZoomMeetingLink
from airflow_provider_zoom.operators._fields import SCHEDULE_FIELDS, ScheduleFieldsOperator, is_static
from airflow_provider_zoom.operators.base import (
    ZoomBaseOperator,
    ZoomListOperator,
    check_max_results,
    push_xcom,
)
from airflow_provider_zoom.validation import (
    MEETING,
    MEETING_ONLY_FIELDS,
    check_choice,
    require,
)

if TYPE_CHECKING:
    from airflow.sdk import Context

MEETING_FIELDS = (*SCHEDULE_FIELDS, *MEETING_ONLY_FIELDS)

_SCHEDULE_PARAMS_DOC = """
    :param topic: the meeting's topic (at most 200 characters).
    :param type: 1 instant, 2 scheduled (Zoom's default), 3 recurring with no fixed time,
        8 recurring with a fixed time (needs ``recurrence``).
    :param start_time: a datetime, pendulum datetime or ISO 8601 text; sent in UTC
        (``yyyy-MM-ddTHH:mm:ssZ``), or as wall-clock time in ``timezone`` when it has no offset.
    :param duration: minutes.
    :param timezone: IANA time zone, e.g. ``Europe/Berlin``.
    :param password: passcode: at most 10 characters (the account's passcode rules may ask for more).
    :param agenda: description, at most 2,000 characters.
    :param recurrence: ``{"type": 1|2|3, "repeat_interval", "weekly_days", "monthly_day",
        "monthly_week", "monthly_week_day", "end_times" | "end_date_time"}``; repeat_interval at most
        99 days, 50 weeks or 10 months; end_times at most 60.
    :param settings: checked settings: host_video, participant_video, join_before_host,
        mute_upon_entry, watermark, use_pmi, approval_type (0/1/2), registration_type (1/2/3),
        registrants_email_notification, audio (both/telephony/voip/thirdParty),
        auto_recording (local/cloud/none), global_dial_in_countries.
    :param settings_extra: any other setting Zoom accepts, sent unchecked.
    :param default_password: let Zoom generate a passcode (create only).
    :param pre_schedule: create a pre-scheduled meeting (GSuite add-on).
    :param schedule_for: schedule on behalf of this user (email or id).
    :param template_id: create from (or apply) this meeting template.
    :param tracking_fields: ``[{"field": ..., "value": ...}]``.
    :param extra_fields: top-level fields Zoom added later, sent as-is.
"""


class ZoomCreateMeetingOperator(ScheduleFieldsOperator):
    """
    Create a Zoom meeting and return it (``id``, ``join_url``, ``start_url``, ``password``, ...).

    Scope ``meeting:write:meeting:admin`` (or ``meeting:write:admin``). Zoom allows 100 meeting
    create/update calls per host per day. Every input is templated.

    :param user_id: the host: user id, email or ``me`` (the connection's user).
    """

    __doc__ = (__doc__ or "") + _SCHEDULE_PARAMS_DOC
    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "user_id", *MEETING_FIELDS)
    template_fields_renderers = {"recurrence": "json", "settings": "json", "settings_extra": "json"}
    operator_extra_links = (ZoomMeetingLink(),)
    kind = MEETING
    field_names = MEETING_FIELDS

    def __init__(self, *, user_id: str = "me", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id

    def execute(self, context: Context) -> dict[str, Any]:
        meeting = self.hook.create_meeting(self.user_id, **self.schedule_fields())
        self.log.info("Created meeting %s (%s).", meeting.get("id"), meeting.get("topic"))
        push_xcom(context, self, MEETING_ID_XCOM_KEY, meeting.get("id"))
        return meeting


class ZoomUpdateMeetingOperator(ScheduleFieldsOperator):
    """
    Update a meeting (only the given fields change) and return the meeting as Zoom now has it.

    Scope ``meeting:update:meeting:admin`` (or ``meeting:write:admin``); the read-back needs
    ``meeting:read:meeting:admin``.

    :param meeting_id: the meeting id.
    :param occurrence_id: update only this occurrence of a recurring meeting.
    :param return_meeting: read the meeting back after the update (one more call); else return
        ``{"id": meeting_id}``.
    """

    __doc__ = (__doc__ or "") + _SCHEDULE_PARAMS_DOC
    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "meeting_id",
        "occurrence_id",
        *MEETING_FIELDS,
    )
    template_fields_renderers = {"recurrence": "json", "settings": "json", "settings_extra": "json"}
    operator_extra_links = (ZoomMeetingLink(),)
    kind = MEETING
    field_names = MEETING_FIELDS
    creating = False

    def __init__(
        self,
        *,
        meeting_id: int | str,
        occurrence_id: str | None = None,
        return_meeting: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.occurrence_id = occurrence_id
        self.return_meeting = return_meeting

    def execute(self, context: Context) -> dict[str, Any]:
        require("meeting_id", self.meeting_id)
        self.hook.update_meeting(self.meeting_id, occurrence_id=self.occurrence_id, **self.schedule_fields())
        self.log.info("Updated meeting %s.", self.meeting_id)
        push_xcom(context, self, MEETING_ID_XCOM_KEY, self.meeting_id)
        if self.return_meeting:
            return self.hook.get_meeting(self.meeting_id, occurrence_id=self.occurrence_id)
        return {"id": self.meeting_id}


class ZoomGetMeetingOperator(ZoomBaseOperator):
    """
    Return a meeting's details. Scope ``meeting:read:meeting:admin`` (or ``meeting:read:admin``).

    :param meeting_id: the meeting id.
    :param occurrence_id: one occurrence of a recurring meeting.
    :param show_previous_occurrences: include past occurrences.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "meeting_id",
        "occurrence_id",
        "show_previous_occurrences",
    )
    operator_extra_links = (ZoomMeetingLink(),)

    def __init__(
        self,
        *,
        meeting_id: int | str,
        occurrence_id: str | None = None,
        show_previous_occurrences: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.occurrence_id = occurrence_id
        self.show_previous_occurrences = show_previous_occurrences

    def execute(self, context: Context) -> dict[str, Any]:
        meeting = self.hook.get_meeting(
            self.meeting_id,
            occurrence_id=self.occurrence_id,
            show_previous_occurrences=self.show_previous_occurrences,
        )
        push_xcom(context, self, MEETING_ID_XCOM_KEY, meeting.get("id") or self.meeting_id)
        return meeting


class ZoomDeleteMeetingOperator(ZoomBaseOperator):
    """
    Delete a meeting, or one occurrence of it. Scope ``meeting:delete:meeting:admin``
    (or ``meeting:write:admin``).

    :param meeting_id: the meeting id.
    :param occurrence_id: delete only this occurrence.
    :param schedule_for_reminder: email the host and alternative hosts about the deletion.
    :param cancel_meeting_reminder: email registrants about the cancellation.
    :return: ``{"id": meeting_id, "occurrence_id": ..., "deleted": True}``.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "meeting_id",
        "occurrence_id",
        "schedule_for_reminder",
        "cancel_meeting_reminder",
    )

    def __init__(
        self,
        *,
        meeting_id: int | str,
        occurrence_id: str | None = None,
        schedule_for_reminder: bool | None = None,
        cancel_meeting_reminder: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id
        self.occurrence_id = occurrence_id
        self.schedule_for_reminder = schedule_for_reminder
        self.cancel_meeting_reminder = cancel_meeting_reminder

    def execute(self, context: Context) -> dict[str, Any]:
        self.hook.delete_meeting(
            self.meeting_id,
            occurrence_id=self.occurrence_id,
            schedule_for_reminder=self.schedule_for_reminder,
            cancel_meeting_reminder=self.cancel_meeting_reminder,
        )
        self.log.info("Deleted meeting %s.", self.meeting_id)
        return {"id": self.meeting_id, "occurrence_id": self.occurrence_id, "deleted": True}


class ZoomListMeetingsOperator(ZoomListOperator):
    """
    Return a user's meetings, every page. Scope ``meeting:read:list_meetings:admin``
    (or ``meeting:read:admin``).

    The whole list goes to XCom: for large lists write it to object storage with the transfer
    operators in :mod:`airflow_provider_zoom.transfers` instead.

    :param user_id: user id, email or ``me``.
    :param type: ``scheduled``, ``live``, ``upcoming``, ``upcoming_meetings`` or ``previous_meetings``.
    :param from_: only meetings from this day.
    :param to: only meetings up to this day.
    :param timezone: the time zone ``from_``/``to`` are read in.
    :param max_results: stop after this many meetings.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "user_id",
        "type",
        "from_",
        "to",
        "timezone",
        "max_results",
    )

    def __init__(
        self,
        *,
        user_id: str = "me",
        type: str | None = None,
        from_: Any = None,
        to: Any = None,
        timezone: str | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(type):
            check_choice("type", type, MEETING_LIST_TYPES)
        if is_static(from_) and is_static(to):
            check_range(from_, to)
        self.user_id = user_id
        self.type = type
        self.from_ = from_
        self.to = to
        self.timezone = timezone
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        meetings = self.hook.list_meetings(
            self.user_id,
            type=self.type,
            from_=self.from_,
            to=self.to,
            timezone=self.timezone,
            max_results=check_max_results(self.max_results),
        )
        self.log.info("Listed %d meeting(s) of %s.", len(meetings), self.user_id)
        return meetings


class ZoomGetMeetingInvitationOperator(ZoomBaseOperator):
    """
    Return the meeting's invitation, ``{"invitation": "..."}``. Scope ``meeting:read:invitation:admin``
    (or ``meeting:read:admin``).

    :param meeting_id: the meeting id.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_id")

    def __init__(self, *, meeting_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_meeting_invitation(self.meeting_id)


class ZoomUpdateMeetingStatusOperator(ZoomBaseOperator):
    """
    End a running meeting or recover a deleted one. Scope ``meeting:update:status:admin``
    (or ``meeting:write:admin``).

    :param meeting_id: the meeting id.
    :param action: ``end`` or ``recover``.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_id", "action")

    def __init__(self, *, meeting_id: int | str, action: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if is_static(action):
            check_choice("action", action, MEETING_STATUS_ACTIONS)
        self.meeting_id = meeting_id
        self.action = action

    def execute(self, context: Context) -> dict[str, Any]:
        self.hook.update_meeting_status(self.meeting_id, self.action)
        self.log.info("Meeting %s: %s.", self.meeting_id, self.action)
        return {"id": self.meeting_id, "action": self.action}


class ZoomGetPastMeetingOperator(ZoomBaseOperator):
    """
    Return an ended meeting instance's details. Scope ``meeting:read:past_meeting:admin``
    (or ``meeting:read:admin``).

    :param meeting_uuid: the instance UUID (encoded as Zoom requires), or the meeting id for the
        latest instance.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "meeting_uuid")

    def __init__(self, *, meeting_uuid: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_uuid = meeting_uuid

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_past_meeting(self.meeting_uuid)


class ZoomListPastMeetingInstancesOperator(ZoomListOperator):
    """
    Return the ended instances of a meeting, ``[{"uuid", "start_time"}]``.
    Scope ``meeting:read:list_past_instances:admin`` (or ``meeting:read:admin``).

    :param meeting_id: the meeting id.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "meeting_id")

    def __init__(self, *, meeting_id: int | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_id = meeting_id

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_past_meeting_instances(self.meeting_id)


class ZoomListPastMeetingParticipantsOperator(ZoomListOperator):
    """
    Return who joined an ended meeting instance, every page.
    Scope ``meeting:read:list_past_participants:admin`` (or ``meeting:read:admin``).

    For large meetings write the list to object storage with the transfer operators in
    :mod:`airflow_provider_zoom.transfers` instead of XCom.

    :param meeting_uuid: the instance UUID, or the meeting id for the latest instance.
    :param max_results: stop after this many participants.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "meeting_uuid", "max_results")

    def __init__(self, *, meeting_uuid: str, max_results: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.meeting_uuid = meeting_uuid
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_past_meeting_participants(
            self.meeting_uuid, max_results=check_max_results(self.max_results)
        )
