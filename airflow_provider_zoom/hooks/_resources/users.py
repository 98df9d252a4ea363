"""Users: create, get, update, delete (or disassociate), list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._http.paths import api_path
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none
from airflow_provider_zoom.validation import (
    check_bool,
    check_choice,
    check_email,
    check_int,
    check_mapping,
    check_text,
    require,
)

# Zoom's SDK types (the only reference for users) type these as plain text or numbers; the values
# and the name length come from Zoom's Users API reference pages.
USER_CREATE_ACTIONS = ("create", "autoCreate", "custCreate", "ssoCreate")
# 1 Basic, 2 Licensed, 4 Unassigned without Meetings Basic, 99 None (ssoCreate only).
USER_TYPES = (1, 2, 4, 99)
USER_DELETE_ACTIONS = ("disassociate", "delete")
USER_STATUSES = ("active", "inactive", "pending")
USER_INCLUDE_FIELDS = ("custom_attributes", "host_key")
NAME_MAX = 64
USER_INFO_KEYS = facts.endpoint("POST", "/users").fields("body.user_info")
USER_PROFILE_FIELDS = facts.endpoint("PATCH", "/users/{userId}").fields("body")


def build_user_info(user_info: Any, action: str) -> dict[str, Any]:
    """Check ``user_info`` for :meth:`UsersMixin.create_user`."""
    info = check_mapping("user_info", require("user_info", user_info)) or {}
    unknown = sorted(set(info) - set(USER_INFO_KEYS))
    if unknown:
        raise ZoomConfigError(f"user_info.{unknown[0]}", f"unknown key; allowed: {', '.join(USER_INFO_KEYS)}")
    out = dict(info)
    out["email"] = check_email("user_info.email", info.get("email"))
    out["type"] = check_choice("user_info.type", require("user_info.type", info.get("type")), USER_TYPES)
    if out["type"] == 99 and action != "ssoCreate":
        raise ZoomConfigError("user_info.type", "99 (no user type) can only be used with action 'ssoCreate'")
    for name in ("first_name", "last_name"):
        check_text(f"user_info.{name}", info.get(name), max_length=NAME_MAX)
    if info.get("password") is not None and action != "autoCreate":
        raise ZoomConfigError("user_info.password", "is only used with action 'autoCreate'")
    feature = check_mapping("user_info.feature", info.get("feature"))
    if feature is not None:
        feature["zoom_phone"] = check_bool("user_info.feature.zoom_phone", feature.get("zoom_phone"))
        feature = drop_none(feature)
        out["feature"] = feature
    return drop_none(out)


def build_user_profile(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check the profile fields of :meth:`UsersMixin.update_user`."""
    extra = check_mapping("extra_fields", fields.get("extra_fields")) or {}
    given = {k: v for k, v in fields.items() if k != "extra_fields" and v is not None}
    unknown = sorted(set(given) - set(USER_PROFILE_FIELDS))
    if unknown:
        raise ZoomConfigError(unknown[0], "is not a user profile field; pass newer fields in extra_fields")
    out = dict(given)
    for name in ("first_name", "last_name"):
        check_text(name, given.get(name), max_length=NAME_MAX)
    if "type" in given:
        out["type"] = check_choice("type", given["type"], USER_TYPES)
    if "pmi" in given:
        # Zoom's personal meeting ID: 10 digits, not starting with 0 or 1.
        text = str(given["pmi"])
        if not (text.isdigit() and len(text) == 10 and text[0] not in "01"):
            raise ZoomConfigError("pmi", f"must be 10 digits not starting with 0 or 1, got {given['pmi']!r}")
        out["pmi"] = int(text)
    if "host_key" in given:
        text = str(given["host_key"])
        if not (text.isdigit() and 6 <= len(text) <= 10):
            raise ZoomConfigError("host_key", "must be 6 to 10 digits")
    if "use_pmi" in given:
        out["use_pmi"] = check_bool("use_pmi", given["use_pmi"])
    out.update(extra)
    if not out:
        raise ZoomConfigError("fields", "nothing to update: give at least one profile field")
    return out


class UsersMixin(ZoomApiBase):
    """User actions (scopes: ``user:read:user:admin``, ``user:write:user:admin``, ...)."""

    def create_user(self, action: str, user_info: Mapping[str, Any]) -> dict[str, Any]:
        """
        Add a user to the account (scope ``user:write:user:admin``).

        :param action: ``create`` (user confirms by email), ``autoCreate`` (managed domains, with a
            password), ``custCreate`` (API partners) or ``ssoCreate`` (SSO users).
        :param user_info: ``email``, ``type`` (1 Basic, 2 Licensed, 4 Unassigned, 99 None for
            ssoCreate), ``first_name``, ``last_name``, ``display_name``, ``password`` (autoCreate),
            ``feature`` (``zoom_phone``, ``zoom_one_type``), ``plan_united_type``.
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
        :param login_type: the login method when the email has several (e.g. 100 work email, 101 SSO).
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
        login_type: int | None = None,
        remove_tsp_credentials: bool | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """
        Update a user's profile (scope ``user:update:user:admin``).

        :param user_id: user id, email or ``me``.
        :param login_type: the login method when the email has several.
        :param remove_tsp_credentials: remove the user's TSP credentials.
        :param fields: first_name, last_name, display_name, type, pmi, use_pmi, timezone, language,
            dept, vanity_name, host_key, cms_user_id, job_title, company, location, phone_number,
            phone_country, phone_numbers, manager, pronouns, pronouns_option, custom_attributes,
            group_id, zoom_one_type, plan_united_type, about_me, linkedin_url (the fields of Zoom's
            user update body), and ``extra_fields`` (a dict sent as-is).
        :return: ``{}`` (Zoom answers 204).
        """
        path = api_path("/users/{user_id}", user_id=user_id)
        body = build_user_profile(fields)
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

        :param action: ``disassociate`` (default) or ``delete``.
        :param encrypted_email: ``user_id`` is an encrypted email.
        :param transfer_email: give the user's meetings/webinars/recordings/whiteboards to this user.
        :param transfer_meeting: transfer upcoming meetings (needs ``transfer_email``).
        :param transfer_webinar: transfer upcoming webinars.
        :param transfer_recording: transfer past recordings.
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
