"""Sphinx configuration: the API reference, generated from the package's own docstrings.

``make docs`` builds it with warnings as errors. The module pages are written at build time from
``get_provider_info()``, so every hook, operator, sensor, trigger and transfer Airflow is told about
is documented, and a new module appears without editing the docs.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from airflow_provider_zoom import __version__, get_provider_info  # noqa: E402

project = "airflow-provider-zoom"
author = "airflow-provider-zoom developers"
copyright = "airflow-provider-zoom developers"
version = release = __version__

# napoleon reads the Google-style "Attributes:" sections next to the :param: lines.
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon"]
exclude_patterns = ["_build", "*.md"]
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "signature"
html_theme = "alabaster"
html_static_path: list[str] = []

GENERATED = DOCS / "_generated"


def _sections() -> dict[str, list[str]]:
    info = get_provider_info()

    def modules(key: str) -> list[str]:
        return [m for entry in info.get(key, []) for m in entry["python-modules"]]

    return {
        "hooks": modules("hooks"),
        "operators": modules("operators"),
        "sensors": modules("sensors"),
        "triggers": modules("triggers"),
        "transfers": [t["python-module"] for t in info.get("transfers", [])],
        "notifications": sorted({n.rpartition(".")[0] for n in info.get("notifications", [])}),
        "links": sorted({n.rpartition(".")[0] for n in info.get("extra-links", [])}),
        "webhooks": sorted({p["plugin-class"].rpartition(".")[0] for p in info.get("plugins", [])})
        + ["airflow_provider_zoom.webhooks.assets"],
        "errors": ["airflow_provider_zoom.exceptions"],
        "testing": ["airflow_provider_zoom.testing"],
    }


def _write(path: Path, text: str) -> None:
    # Rewrite only on change so Sphinx's incremental build stays incremental.
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def _generate_reference() -> None:
    GENERATED.mkdir(exist_ok=True)
    for section, names in _sections().items():
        lines = [section.capitalize(), "=" * len(section), "", ".. toctree::", "   :maxdepth: 1", ""]
        for name in names:
            lines.append(f"   {name}")
            title = f"``{name}``"
            _write(
                GENERATED / f"{name}.rst",
                f"{title}\n{'=' * len(title)}\n\n.. automodule:: {name}\n",
            )
        _write(GENERATED / f"{section}.rst", "\n".join(lines) + "\n")


_generate_reference()
