"""
The ``zoom`` asset URI scheme: ``zoom://<account_id>/<event>``.

One asset stands for one kind of Zoom event in one Zoom account, for example
``zoom://D8cJuqWVQ623CI4Q8yQK0Q/recording.completed``. The webhook receiver records an asset
event on it for every delivery, so a DAG scheduled on the asset runs once per Zoom event.

Account IDs are case-sensitive in Zoom, so the account part is kept exactly as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urlsplit

if TYPE_CHECKING:
    from airflow.sdk import Asset

SCHEME = "zoom"

# Zoom account IDs are URL-safe tokens; "emulator-account" style names are allowed for local use.
_ACCOUNT_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,128}$")
# Zoom event names are dotted lowercase words: recording.completed, meeting.participant_joined.
_EVENT_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


def validate_account_id(account_id: Any) -> str:
    """
    Return ``account_id`` if it can be the account part of a ``zoom://`` URI.

    :param account_id: a Zoom account ID.
    :raises ValueError: naming the field when it is empty or holds characters a URI host cannot.
    """
    if not isinstance(account_id, str) or not _ACCOUNT_RE.match(account_id):
        raise ValueError(
            f"account_id: must be a Zoom account ID (letters, digits, '-', '_', '.'), got {account_id!r}"
        )
    return account_id


def validate_event_name(event: Any) -> str:
    """
    Return ``event`` if it looks like a Zoom event name such as ``recording.completed``.

    :param event: a Zoom event name.
    :raises ValueError: naming the field when it is not a dotted lowercase name.
    """
    if not isinstance(event, str) or not _EVENT_RE.match(event):
        raise ValueError(
            f"event: must be a Zoom event name like 'recording.completed' (dotted lowercase), got {event!r}"
        )
    return event


def zoom_asset_uri(account_id: str, event: str) -> str:
    """
    Build the asset URI for ``event`` in ``account_id``.

    :param account_id: the Zoom account ID (``payload.account_id`` of the event).
    :param event: the Zoom event name, e.g. ``recording.completed``.
    """
    return f"{SCHEME}://{validate_account_id(account_id)}/{validate_event_name(event)}"


def parse_zoom_asset_uri(uri: str) -> tuple[str, str]:
    """
    Split a ``zoom://<account_id>/<event>`` URI into ``(account_id, event)``.

    :param uri: the asset URI.
    :raises ValueError: when the URI is not a valid ``zoom`` asset URI.
    """
    parts = sanitize_uri(urlsplit(uri))
    return parts.netloc, parts.path.lstrip("/")


def sanitize_uri(uri: SplitResult) -> SplitResult:
    """
    Check a ``zoom://`` asset URI; registered as the scheme's handler in the provider info.

    Airflow has already lower-cased the scheme and dropped trailing slashes and fragments.

    :param uri: the split URI.
    :raises ValueError: when the account or the event part is missing or malformed.
    """
    if uri.scheme != SCHEME:
        raise ValueError(f"uri: expected the {SCHEME!r} scheme, got {uri.scheme!r}")
    if uri.username or uri.password or uri.port is not None:
        raise ValueError("uri: a zoom:// asset URI takes no user, password or port")
    if uri.query:
        raise ValueError("uri: a zoom:// asset URI takes no query string")
    if not uri.netloc:
        raise ValueError("uri: format zoom://<account_id>/<event> must contain an account ID")
    validate_account_id(uri.netloc)
    event = uri.path.lstrip("/")
    if not event or "/" in event:
        raise ValueError(
            f"uri: format zoom://<account_id>/<event> must have exactly one event name, got {uri.path!r}"
        )
    validate_event_name(event)
    return uri


def create_asset(*, account_id: str, event: str, extra: dict[str, Any] | None = None) -> Asset:
    """
    Create the asset for ``event`` in ``account_id``; registered as the scheme's factory.

    :param account_id: the Zoom account ID.
    :param event: the Zoom event name, e.g. ``recording.completed``.
    :param extra: the asset's extra.
    """
    from airflow.sdk import Asset

    return Asset(uri=zoom_asset_uri(account_id, event), extra=extra)
