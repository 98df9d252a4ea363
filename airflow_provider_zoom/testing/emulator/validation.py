"""Checks of each ``/v2`` request against the facts distilled from Zoom's API reference.

A value of the wrong type, outside its enum or bounds, longer than its maximum length, or a required
field left out is answered as Zoom does: 400 ``{"code": 300, "message": "Validation Failed.",
"errors": [{"field": ..., "message": ...}]}`` naming the field as Zoom does (``page_size``,
``settings.approval_type``, ``panelists[1].email``).

A query parameter or body field that Zoom's reference does not list is ignored, as Zoom ignores it
(clients repeat path ids as query or body fields), and recorded: the emulator's request log says
which names each request carried (``ZoomEmulator.unknown_names()``), so a test suite can insist on
none. With ``strict=True`` such names are refused with code 300 instead. Requests to paths that are
not in the facts (emulator routes the provider never calls) are not checked.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom.testing.emulator.errors import ZoomError


class Verdict(NamedTuple):
    """What the facts say of one request: the refusals, and the names Zoom would ignore."""

    problems: list[dict[str, str]]
    unknown: list[str]


def judge(
    method: str, raw_path: str, query: list[tuple[str, str]], body: Any, *, strict: bool = False
) -> Verdict:
    """Zoom-style ``[{"field", "message"}]`` refusals and the unknown names of one request.

    :param raw_path: the path after ``/v2`` as sent, ids still encoded.
    :param query: the query string's pairs, in order (a repeated name gives a list).
    :param body: the parsed JSON body, or None.
    :param strict: refuse unknown names too (Zoom ignores them).
    """
    found = facts.match(method, raw_path)
    if found is None or not found[0].described:
        return Verdict([], [])
    params: dict[str, str | list[str]] = {}
    for name, value in query:
        previous = params.get(name)
        params[name] = value if previous is None else [*_as_list(previous), value]
    refused: list[dict[str, str]] = []
    unknown: list[str] = []
    for problem in facts.check_request(method, raw_path, params, body):
        if problem.field.startswith("path."):
            continue  # a badly encoded path id is routed (and refused) by the routes themselves
        if problem.unknown:
            unknown.append(problem.field)
            if not strict:
                continue
        refused.append({"field": _zoom_field(problem.field), "message": problem.message})
    return Verdict(refused, unknown)


def request_problems(
    method: str, raw_path: str, query: list[tuple[str, str]], body: Any, *, strict: bool = False
) -> list[dict[str, str]]:
    """The refusals of :func:`judge` alone; empty when Zoom would answer the request."""
    return judge(method, raw_path, query, body, strict=strict).problems


def check_request(
    method: str, raw_path: str, query: list[tuple[str, str]], body: Any, *, strict: bool = False
) -> list[str]:
    """
    Raise Zoom's code 300 ``ZoomError`` naming every field of the request that Zoom would refuse.

    :returns: the names Zoom ignores (``query.id``, ``body.user_id``), for the request log.
    """
    verdict = judge(method, raw_path, query, body, strict=strict)
    if verdict.problems:
        raise ZoomError(400, 300, "Validation Failed.", errors=verdict.problems)
    return verdict.unknown


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _zoom_field(dotted: str) -> str:
    """Zoom names a query parameter or body field without saying where it was."""
    for prefix in ("query.", "body."):
        if dotted.startswith(prefix):
            return dotted[len(prefix) :]
    return dotted
