"""The committed facts file is what the distiller makes of Zoom's references, and reads back whole."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from airflow_provider_zoom._contract import facts
from tests.contract.replies import REPLIES_FILE

REPO = Path(__file__).resolve().parents[2]


def _distiller():
    spec = importlib.util.spec_from_file_location("distill_zoom_api", REPO / "tools" / "distill_zoom_api.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("distill_zoom_api", module)
    spec.loader.exec_module(module)
    return module


def test_committed_facts_match_the_references():
    distiller = _distiller()
    references = distiller.find_references()
    if references is None:
        pytest.skip("Zoom's references (shared/zoom-api beside the checkout) are not here to re-distil from")
    distilled = distiller.distil(references)
    for path, expected in (
        (facts.FACTS_FILE, distiller.render(distilled)),
        (REPLIES_FILE, distiller.render_replies(distilled)),
    ):
        committed = path.read_text(encoding="utf-8")
        assert committed == expected, (
            f"{path.name} differs from the references: run tools/distill_zoom_api.py"
        )


def test_every_provider_endpoint_is_in_the_facts():
    distiller = _distiller()
    listed = {f"{m} {p}" for m, p in distiller.PROVIDER_ENDPOINTS}
    assert set(facts.endpoints()) == listed


def test_every_endpoint_has_a_rate_limit_and_scopes():
    for key, endpoint in facts.endpoints().items():
        assert endpoint.rate_limit in (facts.LIGHT, facts.MEDIUM, facts.HEAVY, facts.RESOURCE_INTENSIVE), key
        assert endpoint.granular_scopes or endpoint.classic_scopes, key
        assert endpoint.scope_alternatives(), key


def test_stated_elsewhere_only_fills_gaps():
    # A hand-written row may only cover what the references leave out.
    for key in facts.STATED_ELSEWHERE:
        assert key in facts.endpoints(), key
        assert facts.endpoints()[key].stated_elsewhere, f"{key}: the references now state it; drop the row"


def test_the_facts_hold_no_prose():
    def strings(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    raw = json.loads(facts.FACTS_FILE.read_text(encoding="utf-8"))
    longest = max(strings(raw["endpoints"]), key=len)
    assert len(longest) < 200, longest  # names, enum values and patterns; never prose
    assert "example" not in set(strings(raw["endpoints"]))


def test_reader_lookups():
    update = facts.endpoint("PATCH", "/meetings/{meeting_id}")
    assert update.path == "/meetings/{meetingId}"
    assert 10 in update.enum("body.type")
    assert update.field("body.recurrence.repeat_interval")["x-maximum-by-recurrence-type"] == {
        "1": 99,
        "2": 50,
        "3": 10,
    }
    assert facts.bounds("GET", "/meetings/{id}/recordings", "query.ttl") == (0, 604800)
    assert facts.max_length("POST", "/users/{id}/meetings", "body.password") == 10
    with pytest.raises(KeyError):
        facts.endpoint("GET", "/nowhere")
    with pytest.raises(KeyError):
        update.field("body.no_such_field")


def test_match_prefers_literal_segments():
    found, params = facts.match("GET", "/meetings/meeting_summaries")
    assert found.path == "/meetings/meeting_summaries" and params == {}
    found, params = facts.match("GET", "/meetings/85746065/meeting_summary")
    assert found.path == "/meetings/{meetingId}/meeting_summary" and params == {"meetingId": "85746065"}
    assert facts.match("GET", "/meetings/1/nothing") is None
    assert facts.category("GET", "/report/daily") == facts.HEAVY


def test_check_request_names_each_departure():
    problems = facts.check_request(
        "GET", "/users/me/recordings", {"trash": "True", "from": "2024-01-01", "colour": "red"}
    )
    fields = {p.field for p in problems}
    assert fields == {"query.trash", "query.from", "query.colour"}
    problems = facts.check_request(
        "POST",
        "/users/me/meetings",
        body={
            "topic": "t",
            "type": 11,
            "recurrence": {"type": 2, "repeat_interval": 51},
            "default_passcode": True,
        },
    )
    assert {p.field for p in problems} == {
        "body.type",
        "body.recurrence.repeat_interval",
        "body.default_passcode",
    }
    assert facts.check_request("GET", "/past_meetings/%2Fabc%3D%3D") == [
        facts.Problem("path.meetingId", "holds a '/' encoded once; Zoom wants such ids encoded twice")
    ]
    assert facts.check_request("GET", "/past_meetings/%252Fabc%253D%253D") == []


def test_each_phone_row_stated_elsewhere_names_its_source():
    # The Rivet SDK states no phone scope or label: each hand-written phone row says where it comes from.
    lines = Path(facts.__file__).read_text(encoding="utf-8").splitlines()
    for key in (k for k in facts.STATED_ELSEWHERE if " /phone/" in k):
        row = next(i for i, line in enumerate(lines) if line.strip().startswith(f'"{key}"'))
        assert lines[row - 1].strip().startswith("#"), f"{key}: no source comment above its row"


def test_the_phone_rows_say_what_zoom_phone_api_document_says():
    # Zoom's Phone API OpenAPI document (see the comment above STATED_ELSEWHERE's phone rows).
    stated = {
        "GET /phone/recordings": (facts.MEDIUM, "phone:read:list_call_recordings:admin"),
        "GET /phone/users/{userId}/recordings": (facts.MEDIUM, "phone:read:list_recordings:admin"),
        "GET /phone/call_logs/{id}/recordings": (facts.LIGHT, "phone:read:call_recording:admin"),
        "DELETE /phone/recordings/{recordingId}": (facts.LIGHT, "phone:delete:call_recording:admin"),
        "GET /phone/voice_mails": (facts.HEAVY, "phone:read:list_voicemails:admin"),
    }
    for key, (label, granular) in stated.items():
        endpoint = facts.endpoints()[key]
        assert (endpoint.rate_limit, endpoint.granular_scopes) == (label, (granular,)), key
