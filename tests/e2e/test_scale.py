"""
The scale scenario at a small size on a real deployment: Postgres, api-server, scheduler,
dag-processor, triggerer and the LocalExecutor, with the archive DAG mapped over 20 meetings and the
deferrable sensor DAG at the same time (``make scale`` runs it big).

It needs the Postgres server binaries (``initdb``, ``pg_ctl``); without them it fails, naming them,
rather than skipping: a skipped end-to-end test would hide that the deployment path is untested.
"""

from __future__ import annotations

from collections import Counter

import pytest

TASKS = 20


@pytest.mark.e2e
@pytest.mark.timeout(420)
def test_local_executor_on_postgres_archives_every_file_and_defers_the_sensor(tmp_path):
    from tests.harness.deployment import find_postgres_bin
    from tests.harness.scale import run_scale

    find_postgres_bin()  # raises DeploymentError naming the missing binaries
    result = run_scale(TASKS, executor="LocalExecutor", root=tmp_path, recording_size=16 * 1024, timeout=300)
    report = result.report()

    assert result.archive_state == "success", report
    # list_recorded_meetings, every mapped archive task and summarize.
    assert result.task_states == Counter({"success": TASKS + 2}), report
    assert result.files_expected == TASKS * 6 and result.files_verified == result.files_expected, report
    assert result.sensor_state == "success", report
    assert result.sensor_task_states == Counter(
        {"meeting_ended=success": 1, "recording_ready=success": 1, "summarise=success": 1}
    )
    assert result.sensor_deferred, result.extra["triggerer_log"]
    # Small XComs: counts and a manifest path per mapped task, totals and paths in summarize.
    assert result.xcom_sizes["archive_meeting"] < 600, report
    assert result.xcom_sizes["summarize"] < 300 + 250 * TASKS, report
    # Each task process fetches its own token; the emulator saw no token for anything but us.
    assert TASKS <= result.tokens_issued <= 2 * TASKS + 10, report
    assert result.requests["Light"] >= TASKS and result.requests["Medium"] >= 1
