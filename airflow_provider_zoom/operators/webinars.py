"""Operators for Zoom webinars: create, get, update, delete, list, participants, absentees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.hooks._resources.webinars import WEBINAR_LIST_TYPES
from airflow_provider_zoom.links import WEBINAR_ID_XCOM_KEY, ZoomWebinarLink
from airflow_provider_zoom.operators._fields import SCHEDULE_FIELDS, ScheduleFieldsOperator, is_static
from airflow_provider_zoom.operators.base import (
    ZoomBaseOperator,
    ZoomListOperator,
    check_max_results,
    push_xcom,
)
from airflow_provider_zoom.validation import (
    WEBINAR,
    WEBINAR_ONLY_FIELDS,
    check_choice,
    require,
)

if TYPE_CHECKING:
    from airflow.sdk import Context

WEBINAR_FIELDS = (*SCHEDULE_FIELDS, *WEBINAR_ONLY_FIELDS)

_WEBINAR_PARAMS_DOC = """
    :param topic: the webinar's topic (at most 200 characters).
    :param type: 5 webinar (Zoom's default), 6 recurring with no fixed time, 9 recurring with a fixed
        time (needs ``recurrence``).
    :param start_time: a datetime or ISO 8601 text; sent in UTC, or as wall-clock time in
        ``timezone`` when it has no offset.
    :param duration: minutes.
    :param timezone: IANA time zone.
    :param password: passcode: at most 10 characters (the account's passcode rules may ask for more).
    :param agenda: description, at most 2,000 characters.
    :param recurrence: as for meetings (type 1 daily, 2 weekly, 3 monthly; repeat_interval at most
        90 days, 12 weeks or 3 months; end_times 1-60).
    :param settings: checked settings: host_video, panelists_video, practice_session, hd_video,
        on_demand, approval_type (0/1/2), registration_type (1/2/3), registrants_email_notification,
        audio, auto_recording, global_dial_in_countries.
    :param settings_extra: any other webinar setting, sent unchecked.
    :param default_passcode: let Zoom generate a passcode (create only).
    :param schedule_for: schedule on behalf of this user.
    :param template_id: create from this webinar template (create only).
    :param tracking_fields: ``[{"field": ..., "value": ...}]``.
    :param extra_fields: top-level fields Zoom added later, sent as-is.
"""


class ZoomCreateWebinarOperator(ScheduleFieldsOperator):
    """
    Create a webinar (the host needs a Webinar license) and return it (``id``, ``join_url``, ...).

    Scope ``webinar:write:webinar:admin`` (or ``webinar:write:admin``). Every input is templated.

    :param user_id: the host: user id, email or ``me``.
    """

    __doc__ = (__doc__ or "") + _WEBINAR_PARAMS_DOC
    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "user_id", *WEBINAR_FIELDS)
    template_fields_renderers = {"recurrence": "json", "settings": "json", "settings_extra": "json"}
    operator_extra_links = (ZoomWebinarLink(),)
    kind = WEBINAR
    field_names = WEBINAR_FIELDS

    def __init__(self, *, user_id: str = "me", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id

    def execute(self, context: Context) -> dict[str, Any]:
        webinar = self.hook.create_webinar(self.user_id, **self.schedule_fields())
        self.log.info("Created webinar %s (%s).", webinar.get("id"), webinar.get("topic"))
        push_xcom(context, self, WEBINAR_ID_XCOM_KEY, webinar.get("id"))
        return webinar


class ZoomUpdateWebinarOperator(ScheduleFieldsOperator):
    """
    Update a webinar (only the given fields change) and return it as Zoom now has it.

    Scope ``webinar:update:webinar:admin`` (or ``webinar:write:admin``).

    :param webinar_id: the webinar id.
    :param occurrence_id: update only this occurrence.
    :param return_webinar: read the webinar back after the update; else return ``{"id": webinar_id}``.
    """

    __doc__ = (__doc__ or "") + _WEBINAR_PARAMS_DOC
    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "webinar_id",
        "occurrence_id",
        *WEBINAR_FIELDS,
    )
    template_fields_renderers = {"recurrence": "json", "settings": "json", "settings_extra": "json"}
    operator_extra_links = (ZoomWebinarLink(),)
    kind = WEBINAR
    field_names = WEBINAR_FIELDS
    creating = False

    def __init__(
        self,
        *,
        webinar_id: int | str,
        occurrence_id: str | None = None,
        return_webinar: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.occurrence_id = occurrence_id
        self.return_webinar = return_webinar

    def execute(self, context: Context) -> dict[str, Any]:
        require("webinar_id", self.webinar_id)
        self.hook.update_webinar(self.webinar_id, occurrence_id=self.occurrence_id, **self.schedule_fields())
        self.log.info("Updated webinar %s.", self.webinar_id)
        push_xcom(context, self, WEBINAR_ID_XCOM_KEY, self.webinar_id)
        if self.return_webinar:
            return self.hook.get_webinar(self.webinar_id, occurrence_id=self.occurrence_id)
        return {"id": self.webinar_id}


class ZoomGetWebinarOperator(ZoomBaseOperator):
    """
    Return a webinar's details. Scope ``webinar:read:webinar:admin`` (or ``webinar:read:admin``).

    :param webinar_id: the webinar id.
    :param occurrence_id: one occurrence of a recurring webinar.
    :param show_previous_occurrences: include past occurrences.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "webinar_id",
        "occurrence_id",
        "show_previous_occurrences",
    )
    operator_extra_links = (ZoomWebinarLink(),)

    def __init__(
        self,
        *,
        webinar_id: int | str,
        occurrence_id: str | None = None,
        show_previous_occurrences: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.occurrence_id = occurrence_id
        self.show_previous_occurrences = show_previous_occurrences

    def execute(self, context: Context) -> dict[str, Any]:
        webinar = self.hook.get_webinar(
            self.webinar_id,
            occurrence_id=self.occurrence_id,
            show_previous_occurrences=self.show_previous_occurrences,
        )
        push_xcom(context, self, WEBINAR_ID_XCOM_KEY, webinar.get("id") or self.webinar_id)
        return webinar


class ZoomDeleteWebinarOperator(ZoomBaseOperator):
    """
    Delete a webinar or one occurrence. Scope ``webinar:delete:webinar:admin`` (or ``webinar:write:admin``).

    :param webinar_id: the webinar id.
    :param occurrence_id: delete only this occurrence.
    :param cancel_webinar_reminder: email panelists and registrants about the cancellation.
    :return: ``{"id": webinar_id, "occurrence_id": ..., "deleted": True}``.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "webinar_id",
        "occurrence_id",
        "cancel_webinar_reminder",
    )

    def __init__(
        self,
        *,
        webinar_id: int | str,
        occurrence_id: str | None = None,
        cancel_webinar_reminder: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.occurrence_id = occurrence_id
        self.cancel_webinar_reminder = cancel_webinar_reminder

    def execute(self, context: Context) -> dict[str, Any]:
        self.hook.delete_webinar(
            self.webinar_id,
            occurrence_id=self.occurrence_id,
            cancel_webinar_reminder=self.cancel_webinar_reminder,
        )
        self.log.info("Deleted webinar %s.", self.webinar_id)
        return {"id": self.webinar_id, "occurrence_id": self.occurrence_id, "deleted": True}


class ZoomListWebinarsOperator(ZoomListOperator):
    """
    Return a user's webinars, every page. Scope ``webinar:read:list_webinars:admin``
    (or ``webinar:read:admin``).

    For large lists use the transfer operators in :mod:`airflow_provider_zoom.transfers`.

    :param user_id: user id, email or ``me``.
    :param type: ``scheduled`` (default) or ``upcoming``.
    :param max_results: stop after this many webinars.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "user_id", "type", "max_results")

    def __init__(
        self, *, user_id: str = "me", type: str | None = None, max_results: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if is_static(type):
            check_choice("type", type, WEBINAR_LIST_TYPES)
        self.user_id = user_id
        self.type = type
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_webinars(
            self.user_id, type=self.type or None, max_results=check_max_results(self.max_results)
        )


class ZoomListWebinarParticipantsOperator(ZoomListOperator):
    """
    Return who attended an ended webinar, every page. Scope ``webinar:read:list_past_participants:admin``
    (or ``webinar:read:admin``).

    For large webinars use the transfer operators in :mod:`airflow_provider_zoom.transfers`.

    :param webinar_id: the webinar id or an instance UUID.
    :param max_results: stop after this many participants.
    """

    template_fields: Sequence[str] = (*ZoomListOperator.template_fields, "webinar_id", "max_results")

    def __init__(self, *, webinar_id: int | str, max_results: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_webinar_participants(
            self.webinar_id, max_results=check_max_results(self.max_results)
        )


class ZoomListWebinarAbsenteesOperator(ZoomListOperator):
    """
    Return the registrants who did not attend an ended webinar, every page.
    Scope ``webinar:read:list_absentees:admin`` (or ``webinar:read:admin``).

    :param webinar_id: the webinar id or an instance UUID.
    :param occurrence_id: the occurrence of a recurring webinar.
    :param max_results: stop after this many registrants.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "webinar_id",
        "occurrence_id",
        "max_results",
    )

    def __init__(
        self,
        *,
        webinar_id: int | str,
        occurrence_id: str | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.webinar_id = webinar_id
        self.occurrence_id = occurrence_id
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        return self.hook.list_webinar_absentees(
            self.webinar_id, occurrence_id=self.occurrence_id, max_results=check_max_results(self.max_results)
        )
