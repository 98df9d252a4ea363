"""The archive and webinar-extract example DAGs under ``airflow dags test`` against the Zoom emulator."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from airflow_provider_zoom.transfers.recordings.provenance import is_record_name
from tests.harness.airflow_env import dag_run_succeeded, run_dag_test

pytestmark = pytest.mark.e2e

EXAMPLES = Path(__file__).resolve().parents[2] / "example_dags"
RECORDING_SIZE = 256 * 1024


@pytest.fixture(scope="module")
def zoom():
    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator(recording_size=RECORDING_SIZE, seed=42) as emulator:
        yield emulator


def busiest_past_day(zoom) -> dt.date:
    """The day before today with the most seeded recordings (the seed places them 2..8 days back)."""
    today = dt.datetime.now(dt.timezone.utc).date()
    days = Counter(
        p["_start"].date()
        for p in zoom.state.past_meetings.values()
        if p.get("_recording") and p["_start"].date() < today
    )
    return max(days, key=lambda d: (days[d], d))


def _run(dag_file: str, dag_id: str, **kwargs):
    result = run_dag_test(EXAMPLES / dag_file, dag_id, timeout=300, **kwargs)
    assert dag_run_succeeded(result), result.stdout[-6000:] + result.stderr[-6000:]
    return result


@pytest.fixture(scope="module")
def runs(zoom, tmp_path_factory):
    """Both DAGs, run side by side (each in its own AIRFLOW_HOME) to keep the suite short."""
    archive_dir = tmp_path_factory.mktemp("archive")
    reports_dir = tmp_path_factory.mktemp("reports")
    day = busiest_past_day(zoom)
    [webinar] = zoom.state.past_webinars.values()
    env = dict(zoom.connection_env())
    with ThreadPoolExecutor(2) as pool:
        archive = pool.submit(
            _run,
            "zoom_recording_archive.py",
            "zoom_recording_archive",
            env={**env, "ZOOM_ARCHIVE_DEST": f"file://{archive_dir}/"},
            # The data interval ends at the logical date: this run archives ``day``.
            logical_date=(day + dt.timedelta(days=1)).isoformat() + "T00:00:00+00:00",
            conf={"delete_after_archive": "trash"},
        )
        reports = pool.submit(
            _run,
            "zoom_webinar_report_extract.py",
            "zoom_webinar_report_extract",
            env={**env, "ZOOM_REPORT_DEST": f"file://{reports_dir}/"},
            conf={"webinar_id": webinar["id"]},
        )
        return {
            "archive": archive.result(),
            "reports": reports.result(),
            "archive_dir": archive_dir,
            "reports_dir": reports_dir,
            "day": day,
            "webinar": webinar,
        }


def test_archive_dag_archives_the_day_verified_and_trashes_it(zoom, runs):
    from airflow_provider_zoom.testing import expected_sha256

    day = runs["day"]
    meetings = [
        p for p in zoom.state.past_meetings.values() if p.get("_recording") and p["_start"].date() == day
    ]
    files = [f for p in meetings for f in p["_recording"]["_files"]]
    assert len(meetings) >= 2 and len(files) >= 12
    expected = Counter(expected_sha256(f["_key"], f["_size"]) for f in files)

    archived = [
        p
        for p in runs["archive_dir"].rglob("*")
        if p.is_file() and "zoom-manifest-" not in p.name and not is_record_name(p.name)
    ]
    assert Counter(hashlib.sha256(p.read_bytes()).hexdigest() for p in archived) == expected
    assert not [p for p in runs["archive_dir"].rglob("*.partial")]
    manifests = list(runs["archive_dir"].rglob("zoom-manifest-*.json"))
    assert {json.loads(m.read_text())["meeting_uuid"] for m in manifests} == {p["uuid"] for p in meetings}

    # Verified, so trashed in Zoom; other days' recordings untouched.
    assert all(f["_trashed"] for f in files)
    others = [
        f
        for p in zoom.state.past_meetings.values()
        if p.get("_recording") and p not in meetings
        for f in p["_recording"]["_files"]
    ]
    assert others and not any(f["_trashed"] for f in others)
    assert zoom.state.cdn_requests and not any(r["authorization"] for r in zoom.state.cdn_requests)
    # The summary task printed one row per file (what ``make demo`` shows).
    output = runs["archive"].stdout + runs["archive"].stderr
    assert f"{len(files)} file(s), {sum(f['_size'] for f in files)} bytes archived" in output


def test_webinar_dag_writes_its_four_extracts(zoom, runs):
    webinar = runs["webinar"]
    [folder] = [p for p in runs["reports_dir"].iterdir() if p.is_dir()]
    assert folder.name == str(webinar["id"])
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "webinar_participants.csv",
        "webinar_polls.jsonl",
        "webinar_qa.jsonl",
        "webinar_registrants.csv",
    ]

    participants = list(csv.DictReader(io.StringIO((folder / "webinar_participants.csv").read_text())))
    assert {p["user_email"] for p in participants} == {p["user_email"] for p in webinar["_participants"]}
    registrants = list(csv.DictReader(io.StringIO((folder / "webinar_registrants.csv").read_text())))
    assert len(registrants) == len(zoom.state.webinar_registrants[webinar["id"]])
    polls = [json.loads(line) for line in (folder / "webinar_polls.jsonl").read_text().splitlines()]
    assert polls[0]["question_details"][0]["answer"] == "Yes"
    qa = [json.loads(line) for line in (folder / "webinar_qa.jsonl").read_text().splitlines()]
    assert qa[0]["question_details"][0]["question"] == "Pricing?"
