"""
Argument values after templating: blank text as "not given", and lists of Zoom type names.

Plain Python shared by operators, sensors, transfers, notifications and triggers, so every task reads
a rendered ``"MP4, M4A"`` or ``"None"`` the same way, names the same field when it refuses one, and
tells a templated value from one it can check at parse time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from airflow_provider_zoom.exceptions import ZoomConfigError

# What a template renders for None: Jinja's text for it, and ``tojson``'s.
RENDERED_NONE = ("None", "null")
# Read as "no filter" in a type list, where a templated switch may render a falsy word.
_NO_FILTER_WORDS = ("", "none", "null", "false", "no", "off")
_FILE_TYPE = re.compile(r"[A-Z0-9_]{1,40}")
_RECORDING_TYPE = re.compile(r"[A-Za-z0-9_]{1,80}")


def blank_to_none(value: Any) -> Any:
    """None for blank text (empty or white space only); any other value, words included, unchanged."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def rendered_to_none(value: Any) -> Any:
    """
    None for what a template renders when its value is None (``None``, ``null``) and for blank text.

    Only for a value that came from a template, or for ids, dates and switches, where those words
    are never meant; a topic or message a user wrote as "None" is text to send.
    """
    if isinstance(value, str) and (not value.strip() or value.strip() in RENDERED_NONE):
        return None
    return value


def normalize_types(value: Any, field: str = "file_types", *, upper: bool = True) -> frozenset[str] | None:
    """
    A set of type names from a list, comma-separated text, or a list of such texts.

    :param value: the argument; None, blank text or an empty list mean "no filter" (None).
    :param field: the argument's name, given in the error.
    :param upper: file types (``MP4``, ``TRANSCRIPT``: matched in upper case); False for recording
        types (``shared_screen_with_speaker_view``: kept as written).
    :raises ZoomConfigError: naming ``field`` when an entry is not a type name.
    """
    if value is None or (isinstance(value, str) and value.strip().lower() in _NO_FILTER_WORDS):
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable) or isinstance(items, bytes | dict):
        raise ZoomConfigError(field, f"must be a list of names or comma-separated text, got {value!r}")
    names: set[str] = set()
    for raw in items:
        if not isinstance(raw, str) or not raw.strip():
            raise ZoomConfigError(field, f"holds {raw!r}; each entry must be a non-empty name")
        for part in raw.split(","):
            name = part.strip().upper() if upper else part.strip()
            if not name:
                continue
            if upper and not _FILE_TYPE.fullmatch(name):
                raise ZoomConfigError(field, f"{part!r} is not a file type name such as MP4 or TRANSCRIPT")
            if not upper and not _RECORDING_TYPE.fullmatch(name):
                raise ZoomConfigError(field, f"{part!r} is not a recording type such as audio_only")
            names.add(name)
    return frozenset(names) or None


_PLAIN = (str, int, float, bool, dt.date, type(None))


def is_static(value: Any) -> bool:
    """True when a value holds no Jinja template nor XCom reference, so it can be checked at parse time."""
    if isinstance(value, str):
        return "{{" not in value and "{%" not in value
    if isinstance(value, Mapping):
        return all(is_static(k) and is_static(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(is_static(v) for v in value)
    return isinstance(value, _PLAIN)


__all__ = ["RENDERED_NONE", "blank_to_none", "is_static", "normalize_types", "rendered_to_none"]
