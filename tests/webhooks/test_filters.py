"""Several Zoom events schedule one DAG (``Asset | Asset``), and rules keep only the events that matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from airflow_provider_zoom.testing.emulator.events import build_event
from airflow_provider_zoom.webhooks.events import build_extra, meeting_uuids
from airflow_provider_zoom.webhooks.filters import EventRule, matching_events
from tests.compat import scheduled_asset_condition

EXAMPLE = Path(__file__).parents[2] / "example_dags" / "zoom_event_filters.py"
ACCOUNT = "acct-7"


def extra_of(event: str, ts: int, **object_changes) -> dict:
    body = build_event(event, event_ts=ts, account_id=ACCOUNT)
    body["payload"]["object"].update(object_changes)
    return build_extra(body, account_id=ACCOUNT, conn_id="zoom_default")


@pytest.fixture
def triggering():
    """``triggering_asset_events`` as a run sees it: asset -> its events (plain mappings here)."""
    created_by_me = build_event("meeting.created", event_ts=5, account_id=ACCOUNT)
    created_by_me["payload"].update(operator="Me@Example.com", operator_id="uMe")
    created_by_me["payload"]["object"] = {"uuid": "m-created", "host_id": "uOther", "topic": "Retro"}
    return {
        f"zoom://{ACCOUNT}/recording.completed": [
            {"extra": extra_of("recording.completed", 1, uuid="m-team", topic="Weekly sync")},
            {
                "extra": extra_of(
                    "recording.completed",
                    2,
                    uuid="m-other",
                    host_email="else@example.com",
                    topic="Board review",
                )
            },
        ],
        f"zoom://{ACCOUNT}/recording.transcript_completed": [
            {"extra": extra_of("recording.transcript_completed", 3, uuid="m-transcript", topic="Daily SYNC")},
        ],
        f"zoom://{ACCOUNT}/meeting.participant_joined": [
            {"extra": extra_of("meeting.participant_joined", 4, uuid="m-joined", topic="Town hall")},
        ],
        f"zoom://{ACCOUNT}/meeting.created": [
            {"extra": build_extra(created_by_me, account_id=ACCOUNT, conn_id="zoom_default")},
        ],
    }


def uuids(events) -> list[str]:
    return meeting_uuids(events)


def test_no_rule_keeps_every_event_oldest_first(triggering):
    assert uuids(matching_events(triggering)) == [
        "m-team",
        "m-other",
        "m-transcript",
        "m-joined",
        "m-created",
    ]


def test_host_rule_matches_email_case_insensitively_and_ids_exactly(triggering):
    assert uuids(matching_events(triggering, host="HOST@example.com")) == ["m-team", "m-transcript"]
    # The default payloads' host id; an id differing only in case is another user.
    assert uuids(
        matching_events(triggering, host="x1yCzABCDEfg23HiJKl4mN", events="meeting.participant_joined")
    ) == ["m-joined"]
    assert matching_events(triggering, host="X1YCZABCDEFG23HIJKL4MN") == []


def test_operator_rule_is_by_me(triggering):
    assert uuids(matching_events(triggering, operator="me@example.com")) == ["m-created"]
    assert uuids(matching_events(triggering, operator="uMe")) == ["m-created"]
    assert matching_events(triggering, operator="someone@example.com") == []


def test_participant_rule(triggering):
    assert uuids(matching_events(triggering, participant="jchill@example.com")) == ["m-joined"]
    assert uuids(matching_events(triggering, participant="16778240")) == ["m-joined"]
    assert matching_events(triggering, participant="nobody@example.com") == []


def test_file_type_and_topic_rules(triggering):
    assert uuids(matching_events(triggering, file_types="transcript")) == ["m-transcript"]
    assert uuids(matching_events(triggering, file_types=["MP4", "TRANSCRIPT"])) == [
        "m-team",
        "m-other",
        "m-transcript",
    ]
    assert uuids(matching_events(triggering, topic="*sync*")) == ["m-team", "m-transcript"]
    assert uuids(matching_events(triggering, topic=["retro", "weekly*"])) == ["m-team", "m-created"]


def test_rules_combine_and_an_event_rule_is_reusable(triggering):
    rule = EventRule.build(events=["recording.completed"], host="host@example.com", topic="*sync")
    assert uuids(matching_events(triggering, rule)) == ["m-team"]
    assert rule.matches(triggering[f"zoom://{ACCOUNT}/recording.completed"][1]["extra"]) is False


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"host": ""}, "host"),
        ({"host": []}, "host"),
        ({"file_types": [None]}, "file_types"),
        ({"topic": 5}, "topic"),
        ({"events": {"a": 1}}, "events"),
        ({"hosts": "a@example.com"}, "hosts"),
    ],
)
def test_malformed_rules_name_their_field(triggering, kwargs, field):
    with pytest.raises(ValueError, match=f"^{field}:"):
        matching_events(triggering, **kwargs)


def test_rule_and_keywords_together_are_refused(triggering):
    with pytest.raises(ValueError, match="^rule:"):
        matching_events(triggering, EventRule(), host="a@example.com")


def test_example_dag_runs_on_either_event_as_the_scheduler_evaluates_it(monkeypatch):
    """The serialized DAG's condition, evaluated by the scheduler's own AssetEvaluator."""
    from airflow_provider_zoom.version_compat import DagBag

    monkeypatch.setenv("ZOOM_ACCOUNT_ID", ACCOUNT)
    bag = DagBag(dag_folder=str(EXAMPLE))
    assert bag.import_errors == {}
    dag = bag.dags["zoom_event_filters"]
    ready = scheduled_asset_condition(dag)
    completed = f"zoom://{ACCOUNT}/recording.completed"
    transcript = f"zoom://{ACCOUNT}/recording.transcript_completed"

    assert ready(completed) and ready(transcript) and ready(completed, transcript)
    assert not ready() and not ready(f"zoom://{ACCOUNT}/meeting.ended")
    assert set(dag.task_ids) == {"team_meetings", "archive_team_recordings"}


def test_example_dag_task_keeps_only_the_team_events(triggering, monkeypatch):
    from airflow_provider_zoom.version_compat import DagBag

    monkeypatch.setenv("ZOOM_ACCOUNT_ID", ACCOUNT)
    monkeypatch.setenv("ZOOM_TEAM_HOSTS", "host@example.com")
    dag = DagBag(dag_folder=str(EXAMPLE)).dags["zoom_event_filters"]
    task = dag.get_task("team_meetings")
    # m-other is hosted by someone else; m-joined and m-created carry no MP4 or transcript.
    assert task.python_callable(triggering_asset_events=triggering) == ["m-team", "m-transcript"]
