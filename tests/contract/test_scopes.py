"""Scope hints and the README's scope table come from the facts file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._contract.scopes import (
    DEFAULT_SCOPE_REQUIREMENTS,
    SCOPE_FAMILIES,
    scope_report,
    scope_table,
)

REPO = Path(__file__).resolve().parents[2]


def test_every_endpoint_belongs_to_a_family():
    listed = [key for keys in SCOPE_FAMILIES.values() for key in keys]
    assert set(listed) == set(facts.endpoints())


def test_requirements_are_the_facts_scopes():
    for family, keys in SCOPE_FAMILIES.items():
        for key in keys:
            endpoint = facts.endpoints()[key]
            granular = [s for s in endpoint.granular_scopes if s.endswith(":admin")]
            wanted = endpoint.scope_alternatives()
            assert wanted in DEFAULT_SCOPE_REQUIREMENTS[family], (family, key)
            assert not granular or wanted.endswith(granular[0])


def test_a_token_with_the_facts_scopes_covers_every_family():
    granted = {s.split("|")[-1] for scopes in DEFAULT_SCOPE_REQUIREMENTS.values() for s in scopes}
    assert scope_report(None, granted)["missing"] == {}
    report = scope_report(None, granted - {"meeting:update:status:admin"})
    assert report["missing"] == {"meetings": ["meeting:update:status:admin"]}
    # A classic admin scope covers its family's granular ones.
    assert "meetings" in scope_report(None, ["meeting:read:admin", "meeting:write:admin"])["allowed"]


def test_readme_scope_table_is_generated():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert scope_table() in text
    check = subprocess.run(
        [sys.executable, str(REPO / "tools" / "update_readme_scopes.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
