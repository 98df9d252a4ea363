from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "example_dags" / "zoom_event_driven_archive.py"


def _transfer_available() -> bool:
    try:
        return find_spec("airflow_provider_zoom.transfers.recordings") is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.skipif(not _transfer_available(), reason="the recordings transfer is not installed")
def test_example_dag_is_scheduled_on_the_recording_asset(monkeypatch):
    from airflow_provider_zoom.version_compat import DagBag

    monkeypatch.setenv("ZOOM_ACCOUNT_ID", "acct-42")
    bag = DagBag(dag_folder=str(EXAMPLE))
    assert bag.import_errors == {}
    dag = bag.dags["zoom_event_driven_archive"]
    [asset] = dag.timetable.asset_condition.objects
    assert asset.uri == "zoom://acct-42/recording.completed"
    assert set(dag.task_ids) == {"meetings_to_archive", "archive_recordings"}
