"""
Zoom webhook events: parsing, the redelivery key, and the asset event extra.

Plain Python with no Airflow or web-framework imports, so DAG files can use
:func:`zoom_events` and :func:`meeting_uuids` cheaply.

What an asset event's extra holds (it is shown in the Airflow UI)::

    {
        "zoom_event": "recording.completed",
        "zoom_event_ts": 1626230691572,
        "zoom_account_id": "D8cJuqWVQ623CI4Q8yQK0Q",
        "zoom_connection_id": "zoom_default",
        "zoom_delivery_key": "<sha256 hex>",
        "zoom_download_token_received": true,
        "payload": {"account_id": "...", "object": {...}},
    }

The payload is stored with credentials masked: the top-level ``download_token`` is never
stored, and passcodes, tokens and ``pwd=`` style URL parameters inside the payload become ``***``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from airflow_provider_zoom._contract.facts import SECRET_REPLY_FIELDS

URL_VALIDATION_EVENT = "endpoint.url_validation"
MASK = "***"

EXTRA_EVENT = "zoom_event"
EXTRA_EVENT_TS = "zoom_event_ts"
EXTRA_ACCOUNT_ID = "zoom_account_id"
EXTRA_CONNECTION_ID = "zoom_connection_id"
EXTRA_DELIVERY_KEY = "zoom_delivery_key"
EXTRA_DOWNLOAD_TOKEN_RECEIVED = "zoom_download_token_received"
EXTRA_PAYLOAD = "payload"

# Keys whose values are credentials or meeting passcodes anywhere in a payload: the credential fields
# Zoom's replies carry (``start_url`` holds the host's ``zak``), and those only events and settings carry.
SENSITIVE_KEYS = SECRET_REPLY_FIELDS | frozenset(
    {
        "access_token",
        "download_token",
        "encrypted_passcode",
        "encrypted_password",
        "h323_passcode",
        "h323_password",
        "passcode",
        "password",
        "pstn_password",
        "recording_play_passcode",
        "refresh_token",
        "token",
    }
)
# Query parameters that carry a credential in Zoom URLs (join_url's pwd=, download URLs' access_token=).
SENSITIVE_QUERY_PARAMS = frozenset(
    {"access_token", "download_token", "pwd", "passcode", "token", "tk", "zak"}
)


# Zoom's events nest a handful of levels and hold at most a few thousand values (a recording's files);
# anything far past that is refused before any code walks it (scrub and the delivery key recurse).
MAX_DEPTH = 32
MAX_VALUES = 20_000
# event_ts is milliseconds since the epoch; a value outside 1970..2100 is not a Zoom event time.
MAX_EVENT_TS = 4_102_444_800_000


class MalformedEventError(ValueError):
    """
    A signed delivery whose body is not a Zoom event.

    :param field: the part of the body that is wrong, e.g. ``event`` or ``payload``.
    :param problem: what is wrong with it.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def parse_event(body: bytes | str) -> dict[str, Any]:
    """
    Parse a webhook body into a dict with at least ``event`` (str) and ``payload`` (dict).

    :param body: the raw request body.
    :raises MalformedEventError: naming the part of the body that is wrong.
    """
    try:
        data = json.loads(body)
    except RecursionError:
        raise MalformedEventError("body", f"nests deeper than {MAX_DEPTH} levels") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise MalformedEventError("body", f"is not valid JSON ({type(err).__name__})") from None
    if not isinstance(data, dict):
        raise MalformedEventError("body", f"must be a JSON object, got {type(data).__name__}")
    _check_size(data)
    event = data.get("event")
    if not isinstance(event, str) or not event.strip():
        raise MalformedEventError("event", "must be a non-empty string")
    payload = data.get("payload", {})
    if not isinstance(payload, dict):
        raise MalformedEventError("payload", f"must be a JSON object, got {type(payload).__name__}")
    event_ts = data.get("event_ts")
    if event_ts is not None and (
        isinstance(event_ts, bool)
        or not isinstance(event_ts, (int, float))
        or not math.isfinite(event_ts)
        or not 0 <= event_ts <= MAX_EVENT_TS
    ):
        raise MalformedEventError(
            "event_ts", f"must be milliseconds since the epoch (before 2100), got {event_ts!r}"
        )
    return data


