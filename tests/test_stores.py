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
