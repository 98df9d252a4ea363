"""Where each recording file goes: its identity, the ``path_template`` fields, the object keys."""

from __future__ import annotations

import hashlib
import posixpath
import string
from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._storage.objects import safe_key, safe_segment
from airflow_provider_zoom.exceptions import ZoomConfigError

#: Default layout: one folder per host, day and meeting; file names sort by recording start.
DEFAULT_PATH_TEMPLATE = (
    "{host_email}/{start_date}/{topic}-{meeting_id}/{recording_start}-{recording_type}-{file_id}.{ext}"
)
#: The fields ``path_template`` may use.
PATH_FIELDS = (
    "host_email",
    "host_id",
    "account_id",
    "topic",
    "meeting_id",
    "meeting_uuid",
    "start_time",
    "start_date",
    "year",
    "month",
    "day",
    "recording_start",
    "recording_end",
    "recording_type",
    "file_id",
    "file_type",
    "ext",
)
MANIFEST_PREFIX = "zoom-manifest-"

# Zoom sends file_extension for most files; these cover the ones it leaves it out of.
_EXTENSIONS = {
    "MP4": "mp4",
    "M4A": "m4a",
    "TRANSCRIPT": "vtt",
    "CC": "vtt",
    "CHAT": "txt",
    "CSV": "csv",
    "TB": "json",
    "TIMELINE": "json",
    "CHAT_MESSAGE": "json",
    "SUMMARY": "json",
}


def meeting_ref(meeting: Mapping[str, Any]) -> Any:
    """The meeting instance's UUID, else its numeric id: what Zoom's per-meeting calls take."""
    return meeting.get("uuid") or meeting.get("id")


def meeting_label(meeting: Mapping[str, Any]) -> str:
    """``<id> (<uuid>)``, naming a meeting instance in log lines."""
    return f"{meeting.get('id', '?')} ({meeting.get('uuid', '?')})"


def url_safe_uuid(value: Any) -> str:
    """A Zoom UUID (base64) in the URL-safe alphabet: still distinct, and free of ``/``."""
    return str(value).replace("+", "-").replace("/", "_")


def file_identity(meeting: Mapping[str, Any], item: Mapping[str, Any]) -> str:
    """
    A stable identity for a recording file: its ``id``, or for files Zoom sends without one
    (CC, TIMELINE) the file type plus a hash of the meeting UUID, recording start/end and extension.

    :param meeting: the meeting instance, as Zoom lists it.
    :param item: one entry of its ``recording_files``.
    """
    if item.get("id"):
        return str(item["id"])
    basis = "|".join(
        str(v or "")
        for v in (
            meeting_ref(meeting),
            item.get("file_type"),
            item.get("recording_start"),
            item.get("recording_end"),
            item.get("file_extension"),
        )
    )
    return f"{str(item.get('file_type') or 'file').lower()}-{hashlib.sha256(basis.encode()).hexdigest()[:16]}"


def path_values(meeting: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, str]:
    """
    The raw values ``path_template`` can use for one file (see :data:`PATH_FIELDS`).

    :param meeting: the meeting instance, as Zoom lists it.
    :param item: one entry of its ``recording_files``.
    """
    start_time = str(meeting.get("start_time") or item.get("recording_start") or "")
    start_date = start_time[:10] if len(start_time) >= 10 else "unknown-date"
    file_type = str(item.get("file_type") or "FILE").upper()
    ext = str(item.get("file_extension") or _EXTENSIONS.get(file_type, "bin")).lower()
    return {
        "host_email": str(meeting.get("host_email") or meeting.get("host_id") or "unknown-host"),
        "host_id": str(meeting.get("host_id") or "unknown-host"),
        "account_id": str(meeting.get("account_id") or ""),
        "topic": str(meeting.get("topic") or "untitled"),
        "meeting_id": str(meeting.get("id") or meeting.get("meeting_id") or item.get("meeting_id") or ""),
        "meeting_uuid": url_safe_uuid(meeting.get("uuid") or ""),
        "start_time": _compact_time(start_time),
        "start_date": start_date,
        "year": start_date[:4],
        "month": start_date[5:7],
        "day": start_date[8:10],
        "recording_start": _compact_time(str(item.get("recording_start") or start_time)),
        "recording_end": _compact_time(str(item.get("recording_end") or "")),
        "recording_type": str(item.get("recording_type") or file_type.lower()),
        "file_id": file_identity(meeting, item),
        "file_type": file_type,
        "ext": ext,
    }


def render_key(template: str, meeting: Mapping[str, Any], item: Mapping[str, Any]) -> str:
    """
    The object key (relative to ``dest``) of one file, safe on every store.

    :param template: a ``path_template`` that passed :func:`check_template`.
    :param meeting: the meeting instance, as Zoom lists it.
    :param item: one entry of its ``recording_files``.
    """
    values = {name: safe_segment(value) for name, value in path_values(meeting, item).items()}
    return safe_key(template.format(**values))


def manifest_key(keys: Iterable[str], meeting: Mapping[str, Any]) -> str:
    """
    The manifest's key: in the folder the meeting's files share, named after the meeting UUID.

    :param keys: the object keys of the meeting's files.
    :param meeting: the meeting instance.
    """
    folders = [posixpath.dirname(k) for k in keys]
    folder = posixpath.commonpath(folders) if folders and all(folders) else ""
    name = f"{MANIFEST_PREFIX}{safe_segment(url_safe_uuid(meeting_ref(meeting) or 'meeting'))}.json"
    return f"{folder}/{name}" if folder else name


def check_template(template: str) -> str:
    """
    A usable ``path_template``: relative, valid, and made of :data:`PATH_FIELDS` only.

    :param template: the rendered template, stripped.
    :raises ZoomConfigError: naming ``path_template``.
    """
    if not template:
        raise ZoomConfigError("path_template", "must not be empty")
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as err:
        raise ZoomConfigError("path_template", f"is not a valid format string: {err}") from None
    unknown = sorted({n for n in names if n not in PATH_FIELDS})
    if unknown:
        raise ZoomConfigError(
            "path_template", f"unknown field(s) {', '.join(unknown)}; use {', '.join(PATH_FIELDS)}"
        )
    if template.startswith("/") or ".." in template.split("/"):
        raise ZoomConfigError("path_template", "must be relative to dest (no leading / and no ..)")
    if not names:
        raise ZoomConfigError("path_template", "must use at least one field, e.g. {file_id}")
    return template


def _compact_time(value: str) -> str:
    """``2024-01-02T10:00:00Z`` -> ``20240102T100000Z``: sortable and free of ``:``."""
    return value.replace("-", "").replace(":", "") if value else ""
