"""Replies as a task may return them: without Zoom's credential fields unless asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from airflow_provider_zoom._contract.facts import SECRET_REPLY_FIELDS


def scrub_reply(
    value: Any,
    *,
    keep: Iterable[str] = (),
    mask: Callable[[str], None] | None = None,
) -> Any:
    """
    A reply without its credential fields (:data:`~airflow_provider_zoom._contract.facts.SECRET_REPLY_FIELDS`)
    at any depth, except those in ``keep``; every credential found is passed to ``mask``.

    What a task returns goes to XCom, which any user who can see the task may read: a field leaves
    only when the task was asked for it.
    """
    kept = frozenset(keep)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, item in node.items():
                if key in SECRET_REPLY_FIELDS:
                    if mask is not None and isinstance(item, str) and item:
                        mask(item)
                    if key not in kept:
                        continue
                out[key] = walk(item)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(value)


__all__ = ["scrub_reply"]
