"""
Print figures about how the package is laid out: lines per layer, the biggest files, and how many
times the operator layer writes each operator argument.

    .venv/bin/python tools/house_figures.py [--root DIR]

"Writes" counts, inside an operator class's source, every place an argument's name appears: a
parameter, an assignment, a ``template_fields`` entry, a keyword in the hook call, a ``:param``
line. An operator declared as one hook method (``hook_method = ...``) writes none of the hook's.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import pkgutil
import re
import statistics
import sys
from pathlib import Path


def lines_per_layer(package: Path) -> dict[str, int]:
    layers: dict[str, int] = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        layer = rel.parts[0] if len(rel.parts) > 1 else "(top level)"
        layers[layer] = layers.get(layer, 0) + len(path.read_text().splitlines())
    return layers


def biggest(package: Path, count: int = 5) -> list[tuple[int, str]]:
    sizes = [
        (len(p.read_text().splitlines()), str(p.relative_to(package.parent))) for p in package.rglob("*.py")
    ]
    return sorted(sizes, reverse=True)[:count]


def operator_writes(root: Path) -> tuple[int, list[int], int]:
    """(operator classes, writes per argument, classes declared as one hook method)."""
    sys.path.insert(0, str(root))
    from airflow.sdk import BaseOperator

    operators = importlib.import_module("airflow_provider_zoom.operators")
    base = importlib.import_module("airflow_provider_zoom.operators.base")
    shared = {
        name
        for klass in (base.ZoomBaseOperator, getattr(base, "ZoomListOperator", base.ZoomBaseOperator))
        for name in inspect.signature(klass.__dict__["__init__"]).parameters
    }
    classes, writes, thin = 0, [], 0
    for info in pkgutil.iter_modules(operators.__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{operators.__name__}.{info.name}")
        source = inspect.getsource(module)
        tree = ast.parse(source)
        nodes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(cls, BaseOperator) and cls.__module__ == module.__name__ and name in nodes):
                continue
            classes += 1
            thin += bool(getattr(cls, "hook_method", None) and "hook_method" in vars(cls))
            segment = ast.get_source_segment(source, nodes[name]) or ""
            params = [p for p in inspect.signature(cls).parameters if p not in shared | {"self", "kwargs"}]
            for param in params:
                writes.append(len(re.findall(rf"(?<![\w.]){re.escape(param)}\b", segment)))
    return classes, writes, thin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    package = args.root / "airflow_provider_zoom"
    layers = lines_per_layer(package)
    print("lines per layer:")
    for layer, count in sorted(layers.items(), key=lambda kv: -kv[1]):
        print(f"  {layer:<16} {count:>6}")
    print(f"  {'total':<16} {sum(layers.values()):>6}")
    print("biggest files:")
    for count, path in biggest(package):
        print(f"  {count:>6}  {path}")
    classes, writes, thin = operator_writes(args.root)
    print(f"operators: {classes}, declared as one hook method: {thin}")
    if writes:
        print(
            f"operator-layer writes per argument: mean {statistics.mean(writes):.1f}, "
            f"median {statistics.median(writes)}, max {max(writes)}, "
            f"none for {writes.count(0)} of {len(writes)}"
        )


if __name__ == "__main__":
    main()
