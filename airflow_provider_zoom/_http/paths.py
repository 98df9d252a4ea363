"""Path building for Zoom's API, with Zoom's double-encoding rule for awkward UUIDs."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from airflow_provider_zoom.exceptions import ZoomConfigError

# The paths both the hook and the triggers call (the triggers poll them without the hook), spelled once.
MEETING_RECORDINGS_PATH = "/meetings/{meeting_id}/recordings"
MEETING_PATH = "/meetings/{meeting_id}"
PAST_MEETING_PATH = "/past_meetings/{meeting_id}"
PAST_MEETING_ARCHIVE_FILES_PATH = "/past_meetings/{meeting_uuid}/archive_files"
MEETING_PARTICIPANTS_REPORT_PATH = "/report/meetings/{meeting_id}/participants"
WEBINAR_PARTICIPANTS_REPORT_PATH = "/report/webinars/{webinar_id}/participants"
WEBINAR_REGISTRANTS_PATH = "/webinars/{webinar_id}/registrants"
USER_RECORDINGS_PATH = "/users/{user_id}/recordings"
ACCOUNT_RECORDINGS_PATH = "/accounts/{account_id}/recordings"


# Meeting and webinar ids are 64-bit integers (Zoom says to store them as longs).
MAX_MEETING_ID = 2**63 - 1
_NUMBER_RE = re.compile(r"-?[0-9]+")
# An instance UUID is base64 of 16 bytes: 22 characters and "==" padding (URL-safe forms too).
_UUID_RE = re.compile(r"[A-Za-z0-9+/_-]{20,62}={0,2}")
# A user's id is an opaque token of URL-safe characters; "me" and emails are the other forms.
_USER_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Deliberately loose: one "@", no spaces, a dot in the domain. Zoom has the final word.
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL_LENGTH = 254
# Any other id in a path (registrant, panelist, recording file, channel, account...).
MAX_ID_LENGTH = 256
_PLAIN_ID_RE = re.compile(r"[^\s\x00-\x1f\x7f]+")

#: The rule for each path id: meeting-like ids take a number or an instance UUID.
MEETING_IDS = frozenset({"meeting_id", "meeting_uuid", "webinar_id", "webinar_uuid"})
USER_IDS = frozenset({"user_id"})


def check_id(field: str, value: Any) -> str | int:
    """
    Check one id before it goes into a path, by the rule its name implies.

    Meeting and webinar ids (and UUIDs): a positive 64-bit integer or an instance UUID. User ids:
    ``me``, a user id or an email. Other ids: text or a number, without spaces, of sensible length.

    :param field: the argument's name, e.g. ``meeting_id``; the error names it.
    :param value: the id as given (templated ids arrive as text).
    :return: the id, with surrounding whitespace removed.
    :raises ZoomConfigError: naming ``field`` when the id is missing or malformed.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ZoomConfigError(field, "is required")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ZoomConfigError(field, f"must be text or a whole number, got {type(value).__name__}")
    if field in MEETING_IDS:
        return _meeting_id(field, value)
    text = str(value).strip()
    if field in USER_IDS:
        if text == "me" or _USER_ID_RE.fullmatch(text):
            return text
        if len(text) <= MAX_EMAIL_LENGTH and EMAIL_RE.match(text):
            return text
        raise ZoomConfigError(field, f"must be 'me', a user id or an email, got {_shown(text)}")
    if isinstance(value, int) and value < 0:
        raise ZoomConfigError(field, f"must not be negative, got {value}")
    if len(text) > MAX_ID_LENGTH or not _PLAIN_ID_RE.fullmatch(text):
        raise ZoomConfigError(
            field, f"must be an id without spaces of at most {MAX_ID_LENGTH} characters, got {_shown(text)}"
        )
    return text


def _meeting_id(field: str, value: str | int) -> str | int:
    text = str(value).strip()
    if _NUMBER_RE.fullmatch(text):
        number = int(text)
        if 0 < number <= MAX_MEETING_ID:
            return number
        raise ZoomConfigError(field, f"must be a positive 64-bit whole number or a UUID, got {_shown(text)}")
    if _UUID_RE.fullmatch(text):
        return text
    raise ZoomConfigError(
        field, f"must be a numeric id or a Zoom UUID (like 'aDYlohsHRtCd4ii1uC2+hA=='), got {_shown(text)}"
    )


def _shown(text: str) -> str:
    """The value for an error message, cut short (a 10,000-character id helps nobody)."""
    if len(text) <= 40:
        return repr(text)
    return f"{text[:40]!r}... ({len(text)} characters)"


