"""Strict checks of each ``/v2`` request against the facts distilled from Zoom's API reference.

A query parameter or JSON body field that Zoom's reference does not list, a value of the wrong type,
outside its enum or bounds, or longer than its maximum length is answered as Zoom does: 400
``{"code": 300, "message": "Validation Failed.", "errors": [{"field": ..., "message": ...}]}`` naming
the field as Zoom does (``page_size``, ``settings.approval_type``, ``panelists[1].email``). In lenient
mode unknown names pass, as Zoom mostly lets them; wrong values of known fields are refused either way.
Requests to paths that are not in the facts (emulator extras the provider never calls) are not checked.
"""

from __future__ import annotations

from typing import Any

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom.testing.emulator.errors import ZoomError

# The reader's wording for a name Zoom's reference does not have (as opposed to a bad value).
_UNKNOWN_NAME = ("is not a query parameter", "is not a field of Zoom's reference")


def request_problems(
    method: str, raw_path: str, query: list[tuple[str, str]], body: Any, *, lenient: bool = False
) -> list[dict[str, str]]:
    """Zoom-style ``[{"field", "message"}]`` for one request; empty when it conforms (or is not known).

    :param raw_path: the path after ``/v2`` as sent, ids still encoded.
    :param query: the query string's pairs, in order (a repeated name gives a list).
    :param body: the parsed JSON body, or None.
    """
    found = facts.match(method, raw_path)
    if found is None or not found[0].described:
        return []
    params: dict[str, str | list[str]] = {}
    for name, value in query:
        previous = params.get(name)
        params[name] = value if previous is None else [*_as_list(previous), value]
    problems = facts.check_request(method, raw_path, params, body)
    out = []
    for problem in problems:
        if problem.field.startswith("path.") or lenient and _is_unknown_name(problem):
            continue  # a badly encoded path id is routed (and refused) by the routes themselves
        out.append({"field": _zoom_field(problem.field), "message": problem.message})
    return out


def check_request(
    method: str, raw_path: str, query: list[tuple[str, str]], body: Any, *, lenient: bool = False
) -> None:
    """Raise Zoom's code 300 ``ZoomError`` naming every field of the request that does not conform."""
    problems = request_problems(method, raw_path, query, body, lenient=lenient)
    if problems:
        raise ZoomError(400, 300, "Validation Failed.", errors=problems)


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _is_unknown_name(problem: facts.Problem) -> bool:
    flagged = getattr(problem, "unknown", None)
    if flagged is not None:
        return bool(flagged)
    return any(text in problem.message for text in _UNKNOWN_NAME)


def _zoom_field(dotted: str) -> str:
    """Zoom names a query parameter or body field without saying where it was."""
    for prefix in ("query.", "body."):
        if dotted.startswith(prefix):
            return dotted[len(prefix) :]
    return dotted
