"""Operators for Zoom users: create, get, update, delete (or disassociate), list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from airflow_provider_zoom.hooks._resources.users import (
    USER_CREATE_ACTIONS,
    USER_DELETE_ACTIONS,
    USER_STATUSES,
    build_user_info,
    build_user_profile,
)
from airflow_provider_zoom.operators._fields import is_static
from airflow_provider_zoom.operators.base import ZoomBaseOperator, ZoomListOperator, check_max_results
from airflow_provider_zoom.validation import check_choice, check_mapping, require

if TYPE_CHECKING:
    from airflow.sdk import Context


class ZoomCreateUserOperator(ZoomBaseOperator):
    """
    Add a user to the account and return ``{"id", "email", "first_name", "last_name", "type"}``.

    Scope ``user:write:user:admin`` (or ``user:write:admin``).

    :param action: ``create`` (the user confirms by email; default), ``autoCreate`` (managed
        domains, needs ``user_info.password``), ``custCreate`` (API partners) or ``ssoCreate``.
    :param user_info: ``email`` and ``type`` (1 Basic, 2 Licensed, 4 Unassigned without Meetings
        Basic, 99 None for ssoCreate) are required; ``first_name``, ``last_name`` (64 characters
        each), ``display_name``, ``password``, ``feature`` (``zoom_phone``, ``zoom_one_type``),
        ``plan_united_type``. Nested values are templated.
    """

    template_fields: Sequence[str] = (*ZoomBaseOperator.template_fields, "action", "user_info")
    template_fields_renderers = {"user_info": "json"}

    def __init__(self, *, user_info: dict[str, Any], action: str = "create", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if is_static([action, user_info]):
            check_choice("action", action, USER_CREATE_ACTIONS)
            build_user_info(user_info, action)
        self.action = action
        self.user_info = user_info

    def execute(self, context: Context) -> dict[str, Any]:
        user = self.hook.create_user(self.action, self.user_info)
        self.log.info("Created user %s (%s).", user.get("id"), self.action)
        return user


class ZoomGetUserOperator(ZoomBaseOperator):
    """
    Return a user's profile. Scope ``user:read:user:admin`` (or ``user:read:admin``).

    :param user_id: user id, email or ``me``.
    :param login_type: the login method when the email has several (100 work email, 101 SSO, ...).
    :param encrypted_email: ``user_id`` is an encrypted email.
    :param search_by_unique_id: ``user_id`` is an employee unique id.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "user_id",
        "login_type",
        "encrypted_email",
        "search_by_unique_id",
    )

    def __init__(
        self,
        *,
        user_id: str = "me",
        login_type: int | None = None,
        encrypted_email: bool | None = None,
        search_by_unique_id: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.user_id = user_id
        self.login_type = login_type
        self.encrypted_email = encrypted_email
        self.search_by_unique_id = search_by_unique_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.get_user(
            self.user_id,
            login_type=self.login_type,
            encrypted_email=self.encrypted_email,
            search_by_unique_id=self.search_by_unique_id,
        )


class ZoomUpdateUserOperator(ZoomBaseOperator):
    """
    Update a user's profile; returns ``{"id": user_id, "updated": [field names]}``.

    Scope ``user:update:user:admin`` (or ``user:write:admin``).

    :param user_id: user id, email or ``me``.
    :param profile: the fields to change, named as Zoom names them: first_name, last_name,
        display_name, type, pmi (10 digits), use_pmi, timezone, language, dept, vanity_name,
        host_key (6-10 digits), cms_user_id, job_title, company, location, phone_number,
        phone_country, phone_numbers, manager, pronouns, pronouns_option, custom_attributes,
        group_id, zoom_one_type, plan_united_type, about_me, linkedin_url;
        ``extra_fields`` (a dict) for newer ones. Nested values are templated.
    :param login_type: the login method when the email has several.
    :param remove_tsp_credentials: remove the user's TSP credentials.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "user_id",
        "profile",
        "login_type",
        "remove_tsp_credentials",
    )
    template_fields_renderers = {"profile": "json"}

    def __init__(
        self,
        *,
        user_id: str,
        profile: dict[str, Any],
        login_type: int | None = None,
        remove_tsp_credentials: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(profile):
            build_user_profile(check_mapping("profile", profile) or {})
        self.user_id = user_id
        self.profile = profile
        self.login_type = login_type
        self.remove_tsp_credentials = remove_tsp_credentials

    def execute(self, context: Context) -> dict[str, Any]:
        profile = check_mapping("profile", require("profile", self.profile)) or {}
        self.hook.update_user(
            self.user_id,
            login_type=self.login_type,
            remove_tsp_credentials=self.remove_tsp_credentials,
            **profile,
        )
        updated = sorted(build_user_profile(profile))
        self.log.info("Updated user %s: %s.", self.user_id, ", ".join(updated))
        return {"id": self.user_id, "updated": updated}


class ZoomDeleteUserOperator(ZoomBaseOperator):
    """
    Disassociate (default: the person keeps a Basic account of their own) or permanently delete a
    user. Scope ``user:delete:user:admin`` (or ``user:write:admin``).

    :param user_id: user id or email.
    :param action: ``disassociate`` (default) or ``delete`` (permanent).
    :param encrypted_email: ``user_id`` is an encrypted email.
    :param transfer_email: give the user's data to this user (required by the transfer flags).
    :param transfer_meeting: transfer upcoming meetings.
    :param transfer_webinar: transfer upcoming webinars.
    :param transfer_recording: transfer cloud recordings.
    :param transfer_whiteboard: transfer whiteboards.
    :return: ``{"id": user_id, "action": action}``.
    """

    template_fields: Sequence[str] = (
        *ZoomBaseOperator.template_fields,
        "user_id",
        "action",
        "encrypted_email",
        "transfer_email",
        "transfer_meeting",
        "transfer_webinar",
        "transfer_recording",
        "transfer_whiteboard",
    )

    def __init__(
        self,
        *,
        user_id: str,
        action: str = "disassociate",
        encrypted_email: bool | None = None,
        transfer_email: str | None = None,
        transfer_meeting: bool | None = None,
        transfer_webinar: bool | None = None,
        transfer_recording: bool | None = None,
        transfer_whiteboard: bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(action):
            check_choice("action", action, USER_DELETE_ACTIONS)
        self.user_id = user_id
        self.action = action
        self.encrypted_email = encrypted_email
        self.transfer_email = transfer_email
        self.transfer_meeting = transfer_meeting
        self.transfer_webinar = transfer_webinar
        self.transfer_recording = transfer_recording
        self.transfer_whiteboard = transfer_whiteboard

    def execute(self, context: Context) -> dict[str, Any]:
        self.hook.delete_user(
            self.user_id,
            action=self.action,
            encrypted_email=self.encrypted_email,
            transfer_email=self.transfer_email or None,
            transfer_meeting=self.transfer_meeting,
            transfer_webinar=self.transfer_webinar,
            transfer_recording=self.transfer_recording,
            transfer_whiteboard=self.transfer_whiteboard,
        )
        self.log.info("User %s: %s done.", self.user_id, self.action)
        return {"id": self.user_id, "action": self.action}


class ZoomListUsersOperator(ZoomListOperator):
    """
    Return the account's users, every page. Scope ``user:read:list_users:admin`` (or ``user:read:admin``).

    For large accounts use the transfer operators in :mod:`airflow_provider_zoom.transfers`
    to write the list to object storage instead of XCom.

    :param status: ``active`` (Zoom's default), ``inactive`` or ``pending``.
    :param role_id: only users with this role.
    :param include_fields: ``custom_attributes`` or ``host_key``.
    :param license: only users with this license.
    :param max_results: stop after this many users.
    """

    template_fields: Sequence[str] = (
        *ZoomListOperator.template_fields,
        "status",
        "role_id",
        "include_fields",
        "license",
        "max_results",
    )

    def __init__(
        self,
        *,
        status: str | None = None,
        role_id: str | None = None,
        include_fields: str | None = None,
        license: str | None = None,
        max_results: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if is_static(status):
            check_choice("status", status, USER_STATUSES)
        self.status = status
        self.role_id = role_id
        self.include_fields = include_fields
        self.license = license
        self.max_results = max_results

    def list_items(self, context: Context) -> list[dict[str, Any]]:
        users = self.hook.list_users(
            status=self.status or None,
            role_id=self.role_id or None,
            include_fields=self.include_fields or None,
            license=self.license or None,
            max_results=check_max_results(self.max_results),
        )
        self.log.info("Listed %d user(s).", len(users))
        return users
