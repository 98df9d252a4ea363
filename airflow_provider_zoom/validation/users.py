"""Users: the ``user_info`` of a user to create and the fields of a profile update."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from airflow_provider_zoom._contract import facts as _facts
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.validation.checks import (
    check_bool,
    check_choice,
    check_email,
    check_mapping,
    check_text,
    require,
)

# Users. Zoom's SDK types (the only reference for users) type these as plain text or numbers; the
# values and the name length come from Zoom's Users API reference pages.
USER_CREATE_ACTIONS = ("create", "autoCreate", "custCreate", "ssoCreate")
# 1 Basic, 2 Licensed, 4 Unassigned without Meetings Basic, 99 None (ssoCreate only).
USER_TYPES = (1, 2, 4, 99)
USER_DELETE_ACTIONS = ("disassociate", "delete")
USER_STATUSES = ("active", "inactive", "pending")
USER_INCLUDE_FIELDS = ("custom_attributes", "host_key")
USER_NAME_MAX = 64
USER_INFO_KEYS = _facts.endpoint("POST", "/users").fields("body.user_info")
USER_PROFILE_FIELDS = _facts.endpoint("PATCH", "/users/{userId}").fields("body")


def build_user_info(user_info: Any, action: str) -> dict[str, Any]:
    """
    The ``user_info`` of a user to create with ``action``, checked.

    :raises ZoomConfigError: naming the first key that Zoom would refuse (``user_info.email``, ...).
    """
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
        check_text(f"user_info.{name}", info.get(name), max_length=USER_NAME_MAX)
    if info.get("password") is not None and action != "autoCreate":
        raise ZoomConfigError("user_info.password", "is only used with action 'autoCreate'")
    feature = check_mapping("user_info.feature", info.get("feature"))
    if feature is not None:
        feature["zoom_phone"] = check_bool("user_info.feature.zoom_phone", feature.get("zoom_phone"))
        out["feature"] = {k: v for k, v in feature.items() if v is not None}
    return {k: v for k, v in out.items() if v is not None}


def build_user_profile(fields: Mapping[str, Any]) -> dict[str, Any]:
    """
    The body of a user profile update: Zoom's profile fields, checked, plus ``extra_fields`` as given.

    :raises ZoomConfigError: naming the first field Zoom would refuse, or ``fields`` when none is given.
    """
    extra = check_mapping("extra_fields", fields.get("extra_fields")) or {}
    given = {k: v for k, v in fields.items() if k != "extra_fields" and v is not None}
    unknown = sorted(set(given) - set(USER_PROFILE_FIELDS))
    if unknown:
        raise ZoomConfigError(unknown[0], "is not a user profile field; pass newer fields in extra_fields")
    out = dict(given)
    for name in ("first_name", "last_name"):
        check_text(name, given.get(name), max_length=USER_NAME_MAX)
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
