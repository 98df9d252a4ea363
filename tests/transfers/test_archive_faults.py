"""A small run of the fault script: the archive under each download fault, and killed mid-download.

``benchmarks/archive_faults.py`` (``make faults``) runs the same checks many times each.
"""

from __future__ import annotations

import pytest

from tests.harness.faults import FAULTS, run_fault

# The runs list the day their meetings started: rerun under the pinned clocks (just after midnight too).
pytestmark = pytest.mark.clock

#: Faults a correct archive gets through whatever the draws: every file ends up archived, or (when
#: the world changes under the run) the archive does what it must. (Under the others a file may
#: fail once its retries or its one restart are used up.)
ALWAYS_ARCHIVED = (
    "none",
    "stall",
    "crash_rerun",
    "file_added",
    "shared_name",
    "long_names",
    "complete_fails",
    "archive_file_added",
    "archive_store_fails",
)


@pytest.fixture(scope="module")
def emulator():
    from airflow_provider_zoom.testing import ZoomEmulator

    # Files over one 1 MiB write, so a cut stream resumes with a Range request.
    with ZoomEmulator(recording_size=5 * 512 * 1024, seed=7, users=2, meetings_per_user=2) as zoom:
        yield zoom


@pytest.fixture
def zoom(emulator, monkeypatch):
    for key, value in emulator.connection_env().items():
        monkeypatch.setenv(key, value)
    yield emulator
    emulator.state.reset()


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("seed", [0, 1])
def test_nothing_lost_partial_wrong_unverified_or_open(zoom, tmp_path, fault, seed):
    result = run_fault(zoom, fault, tmp_path, seed=seed, crashes=1)
    counts = (
        result.partial_files,
        result.wrong_bytes,
        result.deleted_unverified,
        result.files_lost,
        result.open_uploads,
    )
    assert counts == (0, 0, 0, 0, 0)
    if fault in ALWAYS_ARCHIVED:
        assert result.ok
    if fault == "crash_rerun":
        assert result.crash_litter > 0  # the kill did leave temporary files, and the rerun removed them
