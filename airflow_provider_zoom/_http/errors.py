"""Turn Zoom's error replies into the provider's exceptions, the same way for sync and async clients."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, TypedDict
from urllib.parse import urlsplit

from airflow_provider_zoom.exceptions import (
    ZoomApiError,
    ZoomAuthError,
    ZoomNotFoundError,
    ZoomRateLimitError,
    ZoomTransientError,
)

# Zoom codes that mean "this thing does not exist", whatever HTTP status carries them.
NOT_FOUND_CODES = frozenset({1001, 3001, 3301, 3322, 200001})
INVALID_TOKEN_CODE = 124
SCOPE_CODES = frozenset({4700, 4711})
_SCOPES_RE = re.compile(r"scopes?\s*:?\s*\[([^\]]*)\]", re.IGNORECASE)
_DAILY_RE = re.compile(r"daily (rate )?limit", re.IGNORECASE)
_MAX_TEXT = 300


def parse_body(body: bytes | str | None) -> Any:
    """Return the JSON body, or None when it is empty or not JSON (an HTML page from a proxy)."""
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _summarise_text(body: bytes | str | None, content_type: str | None) -> str:
    if not body:
        return "empty response body"
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if "html" in (content_type or "").lower() or text.lstrip().startswith("<"):
        title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        text = f"non-JSON response (HTML){': ' + title.group(1).strip() if title else ''}"
    text = " ".join(text.split())
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "…"


def reply_json(status_code: int, body: bytes | str | None) -> Any:
    """A successful reply's JSON: ``{}`` for a 204, an empty body or a body that is not JSON."""
    if status_code == 204 or not body:
        return {}
    data = parse_body(body)
    return {} if data is None else data


def token_refused(status_code: int, body: bytes | str | None) -> bool:
    """Zoom's 401 code 124: the access token is expired, revoked or otherwise invalid."""
    if status_code != 401:
        return False
    data = parse_body(body)
    return isinstance(data, dict) and data.get("code") == INVALID_TOKEN_CODE


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive header lookup that works for plain dicts as well as requests/httpx headers."""
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        for key, val in headers.items():
            if key.lower() == lowered:
                return val
    return value


def missing_scopes(message: str) -> list[str]:
    """Scopes Zoom names in a 4711/4700 message such as ``... does not contain scopes:[a, b].``."""
    match = _SCOPES_RE.search(message or "")
    if not match:
        return []
    return [s.strip() for s in re.split(r"[,\s]+", match.group(1)) if s.strip()]


def is_daily_limit(status: int, headers: Mapping[str, str], message: str) -> bool:
    """
    A 429 that will not clear for hours: Zoom's daily cap or the per-host meeting create/update cap.

    The per-host cap can arrive without any rate-limit headers, so the message is checked too.
    """
    if status != 429:
        return False
    limit_type = (header(headers, "X-RateLimit-Type") or "").lower()
    return limit_type.startswith("daily") or bool(_DAILY_RE.search(message or ""))


def error_from_response(
    *,
    status_code: int,
    body: bytes | str | None,
    headers: Mapping[str, str],
    method: str,
    path: str,
    tokens_tried: int = 1,
) -> ZoomApiError:
    """
    Build the exception for an error reply.

    :param status_code: the HTTP status.
    :param body: the raw body.
    :param headers: the reply headers.
    :param method: the request method.
    :param path: the request path relative to the API base (no query string, no secrets).
    :param tokens_tried: access tokens this request was refused with; from two on, a refused token
        was fetched moments ago, so the credentials work and another process most likely replaced it.
    """
    code, message, errors = _reply_fields(body, headers)
    common: dict[str, Any] = {
        "status_code": status_code,
        "code": code,
        "zoom_message": message,
        "method": method.upper(),
        "path": path,
        "errors": errors,
    }
    if status_code == 429:
        return _rate_limit_error(common, headers)
    if status_code in (401, 403) or code in SCOPE_CODES:
        return ZoomAuthError(**common, **_auth_details(message, code, tokens_tried))
    if status_code == 404 or code in NOT_FOUND_CODES:
        return ZoomNotFoundError(**common)
    return ZoomApiError(**common)


def _reply_fields(
    body: bytes | str | None, headers: Mapping[str, str]
) -> tuple[int | None, str, list[dict[str, Any]]]:
    """Zoom's ``code``, ``message`` and field ``errors`` from a reply (a summary of a non-JSON body)."""
    data = parse_body(body)
    if not isinstance(data, dict):
        return None, _summarise_text(body, header(headers, "Content-Type")), []
    raw_code = data.get("code")
    code = raw_code if isinstance(raw_code, int) else None
    message = str(data.get("message") or data.get("reason") or data.get("error") or "")
    errors = (
        [e for e in data["errors"] if isinstance(e, dict)] if isinstance(data.get("errors"), list) else []
    )
    return code, message, errors


