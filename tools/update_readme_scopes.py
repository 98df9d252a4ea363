#!/usr/bin/env python3
"""Rewrite the README's scope table from the facts file (``--check``: exit 1 when it differs)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
START, END = "<!-- scope-table:start (tools/update_readme_scopes.py) -->", "<!-- scope-table:end -->"


def rendered(text: str) -> str:
    sys.path.insert(0, str(REPO))
    from airflow_provider_zoom._contract.scopes import scope_table

    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{scope_table()}{END}{tail}"


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md has no {START} ... {END} section")
        return 1
    new = rendered(text)
    if "--check" in argv:
        if new != text:
            print("README.md's scope table differs from the facts; run tools/update_readme_scopes.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
