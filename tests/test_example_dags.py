"""Every example DAG parses, has a docstring naming its scopes, and imports cheaply at parse time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "example_dags"
DAG_FILES = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))


def test_there_are_example_dags():
    names = {p.stem for p in DAG_FILES}
    assert {
        "zoom_recording_archive",
        "zoom_webinar_report_extract",
        "zoom_meeting_automation",
        "zoom_event_driven_archive",
        "zoom_wait_for_recording",
        "zoom_event_filters",
        "zoom_websocket_archive",
    } <= names


@pytest.mark.parametrize("dag_file", DAG_FILES, ids=lambda p: p.stem)
def test_example_dag_parses_without_errors(dag_file):
    from airflow_provider_zoom.version_compat import DagBag

    bag = DagBag(dag_folder=str(dag_file))
    assert not bag.import_errors, bag.import_errors
    assert bag.dags, f"{dag_file.name} defines no DAG"
    for dag in bag.dags.values():
        assert dag.doc_md or (dag_file.read_text().lstrip().startswith('"""')), dag.dag_id


@pytest.mark.parametrize("dag_file", DAG_FILES, ids=lambda p: p.stem)
def test_example_dag_docstring_names_scopes(dag_file):
    head = dag_file.read_text().split('"""')[1]
    assert "scope" in head.lower(), f"{dag_file.name}: the docstring should say which Zoom scopes it needs"


def test_parsing_does_not_import_heavy_backends():
    """DAG files import operators at parse time: storage backends and web frameworks must stay unloaded.

    (boto3 is not checked: Airflow itself loads it to normalise ``Asset`` URIs when the amazon provider
    is installed.)
    """
    code = (
        "import sys, runpy\n"
        "import airflow.sdk\n"
        "loaded_by_airflow = set(sys.modules)\n"  # Airflow 3.0's SDK itself imports fastapi
        f"for f in {[str(p) for p in DAG_FILES]!r}:\n"
        "    runpy.run_path(f)\n"
        "heavy = [m for m in ('s3fs', 'fastapi', 'uvicorn', 'aiobotocore', 'gcsfs') if m in sys.modules\n"
        "         and m not in loaded_by_airflow]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    (line,) = [x for x in result.stdout.splitlines() if x.startswith("HEAVY=")]
    assert line == "HEAVY="
