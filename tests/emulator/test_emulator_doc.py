"""The route counts ``docs/emulator.md`` states are the emulator's and its references' own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from airflow_provider_zoom._contract import facts
from tests.contract.replies import REPLIES_FILE, sdk_replies

from .test_reply_conformance import CASES, EMULATOR_ONLY_CASES

DOC = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"
SPEC = "zoom-meetings-api-spec/components.ts"


def stated(pattern: str) -> int:
    """The number ``pattern`` (one group; the doc's line breaks match any space) finds in the doc."""
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    found = re.search(pattern, text)
    assert found, f"docs/emulator.md no longer says {pattern!r}: update the doc and this test together"
    return int(found.group(1))


def counted() -> dict[str, int]:
    """The same counts, from the facts and the distilled replies the conformance tests run on."""
    endpoints = facts.endpoints().values()
    other = json.loads(REPLIES_FILE.read_text(encoding="utf-8"))["emulator_only"]
    spec = [e for e in endpoints if e.source == SPEC]
    return {
        "spec endpoints": len(spec),
        "sdk-only endpoints": len([e for e in endpoints if e.source and e.source != SPEC]),
        "spec routes": len(spec) + len([k for k, v in other.items() if v.get("source") == SPEC]),
        "in neither": len([e for e in endpoints if not e.described]),
        "sdk routes": len(sdk_replies()),
    }


PHRASES = {
    "spec endpoints": r"spec for the (\d+) Meetings API endpoints of the facts",
    "sdk-only endpoints": r"SDK types for the (\d+) Users, Team Chat, Phone and account endpoints",
    "spec routes": r"(\d+) routes are checked against the spec",
    "in neither": r"and (\d+) endpoints? of the facts (?:is|are) in neither reference",
    "sdk routes": r"all (\d+) routes the SDK",
}


@pytest.mark.parametrize("what", sorted(PHRASES))
def test_each_count_the_doc_states_is_the_current_one(what: str) -> None:
    assert stated(PHRASES[what]) == counted()[what]


def test_the_counts_cover_every_conformance_case() -> None:
    # Every route with a reply check is counted once: the facts' endpoints and the other clients' routes.
    numbers = counted()
    total = numbers["spec endpoints"] + numbers["sdk-only endpoints"] + numbers["in neither"]
    assert total == len(CASES)
    assert numbers["spec routes"] - numbers["spec endpoints"] <= len(EMULATOR_ONLY_CASES)
