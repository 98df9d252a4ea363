"""`make demo` end to end: the archive DAG against the emulator, and the table it prints."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from airflow_provider_zoom.transfers.recordings.provenance import is_record_name
from tests.harness import demo

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.e2e
def test_demo_archives_verifies_and_prints_the_table(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    code = demo.main(["--workdir", str(tmp_path / "demo"), "--recording-size", str(256 * 1024)])
    out = capsys.readouterr().out
    assert code == 0, out
    summary = json.loads(out.strip().splitlines()[-1])
    archive = Path(summary["archive"])
    files = [
        p
        for p in archive.rglob("*")
        if p.is_file() and not p.name.startswith(demo.MANIFEST_PREFIX) and not is_record_name(p.name)
    ]
    assert summary["files"] == len(files) > 0
    # Every printed row names a real file with its real size and hash.
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"{path.stat().st_size}  {digest}" in out
    assert "Recordings trashed in the emulator after verification: 0." not in out
