"""Users: create, get, update, delete (or disassociate), list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import (
    USER_CREATE_ACTIONS,
    USER_DELETE_ACTIONS,
    USER_INCLUDE_FIELDS,
    USER_STATUSES,
    build_user_info,
    build_user_profile,
    check_bool,
    check_choice,
    check_email,
    check_int,
    check_mapping,
    require,
)


class UsersMixin(ZoomApiBase):
    """User actions (scopes: ``user:read:user:admin``, ``user:write:user:admin``, ...)."""

    def create_user(
        self, action: str = "create", user_info: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """
        Add a user to the account (scope ``user:write:user:admin``).

        :param action: ``create`` (the user confirms by email; default), ``autoCreate`` (managed
            domains, needs ``user_info.password``), ``custCreate`` (API partners) or ``ssoCreate``.
        :param user_info: ``email`` and ``type`` (1 Basic, 2 Licensed, 4 Unassigned without Meetings
            Basic, 99 None for ssoCreate) are required; ``first_name``, ``last_name`` (64 characters
            each), ``display_name``, ``password``, ``feature`` (``zoom_phone``, ``zoom_one_type``),
            ``plan_united_type``. Required.
        :return: ``id``, ``email``, ``first_name``, ``last_name``, ``type``.
        """
        check_choice("action", require("action", action), USER_CREATE_ACTIONS)
        body = {"action": action, "user_info": build_user_info(user_info, action)}
        return self.request("POST", "/users", json=body)

    def get_user(
        self,
        user_id: str = "me",
        *,
        login_type: int | None = None,
        encrypted_email: bool | None = None,
        search_by_unique_id: bool | None = None,
    ) -> dict[str, Any]:
        """
        A user's profile (scope ``user:read:user:admin``).

        :param user_id: user id, email or ``me``.
        :param login_type: the login method when the email has several (100 work email, 101 SSO, ...).
        :param encrypted_email: ``user_id`` is an encrypted email.
        :param search_by_unique_id: ``user_id`` is an employee unique id.
        """
        return self.request(
            "GET",
            api_path("/users/{user_id}", user_id=user_id),
            params=drop_none(
                {
                    "login_type": check_int("login_type", login_type, minimum=0),
                    "encrypted_email": check_bool("encrypted_email", encrypted_email),
                    "search_by_unique_id": check_bool("search_by_unique_id", search_by_unique_id),
                }
            ),
        )

    def update_user(
        self,
        user_id: str,
        *,
        profile: Mapping[str, Any] | None = None,
        login_type: int | None = None,
        remove_tsp_credentials: bool | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """
        Update a user's profile (scope ``user:update:user:admin``).

        :param user_id: user id, email or ``me``.
        :param profile: the fields to change, named as Zoom names them: first_name, last_name,
            display_name, type, pmi (10 digits), use_pmi, timezone, language, dept, vanity_name,
            host_key (6-10 digits), cms_user_id, job_title, company, location, phone_number,
            phone_country, phone_numbers, manager, pronouns, pronouns_option, custom_attributes,
            group_id, zoom_one_type, plan_united_type, about_me, linkedin_url; ``extra_fields`` (a
            dict sent as-is) for newer ones.
        :param login_type: the login method when the email has several.
        :param remove_tsp_credentials: remove the user's TSP credentials.
        :param fields: the same fields as keyword arguments; they win over ``profile``.
        :return: ``{}`` (Zoom answers 204).
        """
        path = api_path("/users/{user_id}", user_id=user_id)
        body = build_user_profile({**(check_mapping("profile", profile) or {}), **fields})
        params = drop_none(
            {
                "login_type": check_int("login_type", login_type, minimum=0),
                "remove_tsp_credentials": check_bool("remove_tsp_credentials", remove_tsp_credentials),
            }
        )
        return self.request("PATCH", path, params=params, json=body)

    def delete_user(
        self,
        user_id: str,
        *,
        action: str = "disassociate",
        encrypted_email: bool | None = None,
        transfer_email: str | None = None,
        transfer_meeting: bool | None = None,
        transfer_webinar: bool | None = None,
        transfer_recording: bool | None = None,
        transfer_whiteboard: bool | None = None,
    ) -> dict[str, Any]:
        """
        Disassociate (default: the user keeps a Basic account of their own) or permanently delete
        a user (scope ``user:delete:user:admin``).

        :param user_id: user id or email.
        :param action: ``disassociate`` (default) or ``delete`` (permanent).
        :param encrypted_email: ``user_id`` is an encrypted email.
        :param transfer_email: give the user's meetings/webinars/recordings/whiteboards to this user.
        :param transfer_meeting: transfer upcoming meetings (needs ``transfer_email``).
        :param transfer_webinar: transfer upcoming webinars.
        :param transfer_recording: transfer cloud recordings.
        :param transfer_whiteboard: transfer whiteboards.
        """
        check_choice("action", require("action", action), USER_DELETE_ACTIONS)
        transfers = {
            name: check_bool(name, value)
            for name, value in (
                ("transfer_meeting", transfer_meeting),
                ("transfer_webinar", transfer_webinar),
                ("transfer_recording", transfer_recording),
                ("transfer_whiteboard", transfer_whiteboard),
            )
        }
        if transfer_email:
            check_email("transfer_email", transfer_email)
        elif any(transfers.values()):
            first = next(k for k, v in transfers.items() if v)
            raise ZoomConfigError("transfer_email", f"is required when {first} is true")
        params = drop_none(
            {
                "action": action,
                "encrypted_email": check_bool("encrypted_email", encrypted_email),
                "transfer_email": transfer_email,
                **transfers,
            }
        )
        return self.request("DELETE", api_path("/users/{user_id}", user_id=user_id), params=params)

    def list_users(
        self,
        *,
        status: str | None = None,
        role_id: str | None = None,
        include_fields: str | None = None,
        license: str | None = None,
        max_results: int | None = None,
    ) -> list[dict[str, Any]]:
        """
        The account's users, all pages (scope ``user:read:list_users:admin``).

        :param status: ``active`` (Zoom's default), ``inactive`` or ``pending``.
        :param role_id: only users with this role.
        :param include_fields: ``custom_attributes`` or ``host_key``.
        :param license: only users with this license (``zoom_workforce_management``,
            ``zoom_compliance_management``).
        :param max_results: stop after this many users.
        """
        params = drop_none(
            {
                "status": check_choice("status", status, USER_STATUSES),
                "role_id": role_id,
                "include_fields": check_choice("include_fields", include_fields, USER_INCLUDE_FIELDS),
                "license": license,
            }
        )
        return list(self.paginate("/users", items_key="users", params=params, max_results=max_results))
