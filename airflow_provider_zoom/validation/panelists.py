"""Webinar panelists, checked before any request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom._contract import facts as _facts
from airflow_provider_zoom.exceptions import ZoomConfigError

_PANELISTS = _facts.endpoint("POST", "/webinars/{webinarId}/panelists")

# Zoom takes at most this many panelists per request (a webinar holds at most 100 on most plans).
PANELIST_BATCH_SIZE = _facts.stated(_PANELISTS.max_items("body.panelists"), "panelists' maxItems")
PANELIST_FIELDS = frozenset(_PANELISTS.fields("body.panelists"))


def check_panelists(panelists: Any) -> list[dict[str, Any]]:
    """
    Check webinar panelist entries (``name`` and ``email`` required) before any request.

    :raises ZoomConfigError: naming the entry and field at fault.
    """
    if isinstance(panelists, Mapping | str | bytes) or not isinstance(panelists, Iterable):
        raise ZoomConfigError("panelists", f"must be a list of {{name, email}} objects, got {panelists!r}")
    entries = list(panelists)
    if not entries:
        raise ZoomConfigError("panelists", "must hold at least one panelist")
    checked = []
    for index, entry in enumerate(entries):
        field = f"panelists[{index}]"
        if not isinstance(entry, Mapping):
            raise ZoomConfigError(field, f"must be an object with name and email, got {entry!r}")
        for key in ("name", "email"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ZoomConfigError(f"{field}.{key}", "is required and must be non-empty text")
        if "@" not in entry["email"]:
            raise ZoomConfigError(f"{field}.email", f"is not an email address: {entry['email']!r}")
        unknown = sorted(set(entry) - PANELIST_FIELDS)
        if unknown:
            raise ZoomConfigError(
                f"{field}", f"unknown field(s) {', '.join(unknown)}; Zoom accepts {sorted(PANELIST_FIELDS)}"
            )
        checked.append(dict(entry))
    return checked
