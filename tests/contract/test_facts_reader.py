"""The facts reader parses schemas on demand, and reads exactly what a full parse of the file holds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from airflow_provider_zoom._contract import facts

SCHEMAS = ("path_params", "query", "body", "response")


def _clear() -> None:
    for cached in (facts._index, facts._schema, facts.endpoints, facts._by_shape):
        cached.cache_clear()


@pytest.fixture
def facts_file(monkeypatch, tmp_path):
    """Point the reader at another copy of the facts; the committed file is read again afterwards."""

    def use(text: str) -> None:
        path = tmp_path / "zoom_api.json"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setattr(facts, "FACTS_FILE", path)
        _clear()

    yield use
    monkeypatch.undo()
    _clear()


def _as_read() -> dict[str, dict]:
    """Every endpoint as the reader gives it: its small members and its schemas."""
    out = {}
    for key, endpoint in facts.endpoints().items():
        out[key] = {
            "method": endpoint.method,
            "path": endpoint.path,
            "source": endpoint.source,
            "operation": endpoint.operation,
            "items_key": endpoint.items_key,
            **{name: getattr(endpoint, name) for name in SCHEMAS},
        }
    return out


def _as_parsed(raw: dict) -> dict[str, dict]:
    fields = ("method", "path", "source", "operation", "items_key", *SCHEMAS)
    return {key: {f: spec.get(f) for f in fields} for key, spec in raw["endpoints"].items()}


def test_the_reader_gives_what_a_full_parse_gives():
    raw = json.loads(facts.FACTS_FILE.read_text(encoding="utf-8"))
    assert _as_read() == _as_parsed(raw)
    for key, spec in raw["endpoints"].items():
        small = {k: v for k, v in spec.items() if k not in SCHEMAS}
        assert facts._index().members[key] == small, key


def test_a_schema_is_parsed_once():
    update = facts.endpoint("PATCH", "/meetings/{meetingId}")
    assert update.body is update.body
    assert update.field("body.settings") is update.body["properties"]["settings"]


@pytest.mark.parametrize(
    "render",
    [
        pytest.param(lambda raw: json.dumps(raw), id="compact"),
        pytest.param(lambda raw: json.dumps(raw, indent=2), id="indent-2"),
        pytest.param(
            lambda raw: json.dumps({**raw, "notes": {"a": {"b": 1}}}, indent=1), id="endpoints-not-last"
        ),
        pytest.param(
            lambda raw: json.dumps({"nested": {"a": {"b": {"c": 1}}}, **raw}, indent=1), id="nested-header"
        ),
    ],
)
def test_facts_in_another_layout_read_the_same(facts_file, render):
    raw = json.loads(facts.FACTS_FILE.read_text(encoding="utf-8"))
    facts_file(render(raw))
    assert _as_read() == _as_parsed(raw)


def test_importing_the_hook_parses_a_fraction_of_the_facts():
    # The hook's resources and the validation package read facts at import; the reply schemas,
    # most of the file, stay unparsed.
    code = (
        "import json, airflow.sdk, airflow.configuration\n"
        "parsed = []\n"
        "real = json.loads\n"
        "def counting(text, *args, **kwargs):\n"
        "    parsed.append(len(text))\n"
        "    return real(text, *args, **kwargs)\n"
        "json.loads = counting\n"
        "import airflow_provider_zoom.hooks.zoom\n"
        "from airflow_provider_zoom._contract import facts\n"
        "print('parsed', sum(parsed), facts.FACTS_FILE.stat().st_size)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("parsed "))
    parsed, size = map(int, line.split()[1:])
    assert 0 < parsed < size / 3, (parsed, size)
