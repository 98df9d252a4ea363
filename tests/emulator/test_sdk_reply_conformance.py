"""Every emulator route Zoom's SDK describes, its reply against the SDK's response type.

Beside the check against the API hub spec (``test_reply_conformance``): Zoom's own Node SDK ("Rivet")
types the replies of the Meetings API too, and it is what clients built on it expect. Its types are
distilled into ``tests/contract/zoom_api_replies.json`` (``sdk``) by ``tools/distill_zoom_api.py``,
so the check needs nothing outside the repository.
"""

from __future__ import annotations

import pytest

from tests.contract.replies import sdk_replies

from .test_reply_conformance import CASES, EMULATOR_ONLY_CASES, Api, Ids, conformance, reply_problems

__all__ = ["conformance"]  # the module-scoped emulator the spec check uses

pytestmark = pytest.mark.clock

_ALL_CASES = {**CASES, **EMULATOR_ONLY_CASES}

# Where the SDK's type lacks a field that the API hub spec (the newer statement of the Meetings API)
# lists, the emulator follows the spec; the emulator's docs list these beside the real-reply cases.
SPEC_OVER_SDK = {
    "POST /users/{userId}/meetings": {"uuid", "host_id", "status"},
    "GET /meetings/{meetingId}/meeting_summary": {"summary_content"},
}


def _left_to_spec(key: str, problem: str) -> bool:
    field, _, message = problem.partition(": ")
    return field in SPEC_OVER_SDK.get(key, set()) and "is not a field" in message


def test_every_route_the_sdk_describes_has_a_case() -> None:
    assert len(sdk_replies()) >= 50
    assert set(sdk_replies()) <= set(_ALL_CASES), sorted(set(sdk_replies()) - set(_ALL_CASES))


@pytest.mark.parametrize("key", sorted(sdk_replies()))
def test_reply_conforms_to_zoom_sdk_types(key: str, conformance: tuple[Api, Ids]) -> None:
    api, ids = conformance
    reply = _ALL_CASES[key](api, ids)
    assert reply.request.method == key.partition(" ")[0]
    problems = reply_problems(key, sdk_replies()[key], reply)
    assert [p for p in problems if not _left_to_spec(key, p)] == []


def test_the_spec_over_sdk_cases_are_still_disagreements() -> None:
    """A case stays listed only while the SDK still lacks the field and the spec still has it."""
    from tests.contract.replies import replies

    for key, names in SPEC_OVER_SDK.items():
        for name in names:
            assert name not in (sdk_replies()[key].get("properties") or {}), (key, name)
            assert name in (replies()[key].get("properties") or {}), (key, name)
