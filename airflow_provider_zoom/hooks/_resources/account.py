"""The account and the app behind the connection: who am I, account settings, which scopes the token has."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom.hooks._resources.base import ZoomApiBase, drop_none

ACCOUNT_SETTINGS_OPTIONS = (
    "meeting_authentication",
    "recording_authentication",
    "security",
    "meeting_security",
)

# What each operator family needs, as Zoom's granular scopes. Each entry may name alternatives with
# ``|``: the classic scope that covers it (apps created before granular scopes), then the granular one.
DEFAULT_SCOPE_REQUIREMENTS: dict[str, list[str]] = {
    "connection test (current user)": ["user:read:admin|user:read:user:admin"],
    "cloud recordings": [
        "recording:read:admin|cloud_recording:read:list_user_recordings:admin",
        "recording:read:admin|cloud_recording:read:list_recording_files:admin",
    ],
    "recording deletion": ["recording:write:admin|cloud_recording:delete:recording_file:admin"],
    "meetings": [
        "meeting:read:admin|meeting:read:meeting:admin",
        "meeting:write:admin|meeting:write:meeting:admin",
    ],
    "webinars": ["webinar:read:admin|webinar:read:webinar:admin"],
    "webinar panelists": [
        "webinar:read:admin|webinar:read:list_panelists:admin",
        "webinar:write:admin|webinar:write:panelist:admin",
    ],
    "past meeting polls and Q&A": [
        "meeting:read:admin|meeting:read:list_past_poll_results:admin",
        "meeting:read:admin|meeting:read:past_qa:admin",
    ],
    "users": ["user:read:admin|user:read:list_users:admin"],
    "reports": ["report:read:admin|report:read:list_meeting_participants:admin"],
    "AI Companion summaries": [
        "meeting_summary:read:admin|meeting:read:list_summaries:admin",
        "meeting_summary:read:admin|meeting:read:summary:admin",
    ],
    "meeting transcripts": ["recording:read:admin|cloud_recording:read:meeting_transcript:admin"],
    "Zoom Phone": [
        "phone:read:admin|phone:read:list_call_logs:admin",
        "phone_recording:read:admin|phone:read:list_call_recordings:admin",
        "phone:read:admin|phone:read:list_numbers:admin",
    ],
    "account settings": ["account:read:admin|account:read:settings:admin"],
}


def scope_satisfied(needed: str, granted: Iterable[str]) -> bool:
    """
    Whether ``granted`` covers ``needed`` (which may list alternatives separated by ``|``).

    A classic scope covers the granular scopes below it: ``meeting:read:admin`` covers
    ``meeting:read:summary:admin`` and ``phone:read`` covers ``phone:read:list_numbers``.
    """
    have = set(granted)
    for option in (part.strip() for part in needed.split("|")):
        if not option:
            continue
        if option in have:
            return True
        parts = option.split(":")
        admin = parts[-1] in ("admin", "master")
        core = parts[:-1] if admin else parts
        if len(core) >= 3:
            classic = ":".join(core[:2] + ([parts[-1]] if admin else []))
            if classic in have:
                return True
    return False


def scope_report(
    required: Mapping[str, Iterable[str]] | None = None, granted: Iterable[str] | None = None
) -> dict[str, Any]:
    """
    Which operator families the token's scopes allow, and which scopes each missing family needs.

    :param required: operator family -> scopes it needs (each may list ``|`` alternatives); default
        :data:`DEFAULT_SCOPE_REQUIREMENTS`.
    :param granted: the token's scopes.
    :return: ``{"granted": [...], "allowed": [families], "missing": {family: [scopes]}, "message": text,
        "summary": one line}``.
    """
    required = DEFAULT_SCOPE_REQUIREMENTS if required is None else required
    have = sorted(set(granted or []))
    allowed: list[str] = []
    missing: dict[str, list[str]] = {}
    for family, scopes in required.items():
        lacking = [_preferred(s) for s in scopes if not scope_satisfied(s, have)]
        if lacking:
            missing[family] = lacking
        else:
            allowed.append(family)
    if not have:
        message = "Zoom did not list the token's scopes, so which operators will work is unknown."
    elif not missing:
        message = f"The app's {len(have)} scope(s) cover every operator family checked."
    else:
        lines = [f"The app has {len(have)} scope(s). Operator families it cannot use yet:"]
        lines += [f"- {family}: add {', '.join(scopes)}" for family, scopes in missing.items()]
        lines.append("Add scopes in the Zoom App Marketplace (app > Scopes) and re-activate the app.")
        message = "\n".join(lines)
    if have and missing:
        summary = "Missing scopes for " + "; ".join(
            f"{family} ({', '.join(scopes)})" for family, scopes in missing.items()
        )
    else:
        summary = message
    return {"granted": have, "allowed": allowed, "missing": missing, "message": message, "summary": summary}


def missing_scope_message(
    missing_scopes: Iterable[str],
    *,
    method: str = "",
    path: str = "",
    required: Mapping[str, Iterable[str]] | None = None,
) -> str:
    """
    Say in words which scope a 4711/4700 answer says is missing, and which operator families need it.

    :param missing_scopes: the scopes Zoom named (``ZoomAuthError.missing_scopes``).
    :param method: the refused request's method, for the message.
    :param path: the refused request's path, for the message.
    :param required: operator family -> scopes, as for :func:`scope_report`.
    """
    scopes = [s for s in missing_scopes if s]
    where = f" for {method} {path}".rstrip() if (method or path) else ""
    if not scopes:
        return f"Zoom refused the token{where}: the app lacks a scope Zoom did not name."
    required = DEFAULT_SCOPE_REQUIREMENTS if required is None else required
    families = [
        family for family, needs in required.items() if any(scope_satisfied(need, scopes) for need in needs)
    ]
    used_by = f" (used by: {', '.join(families)})" if families else ""
    return (
        f"Zoom refused the token{where}: the app lacks the scope(s) {', '.join(scopes)}{used_by}. "
        "Add them in the Zoom App Marketplace (app > Scopes) and re-activate the app."
    )


def _preferred(needed: str) -> str:
    """The granular scope of an ``a|b`` alternative (the last one), for messages."""
    return [p.strip() for p in needed.split("|") if p.strip()][-1]


class AccountMixin(ZoomApiBase):
    """The connection's own user, the account's settings, and the token's scopes."""

    def get_current_user(self) -> dict[str, Any]:
        """
        The user the token acts as (``GET /users/me``).

        Scope: ``user:read:user:admin`` (rate-limit category Light).
        """
        return self.request("GET", "/users/me")

    def get_account_settings(
        self, option: str | None = None, *, custom_query_fields: str | None = None
    ) -> dict[str, Any]:
        """
        The account's settings (``GET /accounts/me/settings``).

        Scope: ``account:read:settings:admin`` (rate-limit category Medium).

        :param option: ``meeting_authentication``, ``recording_authentication``, ``security`` or
            ``meeting_security``; default: the general settings.
        :param custom_query_fields: comma-separated names of the settings to return.
        """
        if option is not None and option not in ACCOUNT_SETTINGS_OPTIONS:
            from airflow_provider_zoom.exceptions import ZoomConfigError

            raise ZoomConfigError(
                "option", f"must be one of {', '.join(ACCOUNT_SETTINGS_OPTIONS)}, got {option!r}"
            )
        return self.request(
            "GET",
            "/accounts/me/settings",
            params=drop_none({"option": option, "custom_query_fields": custom_query_fields}),
        )

    def describe_token_scopes(self, required: Mapping[str, Iterable[str]] | None = None) -> dict[str, Any]:
        """
        The scopes of the current access token and what they allow (never the token itself).

        :param required: operator family -> scopes, default :data:`DEFAULT_SCOPE_REQUIREMENTS`.
        :return: :func:`scope_report`'s dict.
        """
        token = self.get_token()  # type: ignore[attr-defined]
        return scope_report(required, token.scopes)
