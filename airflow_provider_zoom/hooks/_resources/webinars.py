"""Webinars: create, get, update, delete, list, and who attended or stayed away."""

from __future__ import annotations

import datetime as dt
from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, body_fields, drop_none
from airflow_provider_zoom.validation import (
    WEBINAR,
    build_meeting_payload,
    check_bool,
    check_choice,
)

WEBINAR_LIST_TYPES = facts.enum("GET", "/users/{userId}/webinars", "query.type")


class WebinarsMixin(ZoomApiBase):
    """Webinar actions (scopes: ``webinar:read:webinar:admin``, ``webinar:write:webinar:admin``, ...)."""

    def create_webinar(
        self,
        user_id: str = "me",
        *,
        topic: str | None = None,
        type: int | None = None,
        start_time: dt.datetime | str | None = None,
        duration: int | None = None,
        timezone: str | None = None,
        password: str | None = None,
        agenda: str | None = None,
        recurrence: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        settings_extra: dict[str, Any] | None = None,
        default_passcode: bool | None = None,
        schedule_for: str | None = None,
        template_id: str | None = None,
        tracking_fields: list[dict[str, Any]] | None = None,
        extra_fields: dict[str, Any] | None = None,
        **unknown: Any,
    ) -> dict[str, Any]:
        """
        Create a webinar for a licensed user (scope ``webinar:write:webinar:admin``). Every field is
        checked before the request.

        :param user_id: the host: user id, email or ``me`` (the connection's user).
        :param topic: the webinar's topic (at most 200 characters).
        :param type: 5 webinar (Zoom's default), 6 recurring with no fixed time, 9 recurring with a
            fixed time (needs ``recurrence``).
        :param start_time: a datetime or ISO 8601 text; sent in UTC, or as wall-clock time in
            ``timezone`` when it has no offset.
        :param duration: minutes.
        :param timezone: IANA time zone, e.g. ``Europe/Berlin``.
        :param password: passcode: at most 10 characters (the account's passcode rules may ask for more).
        :param agenda: description, at most 2,000 characters.
        :param recurrence: as for meetings (type 1 daily, 2 weekly, 3 monthly; repeat_interval at most
            90 days, 12 weeks or 3 months; end_times 1-60).
        :param settings: checked settings: host_video, panelists_video, practice_session, hd_video,
            on_demand, approval_type (0/1/2), registration_type (1/2/3), registrants_email_notification,
            audio, auto_recording, global_dial_in_countries, ... (any webinar setting of Zoom's
            reference; an unknown key is refused).
        :param settings_extra: any other webinar setting, sent unchecked.
        :param default_passcode: let Zoom generate a passcode.
        :param schedule_for: schedule on behalf of this user (email or id).
        :param template_id: create from this webinar template.
        :param tracking_fields: ``[{"field": ..., "value": ...}]``.
        :param extra_fields: top-level fields Zoom added later (e.g. ``is_simulive``), sent as-is.
        :param unknown: any other keyword is refused, naming it (fields Zoom added later go in
            ``extra_fields``).
        :return: the created webinar (``id``, ``join_url``, ``start_url``, ...).
        """
        body = build_meeting_payload(body_fields(locals(), "user_id"), kind=WEBINAR, create=True)
        return self.request("POST", api_path("/users/{user_id}/webinars", user_id=user_id), json=body)

    def get_webinar(
        self,
        webinar_id: int | str,
        *,
        occurrence_id: str | None = None,
        show_previous_occurrences: bool | None = None,
    ) -> dict[str, Any]:
        """
        A webinar's details (scope ``webinar:read:webinar:admin``).

        :param webinar_id: the webinar id.
        :param occurrence_id: one occurrence of a recurring webinar.
        :param show_previous_occurrences: include past occurrences of a recurring webinar.
        """
        return self.request(
            "GET",
            api_path("/webinars/{webinar_id}", webinar_id=webinar_id),
            params=drop_none(
                {
                    "occurrence_id": occurrence_id,
                    "show_previous_occurrences": check_bool(
                        "show_previous_occurrences", show_previous_occurrences
                    ),
                }
            ),
        )

    def update_webinar(
        self,
        webinar_id: int | str,
        *,
        occurrence_id: str | None = None,
        topic: str | None = None,
        type: int | None = None,
        start_time: dt.datetime | str | None = None,
        duration: int | None = None,
        timezone: str | None = None,
        password: str | None = None,
        agenda: str | None = None,
        recurrence: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        settings_extra: dict[str, Any] | None = None,
        default_passcode: bool | None = None,
        schedule_for: str | None = None,
        template_id: str | None = None,
        tracking_fields: list[dict[str, Any]] | None = None,
        extra_fields: dict[str, Any] | None = None,
        **unknown: Any,
    ) -> dict[str, Any]:
        """
        Update a webinar or one occurrence (scope ``webinar:update:webinar:admin``); only the given
        fields change, and at least one must be given. Every field is checked before the request.

        :param webinar_id: the webinar id.
        :param occurrence_id: update only this occurrence of a recurring webinar.
        :param topic: the webinar's topic (at most 200 characters).
        :param type: 5 webinar (Zoom's default), 6 recurring with no fixed time, 9 recurring with a
            fixed time (needs ``recurrence``).
        :param start_time: a datetime or ISO 8601 text; sent in UTC, or as wall-clock time in
            ``timezone`` when it has no offset.
        :param duration: minutes.
        :param timezone: IANA time zone, e.g. ``Europe/Berlin``.
        :param password: passcode: at most 10 characters (the account's passcode rules may ask for more).
        :param agenda: description, at most 2,000 characters.
        :param recurrence: as for meetings (type 1 daily, 2 weekly, 3 monthly; repeat_interval at most
            90 days, 12 weeks or 3 months; end_times 1-60).
        :param settings: checked settings: host_video, panelists_video, practice_session, hd_video,
            on_demand, approval_type (0/1/2), registration_type (1/2/3), registrants_email_notification,
            audio, auto_recording, global_dial_in_countries, ... (any webinar setting of Zoom's
            reference; an unknown key is refused).
        :param settings_extra: any other webinar setting, sent unchecked.
        :param default_passcode: let Zoom generate a passcode (create only: Zoom's update body refuses it).
        :param schedule_for: schedule on behalf of this user (email or id).
        :param template_id: create from this webinar template (create only: Zoom's update body refuses it).
        :param tracking_fields: ``[{"field": ..., "value": ...}]``.
        :param extra_fields: top-level fields Zoom added later (e.g. ``is_simulive``), sent as-is.
        :param unknown: any other keyword is refused, naming it (fields Zoom added later go in
            ``extra_fields``).
        :return: ``{}`` (Zoom answers 204).
        """
        body = build_meeting_payload(
            body_fields(locals(), "webinar_id", "occurrence_id"), kind=WEBINAR, create=False
        )
        path = api_path("/webinars/{webinar_id}", webinar_id=webinar_id)
        return self.request("PATCH", path, params=drop_none({"occurrence_id": occurrence_id}), json=body)

    def delete_webinar(
        self,
        webinar_id: int | str,
        *,
        occurrence_id: str | None = None,
        cancel_webinar_reminder: bool | None = None,
    ) -> dict[str, Any]:
        """
        Delete a webinar or one occurrence (scope ``webinar:delete:webinar:admin``).

        :param webinar_id: the webinar id.
        :param occurrence_id: delete only this occurrence.
        :param cancel_webinar_reminder: email panelists and registrants about the cancellation.
        """
        return self.request(
            "DELETE",
            api_path("/webinars/{webinar_id}", webinar_id=webinar_id),
            params=drop_none(
                {
                    "occurrence_id": occurrence_id,
                    "cancel_webinar_reminder": check_bool("cancel_webinar_reminder", cancel_webinar_reminder),
                }
            ),
        )

    def list_webinars(
        self, user_id: str = "me", *, type: str | None = None, max_results: int | None = None
    ) -> list[dict[str, Any]]:
        """
        A user's webinars, all pages (scope ``webinar:read:list_webinars:admin``).

        :param user_id: user id, email or ``me``.
        :param type: ``scheduled`` (default) or ``upcoming``.
        :param max_results: stop after this many webinars.
        """
        return list(
            self.paginate(
                api_path("/users/{user_id}/webinars", user_id=user_id),
                items_key="webinars",
                params=drop_none({"type": check_choice("type", type, WEBINAR_LIST_TYPES)}),
                max_results=max_results,
            )
        )

    def list_webinar_participants(
        self, webinar_id: int | str, *, max_results: int | None = None
    ) -> list[dict[str, Any]]:
        """
        Who attended an ended webinar, all pages (scope ``webinar:read:list_past_participants:admin``).

        :param webinar_id: the webinar id or an instance UUID.
        :param max_results: stop after this many participants.
        """
        return list(
            self.paginate(
                api_path("/past_webinars/{webinar_id}/participants", webinar_id=webinar_id),
                items_key="participants",
                max_results=max_results,
            )
        )

    def list_webinar_absentees(
        self,
        webinar_id: int | str,
        *,
        occurrence_id: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        Registrants who did not attend an ended webinar (scope ``webinar:read:list_absentees:admin``).

        :param webinar_id: the webinar id or an instance UUID.
        :param occurrence_id: the occurrence of a recurring webinar.
        :param max_results: stop after this many registrants.
        """
        return list(
            self.paginate(
                api_path("/past_webinars/{webinar_id}/absentees", webinar_id=webinar_id),
                items_key="registrants",
                params=drop_none({"occurrence_id": occurrence_id}),
                max_results=max_results,
            )
        )
