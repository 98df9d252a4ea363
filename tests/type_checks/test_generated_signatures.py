"""The operator signatures type checkers read are the ones the hook methods give at run time."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "tools" / "generate_operators.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


TOOL = _tool()


@pytest.mark.parametrize("path", TOOL.modules(), ids=lambda p: p.name)
def test_the_committed_operator_module_is_what_the_generator_writes(path: Path) -> None:
    assert TOOL.render(path) == path.read_text(), f"rerun: python tools/generate_operators.py ({path.name})"


def test_a_changed_hook_signature_makes_the_committed_source_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    from airflow_provider_zoom.operators.meetings import ZoomGetMeetingOperator

    real = inspect.signature(ZoomGetMeetingOperator.__init__)
    changed = real.replace(
        parameters=[
            p.replace(annotation="str") if p.name == "meeting_id" else p for p in real.parameters.values()
        ]
    )
    monkeypatch.setattr(ZoomGetMeetingOperator.__init__, "__signature__", changed)
    path = ROOT / "airflow_provider_zoom" / "operators" / "meetings.py"
    rendered = TOOL.render(path)
    assert rendered != path.read_text()
    assert "meeting_id: str\n" in rendered
