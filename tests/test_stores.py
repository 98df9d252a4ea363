"""The store servers the tests start fail the test, never skip it, when they cannot start."""

from __future__ import annotations

import pytest

from tests import stores


def test_a_missing_azurite_fails_the_test(monkeypatch, tmp_path):
    monkeypatch.setattr(stores, "AZURITE", tmp_path / "azurite-blob")
    with pytest.raises(pytest.fail.Exception, match="Azurite is not installed"), stores.azurite():
        pass


def test_an_azurite_that_exits_fails_the_test_with_its_output(monkeypatch, tmp_path):
    script = tmp_path / "azurite-blob"
    script.write_text("console.log('cannot listen: port taken'); process.exit(1);\n")
    monkeypatch.setattr(stores, "AZURITE", script)
    with pytest.raises(pytest.fail.Exception, match="port taken"), stores.azurite():
        pass


def test_an_azurite_that_stops_after_its_first_line_is_started_anew(monkeypatch, tmp_path):
    started = tmp_path / "started"
    script = tmp_path / "azurite-blob"
    # The first start prints a line and then nothing; the next one listens.
    script.write_text(
        "const fs = require('fs');\n"
        f"const mark = {str(started)!r};\n"
        "setInterval(() => {}, 1000);\n"
        "if (!fs.existsSync(mark)) { fs.writeFileSync(mark, ''); console.log('starting'); }\n"
        "else { console.log('Azurite Blob service successfully listens on http://127.0.0.1:10000'); }\n"
    )
    monkeypatch.setattr(stores, "AZURITE", script)
    monkeypatch.setattr(stores, "START_TIMEOUT", 3 * stores.AZURITE_TRIES)
    with stores.azurite() as endpoint:
        assert endpoint == f"http://127.0.0.1:10000/{stores.AZURITE_ACCOUNT}"
    assert started.exists()