def encode_path_id(value: str | int) -> str:
    """
    Encode one path segment (a meeting id, UUID, user id or email).

    Zoom requires a UUID that begins with ``/`` or contains ``//`` to be URL-encoded twice. Any
    value holding a ``/`` is encoded twice: Zoom decodes twice either way, while a single ``%2F`` is
    turned into a path separator by many servers and proxies on the way. Everything else is
    encoded once so ``=`` and ``+`` cannot break the path.
    """
    text = str(value).strip()
    if not text:
        raise ValueError("path id: must not be empty")
    once = quote(text, safe="")
    if "/" in text:
        return quote(once, safe="")
    return once


def api_path(template: str, **ids: Any) -> str:
    """
    Fill ``template`` (e.g. ``/meetings/{meeting_id}/recordings``) with checked, encoded ids.

    Every id is checked with :func:`check_id` first, so a malformed id never reaches Zoom.

    :raises ZoomConfigError: naming the id that is missing or malformed.
    """
    return template.format(**{name: encode_path_id(check_id(name, value)) for name, value in ids.items()})


def with_access_token(url: str, token: str) -> str:
    """``url`` with ``access_token=<token>`` appended to its query: a link that needs no other auth."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}access_token={quote(token, safe='')}"


def wire_params(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """
    Query parameters as Zoom reads them: None values dropped, booleans as ``true``/``false``.

    ``requests`` would send Python's ``True``; Zoom documents lowercase (and httpx agrees).
    """
    out = {k: _wire_value(v) for k, v in (params or {}).items() if v is not None}
    return out or None


def _wire_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return [_wire_value(v) for v in value]
    return value


def api_url(api_base_url: str, path: str) -> str:
    """
    Absolute URL for an API path (``/meetings/123``) under ``api_base_url``.

    The bearer token goes wherever this URL points, so the URL must stay under the API base: an
    absolute URL is taken only when it already is, and a path that would leave the base's host
    (``//host``, backslashes) is refused.

    :raises ZoomConfigError: naming ``path`` when the URL would leave the API base.
    """
    if "\\" in path or any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        raise ZoomConfigError("path", "must not hold backslashes or control characters")
    if _ABSOLUTE_RE.match(path) or path.startswith("//"):
        url = path
    else:
        url = api_base_url + (path if path.startswith("/") else "/" + path)
    if not under_base(api_base_url, url):
        raise ZoomConfigError(
            "path", f"must stay under the API base URL {api_base_url}, got {redact_url(url)}"
        )
    return url


_ABSOLUTE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def under_base(api_base_url: str, url: str) -> bool:
    """Whether ``url`` has the API base's scheme, host and port, and a path beneath the base's."""
    base, target = urlsplit(api_base_url), urlsplit(url)
    if (base.scheme.lower(), base.netloc.lower()) != (target.scheme.lower(), target.netloc.lower()):
        return False
    if any(segment in (".", "..") for segment in target.path.split("/")):
        return False
    prefix = base.path.rstrip("/")
    return target.path == prefix or target.path.startswith(prefix + "/")


#: The WebSocket scheme of each HTTP scheme: an event socket is judged as its HTTP twin would be.
_SOCKET_SCHEMES = {"wss": "https", "ws": "http"}


def on_connection_hosts(bases: tuple[str, ...], url: str) -> bool:
    """
    Whether ``url`` is on one of the connection's hosts (``bases``) or a subdomain of one.

    A recording's ``download_url`` points at the account's web host (``zoom.us`` or ``us06web.zoom.us``,
    ``zoomgov.com`` for ZoomGov), and the event socket at ``ws.zoom.us``; both get the bearer token, so
    any other host, another port, or a downgrade from ``https``/``wss`` is refused before it is sent.
    """
    target = urlsplit(url)
    scheme = target.scheme.lower()
    scheme = _SOCKET_SCHEMES.get(scheme, scheme)
    host = (target.hostname or "").lower()
    for base_url in bases:
        base = urlsplit(base_url)
        base_host = (base.hostname or "").lower()
        if scheme != base.scheme.lower() or target.port != base.port or not base_host:
            continue
        if host == base_host or host.endswith("." + base_host):
            return True
    return False


def redact_url(url: str) -> str:
    """Drop the query string and credentials of a URL so it can be logged (download tokens live there)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    suffix = "?…" if parts.query else ""
    return f"{parts.scheme}://{host}{parts.path}{suffix}"
