"""Zoom's reply schemas, distilled with the facts by ``tools/distill_zoom_api.py``.

Only the tests read them (the emulator's reply conformance, the extracts' list keys), so the file stays
in the repository, beside this reader, and out of the provider's wheel.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from airflow_provider_zoom._contract import facts

REPLIES_FILE = Path(__file__).with_name("zoom_api_replies.json")


@functools.cache
def replies() -> dict[str, Any]:
    """``{"METHOD /path": schema}`` for the endpoints whose reply Zoom's references describe."""
    return json.loads(REPLIES_FILE.read_text(encoding="utf-8"))["endpoints"]


def reply_schema(endpoint: facts.Endpoint) -> dict[str, Any] | None:
    """The endpoint's reply schema (None when Zoom's reference describes none)."""
    return replies().get(endpoint.key)


def reply_field(endpoint: facts.Endpoint, dotted: str) -> dict[str, Any]:
    """The schema of ``response.a.b`` in the endpoint's reply (KeyError when absent)."""
    return facts.walk(reply_schema(endpoint), endpoint.key, dotted)


def emulator_only_reply(key: str) -> dict[str, Any] | None:
    """The reply schema of a route only the emulator's other clients call (``GET /report/users``)."""
    found = json.loads(REPLIES_FILE.read_text(encoding="utf-8"))["emulator_only"].get(key)
    return found["response"] if found else None


@functools.cache
def sdk_replies() -> dict[str, Any]:
    """``{"METHOD /path": schema}``: Zoom's SDK response types of every route the SDK describes."""
    return json.loads(REPLIES_FILE.read_text(encoding="utf-8"))["sdk"]
