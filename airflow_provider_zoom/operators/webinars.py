"""Operators for Zoom webinars: create, get, update, delete, list, participants, absentees."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.links import WEBINAR_ID_XCOM_KEY, ZoomWebinarLink
from airflow_provider_zoom.operators.base import (
    ZoomBaseOperator,
    ZoomHostUrlOperator,
    ZoomListOperator,
    push_xcom,
)
from airflow_provider_zoom.operators.meetings import SCHEDULE_RENDERERS

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomCreateWebinarOperator(ZoomHostUrlOperator):
    """
    Create a webinar (the host needs a Webinar license) and return it (``id``, ``join_url``, ...).

    Scope ``webinar:write:webinar:admin`` (or ``webinar:write:admin``). Every input is templated.
    """

    hook_method = "create_webinar"
    template_fields_renderers = SCHEDULE_RENDERERS
    operator_extra_links = (ZoomWebinarLink(),)

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Created webinar %s (%s).", reply.get("id"), reply.get("topic"))
        push_xcom(context, self, WEBINAR_ID_XCOM_KEY, reply.get("id"))
        return reply


class ZoomUpdateWebinarOperator(ZoomHostUrlOperator):
    """
    Update a webinar (only the given fields change) and return it as Zoom now has it.

    Scope ``webinar:update:webinar:admin`` (or ``webinar:write:admin``); the read-back needs
    ``webinar:read:webinar:admin``.

    :param return_webinar: read the webinar back after the update; else return ``{"id": webinar_id}``.
    """

    hook_method = "update_webinar"
    template_fields_renderers = SCHEDULE_RENDERERS
    operator_extra_links = (ZoomWebinarLink(),)

    def __init__(self, *, return_webinar: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.return_webinar = return_webinar

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Updated webinar %s.", sent["webinar_id"])
        push_xcom(context, self, WEBINAR_ID_XCOM_KEY, sent["webinar_id"])
        if self.return_webinar:
            return self.hook.get_webinar(sent["webinar_id"], occurrence_id=sent["occurrence_id"])
        return {"id": sent["webinar_id"]}


class ZoomGetWebinarOperator(ZoomHostUrlOperator):
    """Return a webinar's details. Scope ``webinar:read:webinar:admin`` (or ``webinar:read:admin``)."""

    hook_method = "get_webinar"
    operator_extra_links = (ZoomWebinarLink(),)

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        push_xcom(context, self, WEBINAR_ID_XCOM_KEY, reply.get("id") or sent["webinar_id"])
        return reply


class ZoomDeleteWebinarOperator(ZoomBaseOperator):
    """
    Delete a webinar or one occurrence and return ``{"id": webinar_id, "occurrence_id": ...,
    "deleted": True}``. Scope ``webinar:delete:webinar:admin`` (or ``webinar:write:admin``).
    """

    hook_method = "delete_webinar"

    def result(self, context: Context, reply: dict[str, Any], sent: Mapping[str, Any]) -> dict[str, Any]:
        self.log.info("Deleted webinar %s.", sent["webinar_id"])
        return {"id": sent["webinar_id"], "occurrence_id": sent["occurrence_id"], "deleted": True}


class ZoomListWebinarsOperator(ZoomListOperator):
    """
    Return a user's webinars, every page. Scope ``webinar:read:list_webinars:admin``
    (or ``webinar:read:admin``).

    For large lists use the transfer operators in :mod:`airflow_provider_zoom.transfers`.
    """

    hook_method = "list_webinars"


class ZoomListWebinarParticipantsOperator(ZoomListOperator):
    """
    Return who attended an ended webinar, every page. Scope ``webinar:read:list_past_participants:admin``
    (or ``webinar:read:admin``).

    For large webinars use the transfer operators in :mod:`airflow_provider_zoom.transfers`.
    """

    hook_method = "list_webinar_participants"


class ZoomListWebinarAbsenteesOperator(ZoomListOperator):
    """
    Return the registrants who did not attend an ended webinar, every page.
    Scope ``webinar:read:list_absentees:admin`` (or ``webinar:read:admin``).
    """

    hook_method = "list_webinar_absentees"
