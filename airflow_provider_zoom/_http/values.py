"""
Argument values after templating: blank text as "not given", and lists of Zoom type names.

Plain Python shared by operators, sensors, transfers and triggers, so every task reads a rendered
``"MP4, M4A"`` or ``"None"`` the same way and names the same field when it refuses one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from airflow_provider_zoom._contract.facts import SECRET_REPLY_FIELDS
from airflow_provider_zoom.exceptions import ZoomConfigError

# What a rendered template gives for "no value": Jinja renders None as "None".
BLANK_WORDS = ("", "none", "null")
# Also read as "no filter" in a type list, where a templated switch may render a falsy word.
_NO_FILTER_WORDS = (*BLANK_WORDS, "false", "no", "off")
_FILE_TYPE = re.compile(r"[A-Z0-9_]{1,40}")
_RECORDING_TYPE = re.compile(r"[A-Za-z0-9_]{1,80}")


def blank_to_none(value: Any) -> Any:
    """None for blank text or a rendered ``None``/``null``; any other value unchanged."""
    if isinstance(value, str) and value.strip().lower() in BLANK_WORDS:
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


__all__ = ["BLANK_WORDS", "blank_to_none", "normalize_types"]


def scrub_reply(
    value: Any,
    *,
    keep: Iterable[str] = (),
    mask: Callable[[str], None] | None = None,
) -> Any:
    """
    A reply without its credential fields (:data:`~airflow_provider_zoom._contract.facts.SECRET_REPLY_FIELDS`)
    at any depth, except those in ``keep``; every credential found is passed to ``mask``.

    What a task returns goes to XCom, which any user who can see the task may read: a field leaves
    only when the task was asked for it.
    """
    kept = frozenset(keep)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, item in node.items():
                if key in SECRET_REPLY_FIELDS:
                    if mask is not None and isinstance(item, str) and item:
                        mask(item)
                    if key not in kept:
                        continue
                out[key] = walk(item)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(value)
