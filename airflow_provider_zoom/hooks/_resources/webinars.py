"""Webinars: create, get, update, delete, list, and who attended or stayed away."""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import (
    WEBINAR,
    build_meeting_payload,
    check_bool,
    check_choice,
)

WEBINAR_LIST_TYPES = facts.enum("GET", "/users/{userId}/webinars", "query.type")


class WebinarsMixin(ZoomApiBase):
    """Webinar actions (scopes: ``webinar:read:webinar:admin``, ``webinar:write:webinar:admin``, ...)."""

    def create_webinar(self, user_id: str = "me", **fields: Any) -> dict[str, Any]:
        """
        Create a webinar for a licensed user (scope ``webinar:write:webinar:admin``).

        :param user_id: host's user id or email, or ``me``.
        :param fields: topic, type (5 webinar, 6 recurring without fixed time, 9 recurring with fixed
            time), start_time, duration, timezone, password, agenda, recurrence, settings,
            settings_extra, default_passcode, schedule_for, template_id, tracking_fields, extra_fields
            (update takes the fields of Zoom's webinar update body: no default_passcode nor template_id).
        :return: the created webinar (``id``, ``join_url``, ``start_url``, ...).
        """
        body = build_meeting_payload(fields, kind=WEBINAR, create=True)
        return self.request("POST", api_path("/users/{user_id}/webinars", user_id=user_id), json=body)

    def get_webinar(
        self,
        webinar_id: int | str,
        *,
        occurrence_id: str | None = None,
        show_previous_occurrences: bool | None = None,
    ) -> dict[str, Any]:
        """A webinar's details (scope ``webinar:read:webinar:admin``)."""
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
        self, webinar_id: int | str, *, occurrence_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """
        Update a webinar or one occurrence (scope ``webinar:update:webinar:admin``).

        :param fields: as for :meth:`create_webinar`; only the given ones change.
        :return: ``{}`` (Zoom answers 204).
        """
        path = api_path("/webinars/{webinar_id}", webinar_id=webinar_id)
        body = build_meeting_payload(fields, kind=WEBINAR, create=False)
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

        :param type: ``scheduled`` (default) or ``upcoming``.
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
        """
        return list(
            self.paginate(
                api_path("/past_webinars/{webinar_id}/absentees", webinar_id=webinar_id),
                items_key="registrants",
                params=drop_none({"occurrence_id": occurrence_id}),
                max_results=max_results,
            )
        )
