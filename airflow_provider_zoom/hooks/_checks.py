"""
Parse-time checks: a :class:`~airflow_provider_zoom.hooks.zoom.ZoomHook` method's own argument checks,
run with no connection and no request.

An argument is written once, in its hook method, with the checks beside it; the operators run those
same lines when a DAG is parsed by calling the method on :class:`_Planner`, whose transport stops at
the first request the method would send. So a wrong argument fails the DAG's import with the error the
task would raise, and any other error (a bug included) is raised too, never swallowed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NoReturn

from airflow_provider_zoom.hooks._resources.actions import ZoomActions


class PlannedRequest(Exception):
    """The first request a hook method would send: its checks have passed."""

    def __init__(self, method: str, path: str) -> None:
        super().__init__(f"{method} {path}")
        self.method = method
        self.path = path


class _Planner(ZoomActions):
    """The hook's actions over a transport that sends nothing: it reports the first request instead."""

    def _authorized(self, method: str, path: str, **kwargs: Any) -> NoReturn:
        raise PlannedRequest(method.upper(), path)

    def get_token(self, **kwargs: Any) -> NoReturn:
        raise PlannedRequest("POST", "/oauth/token")

    def download(self, url: str, fileobj: Any, **kwargs: Any) -> NoReturn:
        raise PlannedRequest("GET", url)


def plan_request(method: str, **kwargs: Any) -> PlannedRequest | None:
    """
    Run hook method ``method``'s checks on ``kwargs``; return the first request it would send.

    None when the method sends nothing (e.g. an empty list of registrants).

    :raises ZoomConfigError: naming the first argument the method refuses.
    :raises TypeError: for an argument the method does not take.
    """
    try:
        reply = getattr(_Planner(), method)(**kwargs)
        if isinstance(reply, Iterator):
            next(reply, None)
    except PlannedRequest as planned:
        return planned
    return None


def check_arguments(method: str, **kwargs: Any) -> None:
    """
    Check ``kwargs`` as hook method ``method`` does, before any request: what operators call when a
    DAG is parsed, so a wrong argument fails the import naming the same field as the task would.

    :raises ZoomConfigError: naming the first argument the method refuses.
    """
    plan_request(method, **kwargs)
