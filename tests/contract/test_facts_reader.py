"""The facts reader: requests' facts in one file, the reply schemas in another, read only on demand."""

from __future__ import annotations

import json
import subprocess
import sys

from airflow_provider_zoom._contract import facts
from tests.contract.replies import REPLIES_FILE, reply_field, reply_schema

SCHEMAS = ("path_params", "query", "body")


def test_the_reader_gives_what_the_files_hold():
    requests = json.loads(facts.FACTS_FILE.read_text(encoding="utf-8"))["endpoints"]
    replies = json.loads(REPLIES_FILE.read_text(encoding="utf-8"))["endpoints"]
    assert set(requests) == set(facts.endpoints())
    assert set(replies) <= set(requests)
    for key, endpoint in facts.endpoints().items():
        spec = requests[key]
        assert "response" not in spec, key  # replies live in their own file
        assert (endpoint.method, endpoint.path, endpoint.items_key) == (
            spec["method"],
            spec["path"],
            spec.get("items_key"),
        )
        for name in SCHEMAS:
            assert getattr(endpoint, name) == spec.get(name), (key, name)
        assert reply_schema(endpoint) == replies.get(key), key


def test_a_reply_field_is_read_from_the_replies_file():
    recordings = facts.endpoint("GET", "/meetings/{meetingId}/recordings")
    assert reply_schema(recordings) is not None
    assert reply_field(recordings, "response.recording_files")["type"] == "array"


def test_importing_the_hook_never_reads_the_reply_schemas():
    # The hook's resources and the validation package read facts at import; the reply schemas (the
    # bigger file, for the contract tests and the emulator) stay unread.
    code = (
        "import pathlib\n"
        "read = []\n"
        "real = pathlib.Path.read_text\n"
        "def spy(self, *args, **kwargs):\n"
        "    read.append(self.name)\n"
        "    return real(self, *args, **kwargs)\n"
        "pathlib.Path.read_text = spy\n"
        "import airflow_provider_zoom.hooks.zoom\n"
        "print('read', ' '.join(name for name in read if name.startswith('zoom_api')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("read"))
    assert line.split()[1:] == ["zoom_api.json"]