def _rate_limit_error(common: dict[str, Any], headers: Mapping[str, str]) -> ZoomRateLimitError:
    """A 429: per-second limits as they are; a daily limit with a hint that says when it resets."""
    category = header(headers, "X-RateLimit-Category")
    limit_type = header(headers, "X-RateLimit-Type")
    retry_after = header(headers, "Retry-After")
    hint = None
    if is_daily_limit(429, headers, common["zoom_message"]):
        limit_type = limit_type or "per-host daily"
        resets = retry_after or "00:00 UTC"
        hint = (
            f"Zoom's {limit_type} limit"
            f"{' for the ' + category + ' category' if category else ''} is used up; "
            f"it resets at {resets}. Retrying before then only burns time."
        )
    return ZoomRateLimitError(
        category=category, limit_type=limit_type, retry_after=retry_after, hint=hint, **common
    )


def _auth_details(message: str, code: int | None, tokens_tried: int) -> dict[str, Any]:
    """The missing scopes Zoom names and a hint for a refused token or a missing scope."""
    scopes = missing_scopes(message)
    hint = None
    if scopes:
        hint = (
            "The Zoom app lacks the scope(s) "
            + ", ".join(scopes)
            + ": add them to the app in the Zoom App Marketplace (Scopes tab) and re-activate it."
        )
    elif code == INVALID_TOKEN_CODE and tokens_tried > 1:
        hint = (
            f"Zoom refused {tokens_tried} access tokens in a row, the last fetched moments ago: another "
            "process using the same app's credentials may have replaced the token (Zoom can revoke older "
            "tokens when it issues a new one). Fewer processes fetching tokens at once, or one app per "
            "deployment, avoid it."
        )
    elif code == INVALID_TOKEN_CODE:
        hint = "The access token was refused: check the connection's client ID, secret and account ID."
    return {"missing_scopes": scopes, "hint": hint}


class _ErrorFields(TypedDict):
    """What a mapped error keeps when retrying it stopped."""

    status_code: int
    code: int | None
    zoom_message: str
    method: str
    path: str
    hint: str


def exhausted_error(
    err: ZoomApiError,
    *,
    attempts: int,
    max_retries: int,
    waited: float = 0.0,
    rate_limit_budget: float | None = None,
) -> ZoomApiError:
    """
    The error to raise when retrying a 429/5xx stopped: a daily limit as mapped (its hint says when it
    resets), a QPS 429 as :class:`ZoomRateLimitError`, anything else as :class:`ZoomTransientError`.
    """
    if isinstance(err, ZoomRateLimitError) and err.hint:
        return err
    hint = f"Gave up after {attempts} attempt(s) (max_retries={max_retries})."
    if isinstance(err, ZoomRateLimitError) and rate_limit_budget and max_retries > 0:
        hint = (
            f"Gave up after {attempts} attempt(s) and {waited:.0f} s waiting for the per-second rate "
            f"limit (extra.rate_limit_budget={rate_limit_budget:g} s): too many tasks share this "
            "account's budget; see docs/rate-limits.md on pools."
        )
    common: _ErrorFields = {
        "status_code": err.status_code,
        "code": err.code,
        "zoom_message": err.zoom_message,
        "method": err.method,
        "path": err.path,
        "hint": hint,
    }
    if isinstance(err, ZoomRateLimitError):
        return ZoomRateLimitError(
            category=err.category, limit_type=err.limit_type, retry_after=err.retry_after, **common
        )
    return ZoomTransientError(**common)


def message_path(path: str) -> str:
    """The path part for messages: relative to the API base, no query string (no secrets)."""
    if path.startswith(("http://", "https://")):
        return urlsplit(path).path
    return path.split("?", 1)[0]


def zoom_message(body: bytes) -> str:
    data = parse_body(body)
    return str(data.get("message") or "") if isinstance(data, dict) else ""