def _check_size(data: Any) -> None:
    """Refuse bodies nested deeper than :data:`MAX_DEPTH` or holding more than :data:`MAX_VALUES` values."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    values = 0
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise MalformedEventError("body", f"nests deeper than {MAX_DEPTH} levels")
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            values += 1
            if values > MAX_VALUES:
                raise MalformedEventError("body", f"holds more than {MAX_VALUES} keys and items")
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))


def delivery_key(event: Mapping[str, Any]) -> str:
    """
    Return a key that is the same for every delivery of one Zoom event.

    Zoom redelivers a failed event with a new ``x-zm-request-timestamp`` (and so a new
    signature) but the same ``event``, ``event_ts`` and ``payload``. The key hashes exactly those
    three, serialised canonically, so it ignores the headers, key order, whitespace and the
    top-level ``download_token`` (which may be issued anew). Two different events differ at
    least in ``event_ts`` (milliseconds) or in their payload.

    :param event: the parsed event.
    """
    identity = {
        "event": event.get("event"),
        "event_ts": event.get("event_ts"),
        "payload": event.get("payload", {}),
    }
    canonical = json.dumps(identity, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _scrub_url(value: str) -> str:
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    if not parts.query:
        return value
    query = [
        (name, MASK if name.lower() in SENSITIVE_QUERY_PARAMS else val)
        for name, val in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


def scrub(value: Any) -> Any:
    """
    Return a copy of ``value`` with credentials masked, for storing where users can read it.

    Values of :data:`SENSITIVE_KEYS` become ``***`` (empty values stay empty, so "no passcode"
    is still visible), and credential query parameters in http(s) URLs are masked.

    :param value: a parsed JSON value.
    """
    if isinstance(value, Mapping):
        return {
            key: (MASK if item not in (None, "") else item)
            if str(key).lower() in SENSITIVE_KEYS
            else scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if isinstance(value, str) and value.startswith(("http://", "https://")) and "?" in value:
        return _scrub_url(value)
    return value


def build_extra(
    event: Mapping[str, Any], *, account_id: str, conn_id: str, key: str | None = None
) -> dict[str, Any]:
    """
    Build the asset event extra for a Zoom event, with credentials masked.

    :param event: the parsed event.
    :param account_id: the Zoom account the event belongs to.
    :param conn_id: the Airflow connection whose secret token verified the delivery.
    :param key: the delivery key; computed from ``event`` when not given.
    """
    extra: dict[str, Any] = {
        EXTRA_EVENT: event.get("event"),
        EXTRA_EVENT_TS: event.get("event_ts"),
        EXTRA_ACCOUNT_ID: account_id,
        EXTRA_CONNECTION_ID: conn_id,
        EXTRA_DELIVERY_KEY: key or delivery_key(event),
        EXTRA_PAYLOAD: scrub(event.get("payload", {})),
    }
    if event.get("download_token"):
        # The token itself is a 24-hour credential; the DAG fetches its own with the hook.
        extra[EXTRA_DOWNLOAD_TOKEN_RECEIVED] = True
    return extra


def _extra_of(asset_event: Any) -> Mapping[str, Any]:
    extra = (
        asset_event.get("extra") if isinstance(asset_event, Mapping) else getattr(asset_event, "extra", None)
    )
    if not isinstance(extra, Mapping):
        return {}
    # From a watcher: Airflow stores the trigger payload as {"from_trigger": True, "payload": ...}.
    inner = extra.get(EXTRA_PAYLOAD) if extra.get("from_trigger") else None
    return inner if isinstance(inner, Mapping) and EXTRA_EVENT in inner else extra


def zoom_events(triggering_asset_events: Any, event: str | None = None) -> list[Mapping[str, Any]]:
    """
    Return the extras of the Zoom asset events that triggered a DAG run, oldest first.

    Several Zoom events that arrive before the run starts are delivered to one run together,
    so a DAG should handle every one of them.

    :param triggering_asset_events: the ``triggering_asset_events`` context value (a mapping of
        asset to events), or any iterable of asset events or their extras.
    :param event: keep only events with this name, e.g. ``recording.completed``.
    """
    if isinstance(triggering_asset_events, Mapping):
        groups: Iterable[Any] = triggering_asset_events.values()
        items = [item for group in groups for item in group]
    else:
        items = list(triggering_asset_events or [])
    extras = []
    seen: set[str] = set()
    for item in items:
        extra = item if isinstance(item, Mapping) and EXTRA_EVENT in item else _extra_of(item)
        if EXTRA_EVENT not in extra or (event is not None and extra.get(EXTRA_EVENT) != event):
            continue
        # An event reached through an asset alias is listed under the alias as well.
        key = str(extra.get(EXTRA_DELIVERY_KEY) or id(extra))
        if key not in seen:
            seen.add(key)
            extras.append(extra)
    extras.sort(key=lambda e: e.get(EXTRA_EVENT_TS) or 0)
    return extras


def meeting_uuids(triggering_asset_events: Any, event: str | None = None) -> list[str]:
    """
    Return the distinct meeting or webinar UUIDs (``payload.object.uuid``) of the triggering events.

    :param triggering_asset_events: the ``triggering_asset_events`` context value.
    :param event: keep only events with this name, e.g. ``recording.completed``.
    """
    uuids: list[str] = []
    for extra in zoom_events(triggering_asset_events, event):
        payload = extra.get(EXTRA_PAYLOAD)
        obj = payload.get("object") if isinstance(payload, Mapping) else None
        uuid = obj.get("uuid") if isinstance(obj, Mapping) else None
        if isinstance(uuid, str) and uuid and uuid not in uuids:
            uuids.append(uuid)
    return uuids
