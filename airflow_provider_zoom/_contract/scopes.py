"""
Which scopes each operator family needs, and what a token's scopes allow: the connection test,
``ZoomHook.describe_token_scopes`` and the error for a refused scope say it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Which endpoints each operator family calls (the provider's own fact). The scopes they need are
# Zoom's, read from the facts file: see :func:`family_scopes`.
SCOPE_FAMILIES: dict[str, tuple[str, ...]] = {
    "connection test (current user)": ("GET /users/{userId}",),
    "meetings": (
        "POST /users/{userId}/meetings",
        "GET /users/{userId}/meetings",
        "GET /meetings/{meetingId}",
        "PATCH /meetings/{meetingId}",
        "DELETE /meetings/{meetingId}",
        "GET /meetings/{meetingId}/invitation",
        "PUT /meetings/{meetingId}/status",
    ),
    "meeting registrants": (
        "POST /meetings/{meetingId}/registrants",
        "GET /meetings/{meetingId}/registrants",
        "POST /meetings/{meetingId}/batch_registrants",
        "PUT /meetings/{meetingId}/registrants/status",
    ),
    "past meetings": (
        "GET /past_meetings/{meetingId}",
        "GET /past_meetings/{meetingId}/instances",
        "GET /past_meetings/{meetingId}/participants",
    ),
    "past meeting polls and Q&A": (
        "GET /past_meetings/{meetingId}/polls",
        "GET /past_meetings/{meetingId}/qa",
    ),
    "webinars": (
        "POST /users/{userId}/webinars",
        "GET /users/{userId}/webinars",
        "GET /webinars/{webinarId}",
        "PATCH /webinars/{webinarId}",
        "DELETE /webinars/{webinarId}",
        "GET /past_webinars/{webinarId}/participants",
        "GET /past_webinars/{webinarId}/absentees",
    ),
    "webinar registrants": (
        "POST /webinars/{webinarId}/registrants",
        "GET /webinars/{webinarId}/registrants",
        "POST /webinars/{webinarId}/batch_registrants",
        "PUT /webinars/{webinarId}/registrants/status",
    ),
    "webinar panelists": (
        "GET /webinars/{webinarId}/panelists",
        "POST /webinars/{webinarId}/panelists",
        "DELETE /webinars/{webinarId}/panelists",
        "DELETE /webinars/{webinarId}/panelists/{panelistId}",
    ),
    "past webinar polls and Q&A": (
        "GET /past_webinars/{webinarId}/polls",
        "GET /past_webinars/{webinarId}/qa",
    ),
    "cloud recordings": (
        "GET /users/{userId}/recordings",
        "GET /accounts/{accountId}/recordings",
        "GET /meetings/{meetingId}/recordings",
    ),
    "recording deletion": (
        "DELETE /meetings/{meetingId}/recordings",
        "DELETE /meetings/{meetingId}/recordings/{recordingId}",
    ),
    "meeting transcripts": ("GET /meetings/{meetingId}/transcript",),
    "compliance archives": (
        "GET /archive_files",
        "GET /archive_files/statistics",
        "GET /past_meetings/{meetingUUID}/archive_files",
    ),
    "compliance archive changes": (
        "PATCH /archive_files/{fileId}",
        "DELETE /past_meetings/{meetingUUID}/archive_files",
    ),
    "AI Companion summaries": (
        "GET /meetings/meeting_summaries",
        "GET /meetings/{meetingId}/meeting_summary",
    ),
    "reports": (
        "GET /report/daily",
        "GET /report/users/{userId}/meetings",
        "GET /report/meetings/{meetingId}",
        "GET /report/meetings/{meetingId}/participants",
        "GET /report/meetings/{meetingId}/polls",
        "GET /report/meetings/{meetingId}/qa",
        "GET /report/webinars/{webinarId}",
        "GET /report/webinars/{webinarId}/participants",
        "GET /report/webinars/{webinarId}/polls",
        "GET /report/webinars/{webinarId}/qa",
    ),
    "users": (
        "GET /users",
        "POST /users",
        "GET /users/{userId}",
        "PATCH /users/{userId}",
        "DELETE /users/{userId}",
    ),
    "account settings": ("GET /accounts/{accountId}/settings",),
    "Team Chat": (
        "GET /chat/users/{userId}/channels",
        "GET /chat/users/{userId}/messages",
        "POST /chat/users/{userId}/messages",
    ),
    "Zoom Phone": (
        "GET /phone/call_history",
        "GET /phone/users/{userId}/call_history",
        "GET /phone/numbers",
        "GET /phone/recordings",
        "GET /phone/users/{userId}/recordings",
        "GET /phone/call_logs/{id}/recordings",
        "GET /phone/voice_mails",
    ),
    "Zoom Phone recording deletion": ("DELETE /phone/recordings/{recordingId}",),
}


def family_scopes(endpoint_keys: Iterable[str]) -> list[str]:
    """
    The scopes a set of endpoints needs, from the facts file: ``classic|granular`` admin scopes.

    Each entry names alternatives with ``|``: the classic scope that covers it (apps created before
    granular scopes), then the granular one.
    """
    from airflow_provider_zoom._contract import facts

    known = facts.endpoints()
    return list(dict.fromkeys(known[key].scope_alternatives() for key in endpoint_keys))


#: Operator family -> the scopes it needs (``classic|granular`` alternatives), derived from Zoom's reference.
DEFAULT_SCOPE_REQUIREMENTS: dict[str, list[str]] = {
    family: family_scopes(keys) for family, keys in SCOPE_FAMILIES.items()
}


def scope_table() -> str:
    """The README's scope table (Markdown), from :data:`SCOPE_FAMILIES` and the facts file."""
    rows = ["| family | classic scopes | granular scopes |", "| --- | --- | --- |"]
    for family, scopes in DEFAULT_SCOPE_REQUIREMENTS.items():
        parts = [s.split("|") for s in scopes]
        granular = dict.fromkeys(p[-1] for p in parts if len(p) > 1 and p[-1].count(":") >= 3)
        classic = dict.fromkeys(c for p in parts for c in p if c not in granular)
        listed = ", ".join(f"`{c}`" for c in classic)
        rows.append(f"| {family} | {listed} | {', '.join(f'`{g}`' for g in granular) or '-'} |")
    return "\n".join(rows) + "\n"


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
