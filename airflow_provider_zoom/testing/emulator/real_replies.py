"""Where the emulator answers as real Zoom accounts do rather than as Zoom's reference types it.

Zoom's API hub spec and its SDK types are the arbiter of names, enums and bounds, but replies recorded
from real accounts by public projects disagree with them in a few places. There the emulator sends
what Zoom really sends, and the reply checks (against the spec and against the SDK types) allow
exactly these cases, listed with their evidence in the emulator's docs.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_RECORDINGS = (
    "GET /users/{userId}/recordings",
    "GET /accounts/{accountId}/recordings",
    "GET /meetings/{meetingId}/recordings",
)


class RealReply(NamedTuple):
    """One reply field whose real form differs from Zoom's reference."""

    routes: tuple[str, ...]
    #: the field in a reply, lists as ``[]``: ``meetings[].type``, or ``type`` at the top.
    field: str
    reference: str
    real: str


REAL_OVER_REFERENCE: tuple[RealReply, ...] = (
    RealReply(_RECORDINGS, "meetings[].type", 'text "1".."99"', "a number (2, 8)"),
    RealReply(_RECORDINGS, "type", 'text "1".."99"', "a number (2, 8)"),
    RealReply(_RECORDINGS, "meetings[].share_url", "not listed", "the recording's share link"),
    RealReply(_RECORDINGS, "share_url", "not listed", "the recording's share link"),
    RealReply(_RECORDINGS, "meetings[].timezone", "not listed", "the meeting's time zone"),
    RealReply(_RECORDINGS, "timezone", "not listed", "the meeting's time zone"),
)


def allowed(route: str, field: str) -> bool:
    """Whether a problem at ``field`` (``meetings[3].type``) of ``route``'s reply is a listed case."""
    shape = re.sub(r"\[\d+\]", "[]", field)
    return any(route in case.routes and case.field == shape for case in REAL_OVER_REFERENCE)
