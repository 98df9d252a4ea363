"""Webinars: create, get, update, delete, list, and who attended or stayed away."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import (
    WEBINAR,
    WebinarFields,
    build_meeting_payload,
    check_bool,
    check_choice,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack

WEBINAR_LIST_TYPES = facts.enum("GET", "/users/{userId}/webinars", "query.type")


class WebinarsMixin(ZoomApiBase):
    """Webinar actions (scopes: ``webinar:read:webinar:admin``, ``webinar:write:webinar:admin``, ...)."""

    def create_webinar(
        self,
        user_id: str = "me",
        **fields: Unpack[WebinarFields],
    ) -> dict[str, Any]:
        """
        Create a webinar for a licensed user (scope ``webinar:write:webinar:admin``). Every field is
        checked before the request.

        :param user_id: the host: user id, email or ``me`` (the connection's user).
        :param fields: the webinar's fields (:class:`~airflow_provider_zoom.validation.WebinarFields`);
            any other keyword is refused, naming it (fields Zoom added later go in ``extra_fields``).
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
        **fields: Unpack[WebinarFields],
    ) -> dict[str, Any]:
        """
        Update a webinar or one occurrence (scope ``webinar:update:webinar:admin``); only the given
        fields change, and at least one must be given. Every field is checked before the request.

        :param webinar_id: the webinar id.
        :param occurrence_id: update only this occurrence of a recurring webinar.
        :param fields: the webinar's fields (:class:`~airflow_provider_zoom.validation.WebinarFields`);
            any other keyword is refused, naming it (fields Zoom added later go in ``extra_fields``).
        :return: ``{}`` (Zoom answers 204).
        """
        body = build_meeting_payload(fields, kind=WEBINAR, create=False)
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
